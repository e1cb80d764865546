// The Fly view: the site on the map with the vehicles heard on the open links, and the side panel to connect,
// watch, command and mark findings. It knows the Node side only through the API (links, events), never sockets.
import { useMemo } from 'react';
import type { WatchpostApi, Workspace } from '../../../electron/api';
import { SiteMap } from '../map/SiteMap';
import { planModel } from '../plan/plan-model';
import { FlyPanel } from './FlyPanel';
import { useLive } from './use-live';
import { VehicleLayer } from './vehicle-layer';

export function FlyView({ api, workspace, tileUrl }: { api: WatchpostApi; workspace: Workspace; tileUrl: string }) {
  const live = useLive(api);
  const model = useMemo(() => planModel(workspace), [workspace]);
  const link = live.links.find((l) => l.state !== 'closed') ?? null;
  const vehicle = live.vehicles.find((v) => link?.sysids.includes(v.sysid)) ?? live.vehicles[0] ?? null;
  return (
    <div className="plan">
      <SiteMap model={model} tileUrl={tileUrl} selectedFinding={null} selectedPost={null} focus={null}>
        <VehicleLayer vehicles={live.vehicles} selected={vehicle?.sysid ?? null} />
      </SiteMap>
      <FlyPanel api={api} live={live} vehicle={vehicle} link={link} postIds={model.site.posts.map((p) => p.id)} home={model.site.home ?? null} />
    </div>
  );
}
