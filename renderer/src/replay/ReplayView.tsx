// The Replay view (#/replay?path=FLIGHT.tlog): a recorded flight through the same map, instruments, duty-post list
// and events as the Fly view, read from the replay's FlightSource; play and pause, speeds 0.25–64×, a timeline to
// click or drag, keys (space, ← → 1 s, Shift 10 s, Home, End). The flight loads on the Node side with a progress
// bar; the first state drawn sets `replay-ready`.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { latLngBounds, type LatLngTuple } from 'leaflet';
import type { ReplayInfo, WatchpostApi } from '../../../electron/api';
import { Instruments } from '../fly/Instruments';
import { EventList } from '../fly/EventList';
import { PostsPanel } from '../fly/PostsPanel';
import { elapsed, fileSize } from '../fly/fly-format';
import { FollowVehicle, VehicleLayer } from '../fly/vehicle-layer';
import { SiteMap } from '../map/SiteMap';
import type { PlanModel } from '../plan/plan-model';
import { readSiteFile } from '../../../patrol/site/read-site-file';
import { vehicleKey } from '../source/flight-source';
import { createReplaySource, type ReplayPlayer } from '../source/replay-source';
import { useFlightState } from '../source/use-source';
import { ReplayBar } from './ReplayBar';
import { openFlight, whenRead } from './open-flight';
import { ReplayCharts } from './ReplayCharts';
import { COLOURINGS, ColouredTrack, trackLegend, type TrackColouring } from './coloured-track';
import { VehicleChips } from '../fly/vehicle-chips';

export function ReplayView({ api, path }: { api: WatchpostApi; path: string }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ReplayInfo | null>(null);
  /** A site chosen to check the posts against (a tlog from another ground station has none). */
  const [sitePath, setSitePath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ bytes: number; total: number } | null>(null);
  const [siteError, setSiteError] = useState<string | null>(null);
  useEffect(() => {
    if (!sitePath) setInfo(null);
    setError(null);
    setSiteError(null);
    setProgress(null);
    let cancelled = false;
    let cancelRead = () => {};
    const name = path.split(/[\\/]/).pop() ?? path;
    const off = api.on('replayProgress', (p) => p.path.endsWith(name) && !p.done && setProgress(p));
    // The Node side answers with the first part of the file read and reads on; once it is all in, the whole outline.
    // A site that cannot be read leaves the flight open, saying why.
    void openFlight(api, path, sitePath).then((r) => {
      if (cancelled) return;
      if (!r.ok) return sitePath ? setSiteError(r.error) : setError(r.error);
      setInfo(r.value);
      if (!r.value.complete) cancelRead = whenRead(r.value.id, () => void api.replayInfo(r.value.id).then((w) => !cancelled && w.ok && setInfo(w.value)));
    });
    return () => {
      cancelled = true;
      cancelRead();
      off();
    };
  }, [api, path, sitePath]);
  if (error) return <div className="loading error-box" role="alert" data-testid="replay-error">{error}</div>;
  if (!info) {
    return (
      <div className="loading" data-testid="replay-loading">
        {t('replay.loading', { name: path })}
        {progress && <progress max={progress.total} value={progress.bytes} />} {progress && `${fileSize(progress.bytes)} / ${fileSize(progress.total)}`}
      </div>
    );
  }
  return <ReplayOf key={info.id} api={api} info={info} progress={info.complete ? null : progress} onSite={setSitePath} siteError={siteError} />;
}

/** The site the flight's posts are checked against, for the map (no patrol: the replay draws what was flown). */
function modelOf(info: ReplayInfo): PlanModel {
  const none = { patrol: null, patrolIsAuto: false, compiled: null, report: null, patrolNotes: [], error: null };
  if (!info.site) return { site: { name: info.name, max_alt_m: 120, buildings: [], posts: [] }, siteWarnings: [], ...none };
  const { site, warnings } = readSiteFile(info.site.text, info.site.name);
  return { site, siteWarnings: warnings, ...none };
}

interface ReplayOfProps {
  api: WatchpostApi;
  info: ReplayInfo;
  /** The file still being read (the outline so far), else null. */
  progress: { bytes: number; total: number } | null;
  onSite: (path: string) => void;
  siteError: string | null;
}

function ReplayOf({ api, info, progress, onSite, siteError }: ReplayOfProps) {
  const [siteInput, setSiteInput] = useState('');
  const { t, i18n } = useTranslation();
  // One player per flight opened; the outline read further is handed to it (the position is kept).
  const player = useMemo<ReplayPlayer>(() => createReplaySource(api, info), [api, info.id]);
  useEffect(() => player.setInfo(info), [player, info]);
  useEffect(() => () => player.close(), [player]);
  const state = useFlightState(player);
  const model = useMemo(() => modelOf(info), [info]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [follow, setFollow] = useState(false);
  const [selectedPost, setSelectedPost] = useState<string | null>(null);
  const [colouring, setColouring] = useState<TrackColouring>('altitude');
  const seek = useCallback((t_ms: number) => player.seek(t_ms), [player]);
  const seekEvent = useCallback((t_ms: number) => player.seek(t_ms - info.start_ms), [player, info.start_ms]);
  const vehicle = state.vehicles.find((v) => vehicleKey(v) === selectedKey) ?? state.vehicles[0] ?? null;
  const flight = state.flights[0] ?? null;
  const [reportError, setReportError] = useState<string | null>(null);
  // The report opens in its own tab (a self-contained document: print it from there for a PDF).
  const openReport = async () => {
    const tab = window.open('', '_blank');
    const r = await api.flightReport(info.path, { lang: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' });
    if (!r.ok) {
      tab?.close();
      return setReportError(r.error);
    }
    setReportError(null);
    const url = URL.createObjectURL(new Blob([r.value.html], { type: 'text/html' }));
    if (tab) tab.location.href = url;
    else window.open(url, '_blank');
  };
  // Keyed by the states themselves: a new array with the same states (every replay answer) redraws nothing.
  const stateKey = flight?.posts ? flight.posts.map((p) => `${p.post_id}=${p.state}`).join('|') : null;
  const postStates = useMemo(() => (stateKey === null ? undefined : Object.fromEntries(stateKey.split('|').map((kv) => kv.split('=') as [string, string]))), [stateKey]);
  const fit = useMemo(() => {
    const pts: LatLngTuple[] = info.tracks.flatMap((tr) => tr.lat_deg.map((lat, i): LatLngTuple => [lat, tr.lon_deg[i]]));
    return pts.length > 0 ? latLngBounds(pts) : null;
  }, [info]);

  // Keys: space plays or pauses; ← → step 1 s (Shift: 10 s); Home and End go to the ends.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement && e.target.type !== 'range') return;
      if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement) return;
      const step = e.shiftKey ? 10_000 : 1000;
      if (e.key === ' ') {
        if (player.playing) player.pause();
        else player.play();
      }
      else if (e.key === 'ArrowRight') player.seek(player.t_ms + step);
      else if (e.key === 'ArrowLeft') player.seek(player.t_ms - step);
      else if (e.key === 'Home') player.seek(0);
      else if (e.key === 'End') player.seek(info.duration_ms);
      else return;
      // Before the map sees them (capture): Leaflet would pan with the arrows and stop them there.
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [player, info.duration_ms]);

  return (
    <div className="plan fly replay">
      <div className="map-column">
        <SiteMap model={model} selectedFinding={null} selectedPost={selectedPost} focus={null} postStates={postStates} showRoute={false} fit={fit}>
          {info.series.map((s) => <ColouredTrack key={s.sysid} series={s} by={colouring} onSeek={seek} unit={{ m: t('fly.m'), mps: t('fly.mps') }} />)}
          <VehicleLayer vehicles={state.vehicles} trails={info.series.length > 0 ? {} : state.trails} selected={vehicle ? vehicleKey(vehicle) : null} onSelect={setSelectedKey} />
          <FollowVehicle vehicle={vehicle} on={follow} />
        </SiteMap>
        <div className="hud-overlay">
          <Instruments vehicle={vehicle} link={null} siteHome={model.site.home ?? null} />
        </div>
        <ReplayBar player={player} follow={follow} onFollow={setFollow}>
          <select data-testid="replay-colour" aria-label={t('replay.colourBy')} value={colouring} onChange={(e) => setColouring(e.target.value as TrackColouring)}>
            {COLOURINGS.map((c) => <option key={c} value={c}>{t(`replay.colour.${c}`)}</option>)}
          </select>
          {info.series[0] && <span className="track-legend small" data-testid="replay-legend">{trackLegend(info.series[0], colouring).map(([c, label]) => <span key={label}><i style={{ background: c }} /> {label}</span>)}</span>}
          {info.vehicles.length > 1 && <VehicleChips vehicles={state.vehicles} selected={vehicle} onSelect={setSelectedKey} />}
        </ReplayBar>
        <ReplayCharts info={info} player={player} sysid={vehicle?.sysid ?? info.vehicles[0]?.sysid ?? 1} />
      </div>
      <aside className="side">
        <section>
          <h2>{t('replay.flight')}</h2>
          <div data-testid="replay-name"><b>{info.name}</b></div>
          <div className="small">{new Date(info.start_ms).toLocaleString(i18n.language)} · {elapsed(info.duration_ms / 1000)} · {t('replay.vehicles', { list: info.vehicles.map((v) => v.sysid).join(', ') })}</div>
          {info.site ? <div className="small">{t('replay.site', { name: model.site.name })}</div> : <div className="small">{t('replay.noSite')}</div>}
          <form className="row" onSubmit={(e) => { e.preventDefault(); if (siteInput.trim()) onSite(siteInput.trim()); }}>
            <input data-testid="replay-site-path" value={siteInput} onChange={(e) => setSiteInput(e.target.value)} placeholder={t('replay.sitePath')} spellCheck={false} />
            <button data-testid="replay-site-open" type="submit" disabled={siteInput.trim() === ''}>{t('replay.checkSite')}</button>
          </form>
          {siteError && <div className="error-box" role="alert" data-testid="replay-site-error">{siteError}</div>}
          <button data-testid="report-open" onClick={() => void openReport()}>{t('replay.report')}</button>
          {reportError && <div className="error-box" role="alert">{reportError}</div>}
          {progress && (
            <div className="small" data-testid="replay-reading">
              {t('replay.reading')} <progress max={progress.total} value={progress.bytes} /> {fileSize(progress.bytes)} / {fileSize(progress.total)}
            </div>
          )}
          {info.problems.length > 0 && <ul className="small warn-text" data-testid="replay-problems">{info.problems.map((p, i) => <li key={i}>{p}</li>)}</ul>}
        </section>
        <PostsPanel api={null} flight={flight} posts={model.site.posts} selectedPost={selectedPost} onSelectPost={setSelectedPost} sysid={null} />
        <EventList events={state.events} onSeek={seekEvent} />
      </aside>
    </div>
  );
}

