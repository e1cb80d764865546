// The window: a header (the site, Open…, the demo, the language) over the Plan view, with a banner for the first
// start and for problems met on the way (a damaged settings file, a last site that is gone).
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Language, WatchpostApi, Workspace } from '../../../electron/api';
import { LANGUAGES } from '../../../electron/api';
import { LibraryView, replayHash } from '../replay/LibraryView';
import { LinksBadge } from '../fly/LinksBadge';
import { createLiveSource } from '../source/live-source';
import { OpenDialog } from './OpenDialog';
import { hasUnsaved } from '../plan/edit/unsaved';
import { MapConfigContext, mapConfigOf } from '../map/map-config';

// The views load when first shown (each its own chunk): a page opened on a replay does not parse the planner.
const PlanView = lazy(() => import('../plan/PlanView').then((m) => ({ default: m.PlanView })));
const FlyView = lazy(() => import('../fly/FlyView').then((m) => ({ default: m.FlyView })));
const ReplayView = lazy(() => import('../replay/ReplayView').then((m) => ({ default: m.ReplayView })));
const SettingsView = lazy(() => import('../settings/SettingsView').then((m) => ({ default: m.SettingsView })));

type View = { name: 'plan' | 'fly' | 'library' | 'settings' } | { name: 'replay'; path: string };

/** The view the URL hash names: `#/fly`, `#/library`, `#/replay?path=FLIGHT.tlog`, else the Plan view. */
function viewOfHash(): View {
  const [route, query] = location.hash.split('?');
  if (route === '#/fly') return { name: 'fly' };
  if (route === '#/library') return { name: 'library' };
  if (route === '#/settings') return { name: 'settings' };
  if (route === '#/replay') {
    const path = new URLSearchParams(query ?? '').get('path');
    return path ? { name: 'replay', path } : { name: 'library' };
  }
  return { name: 'plan' };
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

export interface AppProps {
  api: WatchpostApi;
  info: AppInfo;
  onConnectionLost: (cb: (reason: string) => void) => () => void;
}

export function App({ api, info: initialInfo, onConnectionLost }: AppProps) {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState(initialInfo);
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [problems, setProblems] = useState<string[]>(initialInfo.problems);
  const [welcome, setWelcome] = useState(false);
  const [opening, setOpening] = useState(false);
  const [lost, setLost] = useState<string | null>(null);
  const [view, setView] = useState(viewOfHash());
  // The live flight source outlives the Fly view: switching to Plan mid-flight keeps trails, events and missions.
  const live = useMemo(() => createLiveSource(api), [api]);
  useEffect(() => () => live.close(), [live]);
  const [recentLinks, setRecentLinks] = useState(initialInfo.settings.recent_links);
  const mapConfig = useMemo(() => mapConfigOf(info), [info]);

  useEffect(() => {
    const onHash = () => setView(viewOfHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => onConnectionLost(setLost), [onConnectionLost]);
  useEffect(() => {
    let cancelled = false;
    void api.openStartup().then((r) => {
      if (cancelled) return;
      if (!r.ok) setProblems((p) => [...p, r.error]);
      else {
        // The user may have opened something while this was on its way: theirs wins.
        setWorkspace((w) => w ?? r.value);
        setWelcome(r.value.first_start);
        setProblems((p) => [...new Set([...p, ...r.value.problems])]);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [api]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = workspace ? `${t('app.title')} — ${workspace.site.name}` : t('app.title');
  }, [i18n.language, workspace, t]);

  // A new Plan editor for each file the user opens (not for the files it saved itself: it keeps its undo history).
  const [planKey, setPlanKey] = useState(0);
  const [planShown, setPlanShown] = useState(view.name === 'plan');
  useEffect(() => {
    if (view.name === 'plan') setPlanShown(true);
  }, [view.name]);
  const openPath = async (path: string, fromEditor = false): Promise<string | null> => {
    // A recorded flight opens in the replay.
    if (/\.tlog$/i.test(path.trim())) {
      location.hash = replayHash(path.trim());
      return null;
    }
    if (!fromEditor && hasUnsaved() && !window.confirm(t('edit.discardAsk'))) return null;
    const r = await api.openFile(path);
    if (!r.ok) return r.error;
    if (!fromEditor) setPlanKey((k) => k + 1);
    setWorkspace(r.value);
    setWelcome(false);
    const again = await api.appInfo();
    if (again.ok) setInfo(again.value);
    return null;
  };
  const openDemo = async () => {
    if (hasUnsaved() && !window.confirm(t('edit.discardAsk'))) return;
    const r = await api.openDemo();
    setPlanKey((k) => k + 1);
    if (r.ok) setWorkspace(r.value);
    else setProblems((p) => [...p, r.error]);
  };
  const setLanguage = async (lng: Language) => {
    await i18n.changeLanguage(lng);
    const r = await api.updateSettings({ language: lng });
    if (!r.ok) setProblems((p) => [...p, r.error]);
  };

  return (
    <div className="app">
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {workspace && (
          <span className="current" data-testid="current-site">
            {workspace.site.name}
            {workspace.patrol ? ` · ${workspace.patrol.name}` : ''}
            {workspace.demo && <span className="badge">{t('app.demoBadge')}</span>}
          </span>
        )}
        <nav className="views">
          <a href="#/plan" data-testid="nav-plan" className={view.name === 'plan' ? 'active' : ''}>{t('app.plan')}</a>
          <a href="#/fly" data-testid="nav-fly" className={view.name === 'fly' ? 'active' : ''}>{t('app.fly')}</a>
          <a href="#/library" data-testid="nav-library" className={view.name === 'library' || view.name === 'replay' ? 'active' : ''}>{t('app.library')}</a>
          <a href="#/settings" data-testid="nav-settings" className={view.name === 'settings' ? 'active' : ''}>{t('app.settings')}</a>
        </nav>
        <span className="grow" />
        <LinksBadge api={api} />
        <button data-testid="open" onClick={() => setOpening(true)}>{t('app.open')}</button>
        <button data-testid="open-demo" onClick={() => void openDemo()}>{t('app.demo')}</button>
        <label className="lang">
          {t('app.language')}
          <select data-testid="language" aria-label={t('app.language')} value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
        </label>
      </header>
      {lost !== null && (
        <div className="banner error" role="alert" data-testid="connection-lost">
          {t('app.connectionLost')} <button className="link" onClick={() => location.reload()}>{t('app.reload')}</button>
        </div>
      )}
      {welcome && (
        <div className="banner info" data-testid="welcome">
          {t('app.firstStart')} <button className="link" onClick={() => setWelcome(false)}>{t('app.dismiss')}</button>
        </div>
      )}
      {problems.length > 0 && (
        <div className="banner warn" role="alert" data-testid="problems">
          <b>{t('app.problems')}:</b>
          <ul>{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>
          <button className="link" onClick={() => setProblems([])}>{t('app.dismiss')}</button>
        </div>
      )}
      <main className="main">
        <MapConfigContext.Provider value={mapConfig}>
        <Suspense fallback={<div className="loading">{t('app.connecting')}</div>}>
        {/* The library and the replay need no site: they do not wait for the startup workspace. */}
        {/* The Plan editor stays mounted once shown, hidden under the other views: its edits and undo history survive a
            look at the Fly view or the library. */}
        {workspace && planShown && (
          <div className="view-keep" hidden={view.name !== 'plan'}>
            <PlanView key={planKey} api={api} workspace={workspace} active={view.name === 'plan'} desktop={info.mode === 'desktop'} onSaved={(p) => void openPath(p.patrol, true)} />
          </div>
        )}
        {view.name === 'replay' ? <ReplayView key={view.path} api={api} path={view.path} />
          : view.name === 'library' ? <LibraryView api={api} flightsDir={info.flights_dir} />
          : view.name === 'settings' ? <SettingsView api={api} info={info} workspace={workspace} onInfo={setInfo} onLanguage={(l) => void setLanguage(l)} />
          : !workspace ? <div className="loading">{t('app.connecting')}</div>
          : view.name === 'fly' ? <FlyView key={workspace.site.path} api={api} source={live} workspace={workspace} recentLinks={recentLinks} onLinkOpened={(u) => setRecentLinks((r) => [u, ...r.filter((x) => x !== u)].slice(0, 10))} flightsDir={info.flights_dir} />
            : null}
        </Suspense>
        </MapConfigContext.Provider>
      </main>
      {opening && <OpenDialog api={api} info={info} recent={info.settings.recent_paths} onOpen={openPath} onClose={() => setOpening(false)} />}
    </div>
  );
}
