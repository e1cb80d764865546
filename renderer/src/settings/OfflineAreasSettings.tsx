// Settings: offline areas. The open site's bounds (or a typed S,W,N,E box) at chosen zooms: estimated first (tiles
// and megabytes), then downloaded politely by the Node side with a progress bar, pause/resume, retry of the tiles
// that failed, and export as MBTiles to carry to another laptop. Downloads go on after a restart.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, OfflineAreaRequest, OfflineAreaStatus, OfflineEstimate, WatchpostApi, Workspace } from '../../../electron/api';
import { allLayers, NO_LAYER } from '../../../patrol/maps/providers';
import { parseBBox, type BBox } from '../../../patrol/maps/tile-math';
import { readSite } from '../../../patrol/site/read-site';
import { siteBBox } from '../../../patrol/maps/site-bbox';
import { mb } from './TileCacheSettings';
import { layerName } from './layer-name';
import { AreaBoxMap } from './AreaBoxMap';

function useAreas(api: WatchpostApi): [OfflineAreaStatus[], (a: OfflineAreaStatus[]) => void] {
  const [areas, setAreas] = useState<OfflineAreaStatus[]>([]);
  useEffect(() => {
    void api.tileStatus().then((r) => r.ok && setAreas(r.value.areas));
    return api.on('offlineProgress', (a) => setAreas((list) => (list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a])));
  }, [api]);
  return [areas, setAreas];
}

export function OfflineAreasSettings({ api, info, workspace }: { api: WatchpostApi; info: AppInfo; workspace: Workspace | null }) {
  const { t } = useTranslation();
  const [areas, setAreas] = useAreas(api);
  const site = useMemo(() => {
    if (!workspace) return null;
    try {
      const s = readSite(workspace.site.text, workspace.site.name).site;
      const bbox = siteBBox(s);
      return bbox ? { name: s.name, bbox } : null;
    } catch {
      return null; // the Plan view shows the site's problem; here there is just no site box to offer
    }
  }, [workspace]);
  const layers = allLayers(info.settings.custom_layers);
  const [source, setSource] = useState<'site' | 'bbox'>(site ? 'site' : 'bbox');
  const [bboxText, setBboxText] = useState('');
  const [layer, setLayer] = useState(info.settings.base_layer === NO_LAYER ? 'osm' : info.settings.base_layer);
  const [zMin, setZMin] = useState(15);
  const [zMax, setZMax] = useState(18);
  const [estimate, setEstimate] = useState<OfflineEstimate | null>(null);
  const drawn = useMemo(() => {
    const b = parseBBox(bboxText);
    return b.ok ? b.bbox : null;
  }, [bboxText]);
  const [error, setError] = useState<string | null>(null);
  const [exportPath, setExportPath] = useState<Record<string, string>>({});
  const [exported, setExported] = useState<Record<string, string>>({});
  const request = (): OfflineAreaRequest | null => {
    let bbox: BBox | null = null;
    let name = '';
    if (source === 'site' && site) {
      bbox = site.bbox;
      name = site.name;
    } else {
      const b = parseBBox(bboxText);
      if (!b.ok) {
        setError(b.error);
        return null;
      }
      bbox = b.bbox;
      name = bboxText.trim();
    }
    return { name, layer, bbox, zoom_min: Math.min(zMin, zMax), zoom_max: Math.max(zMin, zMax) };
  };
  const runEstimate = async () => {
    const req = request();
    if (!req) return;
    const r = await api.estimateOfflineArea(req);
    if (r.ok) {
      setEstimate(r.value);
      setError(null);
    } else setError(r.error);
  };
  const start = async () => {
    const req = request();
    if (!req) return;
    const r = await api.startOfflineArea(req);
    if (r.ok) {
      setAreas([...areas.filter((a) => a.id !== r.value.id), r.value]);
      setError(null);
    } else setError(r.error);
  };
  const act = async (id: string, action: 'pause' | 'resume' | 'retry' | 'remove') => {
    const r = await api.offlineAreaAction(id, action);
    if (r.ok) setAreas(r.value);
    else setError(r.error);
  };
  const exportArea = async (a: OfflineAreaStatus) => {
    let path = exportPath[a.id]?.trim() ?? '';
    if (info.mode === 'desktop' && path === '') {
      const chosen = await api.chooseSavePath(`${a.name.replace(/[^\w.-]+/g, '_')}.mbtiles`);
      if (!chosen.ok || chosen.value === null) return;
      path = chosen.value;
    }
    const r = await api.exportOfflineArea(a.id, path, { overwrite: false });
    setError(r.ok ? null : r.error);
    if (r.ok) setExported({ ...exported, [a.id]: t('settings.exported', { count: r.value.tiles, path: r.value.path }) });
  };
  const zooms = Array.from({ length: 21 }, (_, i) => i + 1);
  return (
    <section className="card">
      <h2>{t('settings.offlineAreas')}</h2>
      <div className="row">
        <label><input type="radio" name="area-source" data-testid="offline-source-site" disabled={!site} checked={source === 'site'} onChange={() => setSource('site')} /> {t('settings.areaSite', { name: site?.name ?? '—' })}</label>
        <label><input type="radio" name="area-source" data-testid="offline-source-bbox" checked={source === 'bbox'} onChange={() => setSource('bbox')} /> {t('settings.areaBox')}</label>
        <input data-testid="offline-bbox" placeholder="S,W,N,E" value={bboxText} onChange={(e) => { setBboxText(e.target.value); setSource('bbox'); }} />
      </div>
      <AreaBoxMap site={site?.bbox ?? null} box={drawn} onBox={(b) => {
        // Six decimals: about 10 cm, and the box stays readable in the field.
        setBboxText([b.s_deg, b.w_deg, b.n_deg, b.e_deg].map((v) => v.toFixed(6)).join(','));
        setSource('bbox');
      }} />
      <div className="row">
        <select data-testid="offline-layer" value={layer} onChange={(e) => setLayer(e.target.value)}>
          {layers.map((l) => <option key={l.id} value={l.id}>{layerName(l, t)}</option>)}
        </select>
        <label>{t('settings.zooms')} <select data-testid="offline-zoom-min" value={zMin} onChange={(e) => setZMin(Number(e.target.value))}>{zooms.map((z) => <option key={z}>{z}</option>)}</select></label>
        – <select data-testid="offline-zoom-max" value={zMax} onChange={(e) => setZMax(Number(e.target.value))}>{zooms.map((z) => <option key={z}>{z}</option>)}</select>
        <button data-testid="offline-estimate" onClick={() => void runEstimate()}>{t('settings.estimate')}</button>
        <button data-testid="offline-start" onClick={() => void start()}>{t('settings.makeOffline')}</button>
      </div>
      {estimate && (
        <p className="hint" data-testid="offline-estimate-result" data-tiles={estimate.tiles}>
          {t('settings.estimateText', { tiles: estimate.tiles, cached: estimate.cached, mb: mb(estimate.bytes_est) })}
        </p>
      )}
      {error && <p className="error" data-testid="offline-error">{error}</p>}
      <ul className="areas">
        {areas.map((a) => (
          <li key={a.id} data-testid="offline-area" data-state={a.state} data-done={a.done} data-total={a.total} data-failed={a.failed_count}>
            <div className="area-head">
              <b>{a.name}</b> · {a.layer} · z{a.zoom_min}–{a.zoom_max} · <span>{t(`settings.state.${a.state}`)}</span>
              <span className="grow" />
              {a.state === 'running' && <button data-testid="offline-pause" onClick={() => void act(a.id, 'pause')}>{t('settings.pause')}</button>}
              {a.state === 'paused' && <button data-testid="offline-resume" onClick={() => void act(a.id, 'resume')}>{t('settings.resume')}</button>}
              {a.state === 'failed' && <button data-testid="offline-retry" onClick={() => void act(a.id, 'retry')}>{t('settings.retry')}</button>}
              <button className="link" data-testid="offline-remove" onClick={() => void act(a.id, 'remove')}>{t('settings.remove')}</button>
            </div>
            <progress max={a.total} value={a.done} />
            <span className="hint"> {t('settings.areaProgress', { done: a.done, total: a.total, mb: mb(a.bytes), missing: a.missing })}</span>
            {a.failed_count > 0 && (
              <details data-testid="offline-failed">
                <summary>{t('settings.failedTiles', { count: a.failed_count })}</summary>
                <ul>{a.failed.slice(0, 20).map((f) => <li key={`${f.z}/${f.x}/${f.y}`}>{f.z}/{f.x}/{f.y}: {f.error}</li>)}</ul>
              </details>
            )}
            <div className="row">
              {info.mode === 'browser' && <input className="wide" data-testid="offline-export-path" placeholder={t('settings.exportPlaceholder')} value={exportPath[a.id] ?? ''} onChange={(e) => setExportPath({ ...exportPath, [a.id]: e.target.value })} />}
              <button data-testid="offline-export" onClick={() => void exportArea(a)}>{t('settings.export')}</button>
            </div>
            {exported[a.id] && <p className="hint" data-testid="offline-exported">{exported[a.id]}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
