// The Fly view: the site on the map with the vehicles, their trails and the missions they hold, and the side panel
// to connect, watch, command and mark findings. Vehicle state, events and post checks come through a FlightSource
// (the live one here; the replay implements the same); connections and commands through the API. No sockets.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchpostApi, Workspace } from '../../../electron/api';
import { SiteMap } from '../map/SiteMap';
import { planModel } from '../plan/plan-model';
import { vehicleKey, type FlightSource } from '../source/flight-source';
import { useFlightState } from '../source/use-source';
import { ActionsPanel } from './ActionsPanel';
import { ConnectionsPanel } from './ConnectionsPanel';
import { EventList } from './EventList';
import { Instruments } from './Instruments';
import { PostsPanel } from './PostsPanel';
import { useLinks } from './use-links';
import { FollowVehicle, MissionLayer, VehicleLayer } from './vehicle-layer';
import { VehicleChips } from './vehicle-chips';

export interface FlyViewProps {
  api: WatchpostApi;
  /** Vehicles, trails, missions, events, posts and findings (the live source; the replay implements the same). */
  source: FlightSource;
  workspace: Workspace;
  recentLinks: string[];
  onLinkOpened: (uri: string) => void;
  /** Where links record their flights. */
  flightsDir: string;
}

export function FlyView({ api, source, workspace, recentLinks, onLinkOpened, flightsDir }: FlyViewProps) {
  const { t } = useTranslation();
  const state = useFlightState(source);
  const links = useLinks(api);
  const model = useMemo(() => planModel(workspace), [workspace]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [follow, setFollow] = useState(false);
  const [selectedPost, setSelectedPost] = useState<string | null>(null);

  const vehicle = state.vehicles.find((v) => vehicleKey(v) === selectedKey) ?? state.vehicles[0] ?? null;
  const link = links.find((l) => l.id === vehicle?.link_id) ?? links.find((l) => l.state !== 'closed') ?? null;
  const flight = state.flights.find((f) => f.id === link?.id) ?? null;
  const mission = vehicle ? (state.missions.find((m) => m.link_id === vehicle.link_id && m.sysid === vehicle.sysid) ?? null) : null;
  // Keyed by the states themselves: a new array with the same states (every replay answer) redraws nothing.
  const stateKey = flight?.posts ? flight.posts.map((p) => `${p.post_id}=${p.state}`).join('|') : null;
  const postStates = useMemo(() => (stateKey === null ? undefined : Object.fromEntries(stateKey.split('|').map((kv) => kv.split('=') as [string, string]))), [stateKey]);
  const preflightErrors = model.report?.findings.filter((f) => f.severity === 'error') ?? [];
  const home = model.site.home ?? null;

  return (
    <div className="plan fly">
      <div className="map-column">
        <SiteMap model={model} selectedFinding={null} selectedPost={selectedPost} focus={null} postStates={postStates} showRoute={!mission}>
          {mission && <MissionLayer mission={mission} vehicle={vehicle} />}
          <VehicleLayer vehicles={state.vehicles} trails={state.trails} selected={vehicle ? vehicleKey(vehicle) : null} onSelect={setSelectedKey} />
          <FollowVehicle vehicle={vehicle} on={follow} />
        </SiteMap>
        <div className="hud-overlay">
          <Instruments vehicle={vehicle} link={link} siteHome={home} />
        </div>
        <div className="map-tools">
          <label><input type="checkbox" data-testid="follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('fly.follow')}</label>
          <VehicleChips vehicles={state.vehicles} selected={vehicle} onSelect={setSelectedKey} />
          {!mission && model.report && <span className="small">{t('fly.plannedRoute')}</span>}
        </div>
      </div>
      <aside className="side">
        <ConnectionsPanel api={api} links={links} recent={recentLinks} home={home} flightsDir={flightsDir} onOpened={onLinkOpened} />
        <ActionsPanel api={api} link={link} vehicle={vehicle} mission={mission} patrolProblem={model.error ?? (model.compiled ? null : 'noPatrol')} preflightErrors={preflightErrors} patrolHome={home} />
        <PostsPanel api={api} flight={flight} posts={model.site.posts} selectedPost={selectedPost} onSelectPost={setSelectedPost} sysid={vehicle?.link_id === flight?.id ? (vehicle?.sysid ?? null) : null} />
        <EventList events={state.events} />
      </aside>
    </div>
  );
}
