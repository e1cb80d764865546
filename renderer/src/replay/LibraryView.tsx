// The Library view (#/library): the flights folder's flights, newest first, described from their files (date, site,
// vehicles, duration, distance, highest altitude, posts checked, findings), sorted by any column (click its head)
// and filtered by site, by a range of days, or by any text; a damaged file is listed with its problems. A row opens
// the replay.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryFlight, WatchpostApi } from '../../../electron/api';
import { elapsed } from '../fly/fly-format';

export function replayHash(path: string): string {
  return `#/replay?path=${encodeURIComponent(path)}`;
}

type SortKey = 'date' | 'site' | 'duration' | 'distance' | 'alt' | 'posts' | 'findings' | 'file';
/** The table's columns: their heads, and what they sort by (the vehicles column does not sort). */
const COLUMNS: ReadonlyArray<{ head: string; sort: SortKey | null }> = [
  { head: 'library.date', sort: 'date' }, { head: 'library.site', sort: 'site' }, { head: 'library.vehicles', sort: null },
  { head: 'library.duration', sort: 'duration' }, { head: 'library.distance', sort: 'distance' }, { head: 'library.maxAlt', sort: 'alt' },
  { head: 'library.posts', sort: 'posts' }, { head: 'library.findings', sort: 'findings' }, { head: 'library.file', sort: 'file' },
];
/** No site: listed under this in the site filter. */
const NO_SITE = '\u0000none';

/** The value a column sorts by (missing values last whichever the direction: see `compare`). */
function sortValue(f: LibraryFlight, key: SortKey): string | number | null {
  switch (key) {
    case 'date': return f.started_utc ? Date.parse(f.started_utc) : null;
    case 'site': return f.site_name;
    case 'duration': return f.duration_s;
    case 'distance': return f.distance_m;
    case 'alt': return f.max_alt_rel_m;
    case 'posts': return f.posts_total ? (f.posts_checked ?? 0) / f.posts_total : null;
    case 'findings': return f.findings;
    case 'file': return f.name;
  }
}

function compare(a: LibraryFlight, b: LibraryFlight, key: SortKey, dir: 1 | -1): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return (typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number)) * dir;
}

/** The flight's day (local), as an <input type=date> value. */
function dayOf(utc: string): string {
  const d = new Date(utc);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function LibraryView({ api, flightsDir }: { api: WatchpostApi; flightsDir: string }) {
  const { t, i18n } = useTranslation();
  const [flights, setFlights] = useState<LibraryFlight[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [site, setSite] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'date', dir: -1 });
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
  const sites = [...new Set((flights ?? []).map((f) => f.site_name ?? NO_SITE))].sort();
  const shown = (flights ?? []).filter((f) => {
    const q = filter.trim().toLowerCase();
    if (site !== '' && (f.site_name ?? NO_SITE) !== site) return false;
    const day = f.started_utc ? dayOf(f.started_utc) : null;
    if ((from !== '' || to !== '') && (day === null || (from !== '' && day < from) || (to !== '' && day > to))) return false;
    return q === '' || [f.started_utc ?? '', f.site_name ?? '', f.name].some((s) => s.toLowerCase().includes(q));
  }).sort((a, b) => compare(a, b, sort.key, sort.dir) || a.name.localeCompare(b.name));
  const sortBy = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : key === 'date' ? -1 : 1 }));
  return (
    <div className="library">
      <div className="row">
        <h2>{t('library.title')}</h2>
        <code className="small">{flightsDir}</code>
        <input data-testid="library-filter" placeholder={t('library.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <select data-testid="library-site" aria-label={t('library.site')} value={site} onChange={(e) => setSite(e.target.value)}>
          <option value="">{t('library.allSites')}</option>
          {sites.map((s) => <option key={s} value={s}>{s === NO_SITE ? t('library.noSite') : s}</option>)}
        </select>
        <label className="small">{t('library.from')} <input type="date" data-testid="library-from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label className="small">{t('library.to')} <input type="date" data-testid="library-to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
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
      {flights !== null && flights.length > 0 && shown.length === 0 && <div className="small" data-testid="library-none-shown">{t('library.noneShown')}</div>}
      {shown.length > 0 && (
        <table className="library-table">
          <thead>
            <tr>
              {COLUMNS.map(({ head, sort: key }) => key === null ? <th key={head}>{t(head)}</th> : (
                <th key={head} aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="link" data-testid={`library-sort-${key}`} onClick={() => sortBy(key)}>
                    {t(head)}{sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              <th />
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
