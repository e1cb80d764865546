// The Library view (#/library): the flights folder's flights, newest first, described from their files (date, site,
// vehicles, duration, distance, highest altitude, posts checked, findings) and filtered by date or site; a damaged
// file is listed with its problems. A row opens the replay.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryFlight, WatchpostApi } from '../../../electron/api';
import { elapsed } from '../fly/fly-format';

export function replayHash(path: string): string {
  return `#/replay?path=${encodeURIComponent(path)}`;
}

export function LibraryView({ api, flightsDir }: { api: WatchpostApi; flightsDir: string }) {
  const { t, i18n } = useTranslation();
  const [flights, setFlights] = useState<LibraryFlight[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [undo, setUndo] = useState<{ trash_path: string; name: string } | null>(null);
  const [importPath, setImportPath] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const remove = async (f: LibraryFlight) => {
    const r = await api.trashFlight(f.path);
    if (!r.ok) return setMessage(r.error);
    setUndo({ trash_path: r.value.trash_path, name: f.name });
    setMessage(null);
    load();
  };
  const restore = async () => {
    if (!undo) return;
    const r = await api.restoreFlight(undo.trash_path, undo.name);
    setMessage(r.ok ? null : r.error);
    setUndo(null);
    load();
  };
  const importOne = async () => {
    const r = await api.importFlight(importPath.trim());
    setMessage(r.ok ? null : r.error);
    if (r.ok) setImportPath('');
    load();
  };
  const load = () => void api.library().then((r) => (r.ok ? setFlights(r.value) : setError(r.error)));
  useEffect(load, [api]);
  const shown = (flights ?? []).filter((f) => {
    const q = filter.trim().toLowerCase();
    return q === '' || [f.started_utc ?? '', f.site_name ?? '', f.name].some((s) => s.toLowerCase().includes(q));
  });
  return (
    <div className="library">
      <div className="row">
        <h2>{t('library.title')}</h2>
        <code className="small">{flightsDir}</code>
        <input data-testid="library-filter" placeholder={t('library.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button data-testid="library-refresh" onClick={load}>{t('library.refresh')}</button>
      </div>
      <form className="row" onSubmit={(e) => { e.preventDefault(); void importOne(); }}>
        <input data-testid="library-import-path" value={importPath} onChange={(e) => setImportPath(e.target.value)} placeholder={t('library.importPath')} spellCheck={false} />
        <button data-testid="library-import" type="submit" disabled={importPath.trim() === ''}>{t('library.import')}</button>
      </form>
      {undo && (
        <div className="banner info" data-testid="library-trashed">
          {t('library.trashed', { name: undo.name })} <button className="link" data-testid="library-undo" onClick={() => void restore()}>{t('library.undo')}</button>
        </div>
      )}
      {message && <div className="error-box" role="alert" data-testid="library-message">{message}</div>}
      {error && <div className="error-box" role="alert">{error}</div>}
      {flights === null && !error && <div className="loading">{t('library.reading')}</div>}
      {flights !== null && flights.length === 0 && <div className="small" data-testid="library-empty">{t('library.empty')}</div>}
      {shown.length > 0 && (
        <table className="library-table">
          <thead>
            <tr>
              <th>{t('library.date')}</th><th>{t('library.site')}</th><th>{t('library.vehicles')}</th><th>{t('library.duration')}</th>
              <th>{t('library.distance')}</th><th>{t('library.maxAlt')}</th><th>{t('library.posts')}</th><th>{t('library.findings')}</th><th>{t('library.file')}</th><th />
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.path} data-testid="library-row" data-path={f.path} className={f.problems.length > 0 ? 'has-problems' : ''} onClick={() => (location.hash = replayHash(f.path))}>
                <td>{f.started_utc ? new Date(f.started_utc).toLocaleString(i18n.language) : '—'}</td>
                <td>{f.site_name ?? '—'}</td>
                <td>{f.vehicles.map((v) => `${v.sysid} ${v.type.toLowerCase()}`).join(', ') || '—'}</td>
                <td className="tabular">{elapsed(f.duration_s)}</td>
                <td className="tabular">{(f.distance_m / 1000).toFixed(2)} {t('library.km')}</td>
                <td className="tabular">{f.max_alt_rel_m === null ? '—' : `${f.max_alt_rel_m.toFixed(0)} ${t('fly.m')}`}</td>
                <td className="tabular">{f.posts_total === null ? '—' : `${f.posts_checked} / ${f.posts_total}`}</td>
                <td className="tabular">{f.findings}</td>
                <td>
                  <a href={replayHash(f.path)}>{f.name}</a>
                  {f.problems.map((p, i) => <div key={i} className="small warn-text">{p}</div>)}
                </td>
                <td><button data-testid="library-delete" title={t('library.delete')} onClick={(e) => { e.stopPropagation(); void remove(f); }}>{t('library.delete')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
