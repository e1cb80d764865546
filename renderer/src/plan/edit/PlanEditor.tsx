// The Plan view as an editor (issue 11): the map with the drawing tools, the selected feature's properties, the
// patrol's legs, and the preflight verdict, findings and duty posts of the existing side panel — all from one plan
// (site and patrol) changed by the pure edits of patrol/edit, recompiled and rechecked as it changes. Undo and redo
// with Ctrl+Z / Ctrl+Shift+Z; a recovery copy of unsaved edits is kept by the Node side and offered after a crash.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatLngTuple } from 'leaflet';
import type { WatchpostApi, Workspace } from '../../../../electron/api';
import {
  addBuilding, addHole, addLeg, addPost, movePost, newPlan, setBuildingShape, setFence, setHome, waypointLeg, type PlanDoc,
} from '../../../../patrol/edit/plan-edit';
import { SiteMap } from '../../map/SiteMap';
import type { LonLat } from '../../../../patrol/site/site';
import { SidePanel } from '../SidePanel';
import { EditToolbar } from './EditToolbar';
import { FeatureProps } from './FeatureProps';
import { LegsEditor } from './LegsEditor';
import { MapEditing, type Selection, type Tool } from './MapEditing';
import { SavePanel, type PlanPaths } from './SavePanel';
import { usePlanEditor } from './use-plan-editor';
import { useRecovery } from './use-recovery';
import { RouteProfileChart } from './RouteProfileChart';
import { RAMP } from '../../map/altitude-ramp';
import { routeProfile } from '../../../../patrol/preflight/profile';
import { CircleMarker, Tooltip } from 'react-leaflet';
import { setUnsaved } from './unsaved';

export interface PlanEditorProps {
  api: WatchpostApi;
  workspace: Workspace;
  initial: PlanDoc;
  siteWarnings: string[];
  /** The Plan view is the one shown (the editor stays mounted under the others; its keys then rest). */
  active: boolean;
  /** The desktop app (the system's save dialog), not browser mode. */
  desktop: boolean;
  /** The files saved: open them as the workspace (the Fly view flies what was saved). */
  onSaved: (paths: PlanPaths) => void;
}

/** The paths the plan is saved to at first: the files opened (not the bundled demo's: those are the app's). */
function pathsOf(w: Workspace): PlanPaths {
  if (w.demo) return { site: '', patrol: '' };
  const site = w.site.path;
  const patrol = w.patrol?.path ?? site.replace(/(\.site)?\.(geo)?json$|\.kml$/i, '') + '.patrol.json';
  return { site: /\.kml$/i.test(site) ? site.replace(/\.kml$/i, '.site.geojson') : site, patrol };
}

export function PlanEditor({ api, workspace, initial, siteWarnings, active, desktop, onSaved }: PlanEditorProps) {
  const { t } = useTranslation();
  const editor = usePlanEditor(initial, siteWarnings);
  const { doc, model } = editor;
  const [tool, setTool] = useState<Tool>('select');
  const [selected, setSelected] = useState<Selection>(null);
  /** The building a courtyard is being drawn in (the selection when the tool was chosen). */
  const [courtyardOf, setCourtyardOf] = useState<string | null>(null);
  const [selectedFinding, setSelectedFinding] = useState<number | null>(null);
  const [focus, setFocus] = useState<LatLngTuple | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const opened = useMemo(() => pathsOf(workspace), [workspace]);
  // The profile follows the checked model (ArduCopter's defaults: RTL_ALT 15 m, cone slope 3; the checks' 5 m clearance).
  const profile = useMemo(() => (model.report ? routeProfile(model.report.path, model.site, { clearance_m: 5, rtl: { rtl_alt_m: 15, cone_slope: 3, climb_min_m: 0 } }) : null), [model]);
  const [hovered, setHovered] = useState<number | null>(null);
  const [paths, setPaths] = useState(opened);
  const recovery = useRecovery(api, editor, { site: workspace.site.path, patrol: workspace.patrol?.path ?? null });

  // Undo and redo from the keyboard (not while typing in a field: the field's own undo works there).
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) editor.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') editor.redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editor, active]);
  // Leaving with unsaved edits asks first (the recovery copy is there too).
  useEffect(() => {
    setUnsaved(editor.dirty);
    if (!editor.dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [editor.dirty]);

  const say = (error: string | null) => setProblem(error);
  const onDrawn = useCallback((kind: 'building' | 'courtyard' | 'fence', rings: Parameters<typeof addBuilding>[1]) => {
    if (kind === 'fence') {
      say(editor.apply((d) => setFence(d, rings[0])));
      return setTool('select');
    }
    if (kind === 'courtyard') {
      if (courtyardOf) say(editor.apply((d) => addHole(d, courtyardOf, rings[0])));
      if (courtyardOf) setSelected({ kind: 'building', id: courtyardOf });
      return setTool('select');
    }
    let id: string | undefined;
    say(editor.apply((d) => {
      const r = addBuilding(d, rings);
      id = r.id;
      return r;
    }));
    if (id) setSelected({ kind: 'building', id });
    setTool('select');
  }, [editor, courtyardOf]);
  const onPlace = useCallback((kind: 'post' | 'home' | 'waypoint', lat: number, lon: number) => {
    if (kind === 'home') {
      say(editor.apply((d) => setHome(d, { lat_deg: lat, lon_deg: lon })));
      return setTool('select');
    }
    if (kind === 'waypoint') return say(editor.apply((d) => addLeg(d, waypointLeg(lat, lon))));
    let id: string | undefined;
    say(editor.apply((d) => {
      const r = addPost(d, lat, lon);
      id = r.id;
      return r;
    }));
    if (id) setSelected({ kind: 'post', id });
    setTool('select');
  }, [editor]);
  const onShape = useCallback((id: string, polygons: Parameters<typeof setBuildingShape>[2]) => say(editor.apply((d) => setBuildingShape(d, id, polygons))), [editor]);
  const onMovePost = useCallback((id: string, lat: number, lon: number) => say(editor.apply((d) => movePost(d, id, lat, lon))), [editor]);
  const onFence = useCallback((ring: LonLat[]) => say(editor.apply((d) => setFence(d, ring))), [editor]);
  const onSelectFeature = useCallback((kind: 'building' | 'post' | 'fence', id: string) => {
    if (tool === 'select') setSelected({ kind, id });
  }, [tool]);
  const selectFinding = (i: number) => {
    setSelectedFinding(i);
    const loc = model.report?.findings[i]?.location;
    if (loc) setFocus([loc.lat_deg, loc.lon_deg]);
  };
  const selectPost = (id: string) => {
    setSelected({ kind: 'post', id });
    const p = doc.site.posts.find((x) => x.id === id);
    if (p) setFocus([p.lat_deg, p.lon_deg]);
  };
  const newSite = () => {
    if (editor.dirty && !window.confirm(t('edit.discardAsk'))) return;
    editor.replace(newPlan(t('edit.newSiteName'), 'new.site.geojson'));
    setSelected(null);
    setPaths({ site: '', patrol: '' });
    setSaving(true);
  };
  // The side panel shows the files the plan will be saved to.
  const shownPaths = useMemo(() => ({ site: paths.site || t('edit.unsaved'), patrol: paths.patrol || null }), [paths, t]);

  // Under another view the editor keeps its plan and history, but not its map (a hidden Leaflet map has no size).
  if (!active) return null;
  return (
    <div className="plan editing">
      <div className="map-column">
        <EditToolbar
          editor={editor} tool={tool} buildingSelected={selected?.kind === 'building'} onSave={() => setSaving((s) => !s)} onNew={newSite}
          onTool={(x) => {
            setCourtyardOf(x === 'courtyard' && selected?.kind === 'building' ? selected.id : null);
            setTool(x);
            if (x !== 'select') setSelected(null);
          }}
        />
        {recovery.offer}
        {problem && <div className="error-box" role="alert" data-testid="edit-problem">{problem} <button className="link" onClick={() => setProblem(null)}>{t('app.dismiss')}</button></div>}
        <SiteMap model={model} selectedFinding={selectedFinding} selectedPost={selected?.kind === 'post' ? selected.id : null} focus={focus} fitKey={workspace.site.path} onSelectFeature={onSelectFeature} selectedBuilding={selected?.kind === 'building' ? selected.id : null}>
          <MapEditing site={doc.site} tool={tool} selected={selected} onDrawn={onDrawn} onPlace={onPlace} onShape={onShape} onFence={onFence} onMovePost={onMovePost} />
          {profile && hovered !== null && hovered < profile.dist_m.length && (
            <CircleMarker center={[profile.lat_deg[hovered], profile.lon_deg[hovered]]} radius={7} className="wp-profile-mark" interactive={false} pathOptions={{ color: '#000', fillColor: '#fff', fillOpacity: 1, weight: 2 }}>
              <Tooltip permanent direction="top" offset={[0, -8]}>{`${profile.alt_m[hovered].toFixed(0)} ${t('fly.m')}${profile.roof_m[hovered] > 0 ? ` · ${t('plan.roof', { height: profile.roof_m[hovered] })}` : ''}`}</Tooltip>
            </CircleMarker>
          )}
        </SiteMap>
        {profile && profile.alt_m.length > 1 && (
          <div className="small route-legend" data-testid="route-legend">
            {t('edit.routeColour')} <span className="track-legend"><span><i style={{ background: RAMP[0] }} /> {Math.min(...profile.alt_m).toFixed(0)} {t('fly.m')}</span><span><i style={{ background: RAMP[RAMP.length - 1] }} /> {Math.max(...profile.alt_m).toFixed(0)} {t('fly.m')}</span></span>
          </div>
        )}
        <RouteProfileChart profile={profile} onHover={setHovered} />
      </div>
      <aside className="side">
        {saving && (
          <SavePanel
            api={api} doc={doc} model={model} paths={paths} opened={opened} desktop={desktop} onClose={() => setSaving(false)}
            onSaved={(p) => {
              editor.markSaved();
              setPaths(p);
              void recovery.clear();
              onSaved(p);
            }}
          />
        )}
        <FeatureProps key={selected ? `${selected.kind}:${selected.id}` : 'site'} editor={editor} selected={selected} onSelect={setSelected} />
        <LegsEditor editor={editor} />
        <SidePanel workspace={workspace} shownPaths={shownPaths} model={model} selectedFinding={selectedFinding} onSelectFinding={selectFinding} selectedPost={selected?.kind === 'post' ? selected.id : null} onSelectPost={selectPost} editing />
      </aside>
    </div>
  );
}
