// The Plan view: the site and the patrol on the map, with the side panel.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatLngTuple } from 'leaflet';
import type { Workspace } from '../../../electron/api';
import { SiteMap } from '../map/SiteMap';
import { planModel, type PlanModel } from './plan-model';
import { SidePanel } from './SidePanel';

export function PlanView({ workspace, tileUrl }: { workspace: Workspace; tileUrl: string }) {
  const { t } = useTranslation();
  const result = useMemo((): { model: PlanModel } | { error: string } => {
    try {
      return { model: planModel(workspace) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, [workspace]);
  const [selectedFinding, setSelectedFinding] = useState<number | null>(null);
  const [selectedPost, setSelectedPost] = useState<string | null>(null);
  const [focus, setFocus] = useState<LatLngTuple | null>(null);

  if ('error' in result) {
    return (
      <div className="error-box page-error" role="alert">
        <b>{t('plan.siteError')}</b>
        <div>{result.error}</div>
      </div>
    );
  }
  const { model } = result;
  const selectFinding = (i: number) => {
    setSelectedFinding(i);
    const loc = model.report?.findings[i]?.location;
    if (loc) setFocus([loc.lat_deg, loc.lon_deg]);
  };
  const selectPost = (id: string) => {
    setSelectedPost(id);
    const p = model.site.posts.find((x) => x.id === id);
    if (p) setFocus([p.lat_deg, p.lon_deg]);
  };
  return (
    <div className="plan">
      <SiteMap model={model} tileUrl={tileUrl} selectedFinding={selectedFinding} selectedPost={selectedPost} focus={focus} />
      <SidePanel workspace={workspace} model={model} selectedFinding={selectedFinding} onSelectFinding={selectFinding} selectedPost={selectedPost} onSelectPost={selectPost} />
    </div>
  );
}
