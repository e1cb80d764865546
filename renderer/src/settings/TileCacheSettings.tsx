// Settings: the tile cache — each layer's tiles and megabytes against its limit, the limit itself (least recently
// used tiles go first; offline areas' tiles stay), clearing, and importing a folder of z/x/y tiles or an MBTiles
// file carried from another laptop.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch, TileCacheStats, WatchpostApi } from '../../../electron/api';
import { allLayers } from '../../../patrol/maps/providers';
import { layerName } from './layer-name';

export const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

export function TileCacheSettings({ api, settings, save }: { api: WatchpostApi; settings: Settings; save: (p: SettingsPatch) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [caches, setCaches] = useState<TileCacheStats[]>([]);
  const [online, setOnline] = useState<boolean | null>(null);
  const [limit, setLimit] = useState(String(settings.tile_cache_mb));
  const [importPath, setImportPath] = useState('');
  const [importLayer, setImportLayer] = useState(settings.base_layer === 'none' ? 'osm' : settings.base_layer);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = useCallback(async () => {
    const r = await api.tileStatus();
    if (r.ok) {
      setCaches(r.value.caches);
      setOnline(r.value.online);
    }
  }, [api]);
  useEffect(() => {
    void refresh();
    // Downloads fill the cache: its rows follow, at most once a second.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('offlineProgress', () => {
      timer ??= setTimeout(() => {
        timer = null;
        void refresh();
      }, 1000);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, refresh]);
  const clear = async (layer: string | null) => {
    const r = await api.clearTileCache(layer);
    if (r.ok) setCaches(r.value);
    else setMessage({ text: r.error, error: true });
  };
  const runImport = async () => {
    setMessage({ text: t('settings.importing'), error: false });
    const r = await api.importTiles(importPath.trim(), importLayer);
    if (!r.ok) setMessage({ text: r.error, error: true });
    else {
      const extra = r.value.problems.length > 0 ? ` ${t('settings.importProblems', { count: r.value.problems.length })}: ${r.value.problems.slice(0, 3).join('; ')}` : '';
      setMessage({ text: `${t('settings.imported', { count: r.value.imported, layer: r.value.layer })}${extra}`, error: false });
      void refresh();
    }
  };
  return (
    <section className="card">
      <h2>{t('settings.tileCache')}</h2>
      <p className="hint" data-testid="tiles-online" data-online={online === null ? 'unknown' : String(online)}>
        {online === false ? t('settings.offlineNow') : online ? t('settings.onlineNow') : t('settings.onlineUnknown')}
      </p>
      <table className="cache-table">
        <thead><tr><th>{t('settings.layer')}</th><th>{t('settings.tiles')}</th><th>MB</th><th>{t('settings.pinned')}</th><th /></tr></thead>
        <tbody>
          {caches.length === 0 && <tr><td colSpan={5} className="hint">{t('settings.cacheEmpty')}</td></tr>}
          {caches.map((c) => (
            <tr key={c.layer} data-testid={`cache-row-${c.layer}`} data-tiles={c.tiles} data-bytes={c.bytes}>
              <td>{c.layer}</td><td>{c.tiles}</td><td>{mb(c.bytes)} / {mb(c.limit_bytes)}</td><td>{c.pinned_tiles}</td>
              <td><button className="link" onClick={() => void clear(c.layer)}>{t('settings.clear')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="field">
        <span>{t('settings.cacheLimit')}</span>
        <input data-testid="cache-limit-mb" type="number" min={10} value={limit} onChange={(e) => setLimit(e.target.value)} />
        <button data-testid="cache-limit-save" onClick={() => void save({ tile_cache_mb: Number(limit) }).then(() => refresh())}>{t('settings.save')}</button>
      </label>
      <div className="row">
        <button data-testid="cache-clear" className="danger" onClick={() => void clear(null)}>{t('settings.clearAll')}</button>
      </div>
      <h3>{t('settings.import')}</h3>
      <div className="row">
        <input data-testid="tiles-import-path" className="wide" placeholder={t('settings.importPlaceholder')} value={importPath} onChange={(e) => setImportPath(e.target.value)} />
        <select data-testid="tiles-import-layer" value={importLayer} onChange={(e) => setImportLayer(e.target.value)}>
          {allLayers(settings.custom_layers).map((l) => <option key={l.id} value={l.id}>{layerName(l, t)}</option>)}
        </select>
        <button data-testid="tiles-import" disabled={importPath.trim() === ''} onClick={() => void runImport()}>{t('settings.importButton')}</button>
      </div>
      {message && <p className={message.error ? 'error' : 'hint'} data-testid="tiles-message">{message.text}</p>}
    </section>
  );
}
