// The patrol in the side panel: its legs in order (drag a leg to reorder it, or its arrows), each leg's parameters
// (distance, layers, bottom and camera of a facade orbit; clearance and spacing of a roof sweep; altitude, dwell
// and photo of a post visit; altitude and hold of a waypoint), removal; takeoff altitude, speed, how it ends, and
// "Auto patrol" (as `watchpost plan --auto`).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { autoLegs, moveLeg, removeLeg, setLeg, setPatrolProps } from '../../../../patrol/edit/plan-edit';
import type { PatrolLeg } from '../../../../patrol/patrol/patrol';
import { Field, numberOf } from './Field';
import type { PlanEditor } from './use-plan-editor';

function legTarget(leg: PatrolLeg): string {
  return leg.kind === 'facade' || leg.kind === 'roof' ? leg.building : leg.kind === 'post' ? leg.post : `${leg.lat_deg.toFixed(5)}, ${leg.lon_deg.toFixed(5)}`;
}

function LegParams({ editor, leg, i }: { editor: PlanEditor; leg: PatrolLeg; i: number }) {
  const { t } = useTranslation();
  const m = t('fly.m');
  const set = (patch: Partial<PatrolLeg>, what: string) => editor.apply((d) => setLeg(d, i, patch), `leg:${i}:${what}`);
  const num = (testid: string, label: string, value: number | undefined, field: string, unit?: string) => (
    <Field testid={testid} label={label} type="number" unit={unit} value={value} commit={(v) => set({ [field]: v.trim() === '' && value === undefined ? undefined : numberOf(v) } as Partial<PatrolLeg>, field)} />
  );
  switch (leg.kind) {
    case 'facade':
      return (
        <div className="leg-params">
          {num('leg-distance', t('edit.distance'), leg.distance_m, 'distance_m', m)}
          {num('leg-layers', t('edit.layers'), leg.layers, 'layers')}
          {num('leg-bottom', t('edit.bottom'), leg.bottom_m, 'bottom_m', m)}
          <label className="field"><span>{t('edit.camera')}</span>
            <select data-testid="leg-camera" value={leg.camera} onChange={(e) => set({ camera: e.target.value as 'roi' | 'yaw' }, 'camera')}>
              <option value="roi">{t('edit.cameraRoi')}</option><option value="yaw">{t('edit.cameraYaw')}</option>
            </select>
          </label>
        </div>
      );
    case 'roof':
      return <div className="leg-params">{num('leg-clearance', t('edit.clearance'), leg.clearance_m, 'clearance_m', m)}{num('leg-spacing', t('edit.spacing'), leg.spacing_m, 'spacing_m', m)}</div>;
    case 'post':
      return (
        <div className="leg-params">
          {num('leg-alt', t('edit.altitude'), leg.alt_m, 'alt_m', m)}
          {num('leg-dwell', t('edit.dwell'), leg.dwell_s, 'dwell_s', t('edit.s'))}
          <label className="field"><span>{t('edit.photo')}</span>
            <select data-testid="leg-photo" value={String(leg.photo ?? false)} onChange={(e) => set({ photo: e.target.value === 'false' ? false : (e.target.value as 'image' | 'digicam') }, 'photo')}>
              <option value="image">{t('edit.photoImage')}</option><option value="digicam">{t('edit.photoDigicam')}</option><option value="false">{t('edit.photoNone')}</option>
            </select>
          </label>
        </div>
      );
    case 'waypoint':
      return <div className="leg-params">{num('leg-alt', t('edit.altitude'), leg.alt_m, 'alt_m', m)}{num('leg-hold', t('edit.hold'), leg.hold_s, 'hold_s', t('edit.s'))}</div>;
  }
}

export function LegsEditor({ editor }: { editor: PlanEditor }) {
  const { t } = useTranslation();
  const { patrol } = editor.doc;
  const [open, setOpen] = useState<number | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [autoError, setAutoError] = useState<string | null>(null);
  const move = (from: number, to: number) => {
    if (editor.apply((d) => moveLeg(d, from, to)) === null) setOpen((o) => (o === from ? to : o));
  };
  return (
    <section className="card" data-testid="legs-editor">
      <h2>{t('plan.legs')}</h2>
      <div className="fields-grid">
        <Field testid="prop-takeoff-alt" label={t('edit.takeoffAlt')} type="number" unit={t('fly.m')} value={patrol.takeoff_alt_m} commit={(v) => editor.apply((d) => setPatrolProps(d, { takeoff_alt_m: numberOf(v) }), 'patrol:takeoff')} />
        <Field testid="prop-speed" label={t('edit.speed')} type="number" unit={t('fly.mps')} value={patrol.speed_mps} commit={(v) => editor.apply((d) => setPatrolProps(d, { speed_mps: numberOf(v) }), 'patrol:speed')} />
        <label className="field"><span>{t('edit.end')}</span>
          <select data-testid="prop-end" value={patrol.end} onChange={(e) => editor.apply((d) => setPatrolProps(d, { end: e.target.value as 'RTL' | 'LAND' }))}>
            <option value="RTL">{t('plan.endKind.RTL')}</option><option value="LAND">{t('plan.endKind.LAND')}</option>
          </select>
        </label>
        <label className="field"><span>{t('edit.order')}</span>
          <select data-testid="prop-order" value={patrol.order} onChange={(e) => editor.apply((d) => setPatrolProps(d, { order: e.target.value as 'fixed' | 'optimise' }))}>
            <option value="fixed">{t('edit.orderFixed')}</option><option value="optimise">{t('edit.orderOptimise')}</option>
          </select>
        </label>
      </div>
      <div className="buttons-row">
        <button data-testid="auto-patrol" onClick={() => setAutoError(editor.apply((d) => autoLegs(d)))}>{t('edit.autoPatrol')}</button>
      </div>
      {autoError && <div className="error-box" role="alert">{autoError}</div>}
      {patrol.legs.length === 0 && <div className="hint" data-testid="no-legs">{t('edit.noLegs')}</div>}
      <ol className="legs editable">
        {patrol.legs.map((leg, i) => (
          <li
            key={`${i}:${leg.kind}:${legTarget(leg)}`} data-testid="leg-row" data-index={i} data-kind={leg.kind} draggable
            className={`${open === i ? 'open' : ''}${dragging === i ? ' dragging' : ''}`}
            onDragStart={(e) => { setDragging(i); e.dataTransfer.effectAllowed = 'move'; }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => { e.preventDefault(); if (dragging !== null && dragging !== i) move(dragging, i); setDragging(null); }}
            onDragEnd={() => setDragging(null)}
          >
            <div className="leg-head">
              <button className="link" data-testid="leg-open" onClick={() => setOpen(open === i ? null : i)}>
                {i + 1}. {leg.kind === 'waypoint' ? t('leg.waypoint') : t(`leg.${leg.kind}`, { ref: legTarget(leg) })}
              </button>
              <span className="leg-actions">
                <button title={t('edit.up')} data-testid="leg-up" disabled={i === 0} onClick={() => move(i, i - 1)}>↑</button>
                <button title={t('edit.down')} data-testid="leg-down" disabled={i === patrol.legs.length - 1} onClick={() => move(i, i + 1)}>↓</button>
                <button title={t('edit.remove')} data-testid="leg-remove" onClick={() => { editor.apply((d) => removeLeg(d, i)); setOpen(null); }}>×</button>
              </span>
            </div>
            {open === i && <LegParams editor={editor} leg={leg} i={i} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
