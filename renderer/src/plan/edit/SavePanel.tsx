// Saving the plan being edited: the site (`*.site.geojson`) and the patrol (`*.patrol.json`, naming its site) to the
// paths typed (the files opened, at first), and the mission as `.plan` (the patrol inside) or `.waypoints` beside
// them. A file other than the one opened is never replaced without a second click; a download is there too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchpostApi } from '../../../../electron/api';
import type { PlanDoc } from '../../../../patrol/edit/plan-edit';
import { writePatrol } from '../../../../patrol/patrol/read-patrol';
import { writeSiteText } from '../../../../patrol/site/write-site';
import { download, exportFile, type ExportFormat } from '../export';
import { planKml } from '../../../../patrol/formats/plan-kml';
import type { PlanModel } from '../plan-model';

export interface PlanPaths {
  site: string;
  patrol: string;
}

const dirOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '');
const baseOf = (p: string) => p.split(/[\\/]/).pop() ?? p;
/** The patrol names its site by file name when both are in one folder, else by the whole path. */
export function siteRef(paths: PlanPaths): string {
  return dirOf(paths.site) === dirOf(paths.patrol) ? baseOf(paths.site) : paths.site;
}

export function SavePanel({ api, doc, model, paths, opened, desktop, onSaved, onClose }: {
  api: WatchpostApi; doc: PlanDoc; model: PlanModel; paths: PlanPaths; opened: PlanPaths; desktop: boolean; onSaved: (paths: PlanPaths) => void; onClose: () => void;
}) {
  const { t } = useTranslation();
  const [site, setSite] = useState(paths.site);
  const [patrol, setPatrol] = useState(paths.patrol);
  const [replace, setReplace] = useState<string | null>(null);
  /** The ground's altitude at home (metres above sea level): the KML's altitudes are absolute. */
  const [homeAmsl, setHomeAmsl] = useState('0');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Desktop: the system's save dialog fills a path (browser mode: type it).
  const choose = async (current: string, set: (p: string) => void) => {
    const r = await api.chooseSavePath(current);
    if (!r.ok) return setMessage({ ok: false, text: r.error });
    if (r.value) set(r.value);
  };
  const save = async (overwrite: boolean) => {
    const p = { site: site.trim(), patrol: patrol.trim() };
    const files: Array<[string, string]> = [[p.site, writeSiteText(doc.site)], [p.patrol, writePatrol({ ...doc.patrol, site: siteRef(p) })]];
    for (const [path, text] of files) {
      const r = await api.savePlanFile(path, text, { overwrite: overwrite || path === opened.site || path === opened.patrol });
      if (!r.ok) {
        if (/exists; save again/.test(r.error)) setReplace(path);
        return setMessage({ ok: false, text: r.error });
      }
    }
    setReplace(null);
    setMessage({ ok: true, text: t('edit.saved', { site: p.site, patrol: p.patrol }) });
    onSaved(p);
  };
  const exportTo = async (format: ExportFormat, overwrite = false) => {
    const f = exportFile(model, patrol.trim().replace(/(\.patrol)?\.json$/i, ''), format, site.trim());
    if (!f) return setMessage({ ok: false, text: t('plan.cannotPlan') });
    const r = await api.savePlanFile(f.name, f.text, { overwrite });
    setMessage(r.ok ? { ok: true, text: t('edit.exported', { path: r.value.path }) } : { ok: false, text: r.error });
  };
  const exportKml = async () => {
    const amsl = Number(homeAmsl);
    if (homeAmsl.trim() === '' || !Number.isFinite(amsl)) return setMessage({ ok: false, text: t('edit.homeAmslBad', { value: homeAmsl }) });
    const path = `${patrol.trim().replace(/(\.patrol)?\.json$/i, '')}.kml`;
    try {
      const text = planKml(doc.site, model.report?.path ?? [], { home_amsl_m: amsl, name: doc.site.name });
      const r = await api.savePlanFile(path, text, { overwrite: true });
      setMessage(r.ok ? { ok: true, text: t('edit.exported', { path: r.value.path }) } : { ok: false, text: r.error });
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <section className="card save-panel" data-testid="save-panel">
      <h2>{t('edit.saveTitle')}</h2>
      <label className="field wide"><span>{t('edit.sitePath')}</span><input data-testid="save-site-path" value={site} onChange={(e) => setSite(e.target.value)} spellCheck={false} /></label>
      {desktop && <button data-testid="save-site-choose" onClick={() => void choose(site, setSite)}>{t('edit.choose')}</button>}
      <label className="field wide"><span>{t('edit.patrolPath')}</span><input data-testid="save-patrol-path" value={patrol} onChange={(e) => setPatrol(e.target.value)} spellCheck={false} /></label>
      {desktop && <button data-testid="save-patrol-choose" onClick={() => void choose(patrol, setPatrol)}>{t('edit.choose')}</button>}
      <label className="field"><span>{t('edit.homeAmsl')}</span><input data-testid="save-home-amsl" type="number" value={homeAmsl} onChange={(e) => setHomeAmsl(e.target.value)} /><span className="unit">{t('fly.m')}</span></label>
      <div className="buttons-row">
        <button data-testid="save-confirm" className="primary" onClick={() => void save(false)}>{t('edit.saveBoth')}</button>
        {replace && <button data-testid="save-replace" className="danger" onClick={() => void save(true)}>{t('edit.replace', { name: baseOf(replace) })}</button>}
        <button data-testid="save-export-plan" onClick={() => void exportTo('plan', true)}>{t('plan.exportPlan')}</button>
        <button data-testid="save-export-waypoints" onClick={() => void exportTo('waypoints', true)}>{t('plan.exportWaypoints')}</button>
        <button data-testid="save-export-kml" onClick={() => void exportKml()}>{t('edit.exportKml')}</button>
        <button data-testid="save-download" onClick={() => { download(baseOf(site) || 'site.site.geojson', writeSiteText(doc.site)); download(baseOf(patrol) || 'patrol.patrol.json', writePatrol({ ...doc.patrol, site: baseOf(site) })); }}>{t('edit.download')}</button>
        <button onClick={onClose}>{t('edit.close')}</button>
      </div>
      {message && <div className={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'} data-testid="save-message">{message.text}</div>}
    </section>
  );
}
