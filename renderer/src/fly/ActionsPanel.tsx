// The actions on the selected vehicle: upload the open patrol (progress, verify, the typed result), start the
// patrol (the `fly` sequence, its steps and PreArm reasons shown while it waits), pause, resume, RTL, land and a
// mode by name. Anything that moves the aircraft is confirmed first; a plan with preflight errors needs a second,
// explicit confirmation; a vehicle whose home is far from the patrol's is warned about. Each button says why it
// is disabled, and each command's outcome (accepted, denied and why, timeout) is shown.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionProgress, LinkSummary, LiveVehicle, UploadProgress, VehicleAction, VehicleMission, WatchpostApi } from '../../../electron/api';
import type { Finding } from '../../../patrol/preflight/types';
import { FAR_HOME_M, metresBetween } from './fly-format';

type Pending = { kind: 'upload' } | { kind: 'action'; action: VehicleAction; mode?: string };
interface Outcome { ok: boolean; what: string; text: string }

export interface ActionsPanelProps {
  api: WatchpostApi;
  link: LinkSummary | null;
  vehicle: LiveVehicle | null;
  mission: VehicleMission | null;
  /** The open patrol can be compiled (else why not). */
  patrolProblem: string | null;
  /** Preflight errors of the open patrol. */
  preflightErrors: Finding[];
  patrolHome: { lat_deg: number; lon_deg: number } | null;
}

/** Why an action cannot apply now, or null when it can. */
function whyNot(a: VehicleAction | 'upload', v: LiveVehicle | null, link: LinkSummary | null, patrolProblem: string | null, busy: boolean, missionEmpty = false): string | null {
  if (!link) return 'noLink';
  if (link.state !== 'connected') return 'notConnected';
  if (!v) return 'noVehicle';
  if (busy) return 'busy';
  if (a === 'upload') return patrolProblem !== null ? 'noPatrol' : null;
  if (a === 'start') return v.armed ? 'alreadyFlying' : missionEmpty ? 'noMission' : null;
  if (a === 'mode') return v.modes.length === 0 ? 'noModes' : null;
  if (!v.armed) return 'notArmed';
  const already: Partial<Record<VehicleAction, string[]>> = { pause: ['LOITER', 'AUTO.LOITER'], resume: ['AUTO', 'AUTO.MISSION'], rtl: ['RTL', 'AUTO.RTL'], land: ['LAND', 'AUTO.LAND'] };
  return already[a]?.includes(v.mode) ? 'already' : null;
}

export function ActionsPanel({ api, link, vehicle, mission, patrolProblem, preflightErrors, patrolHome }: ActionsPanelProps) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const [errorsAccepted, setErrorsAccepted] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [uploadOk, setUploadOk] = useState<boolean | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [step, setStep] = useState<ActionProgress | null>(null);
  const [mode, setMode] = useState('');

  useEffect(() => {
    const offs = [api.on('upload', setProgress), api.on('action', setStep)];
    return () => offs.forEach((off) => off());
  }, [api]);

  const missionEmpty = mission !== null && mission.items.length === 0;
  const target = link && vehicle ? { link: link.id, sysid: vehicle.sysid } : null;
  const farHome_m = vehicle?.home && patrolHome ? metresBetween(vehicle.home, { lat: patrolHome.lat_deg, lon: patrolHome.lon_deg }) : null;

  const run = async (p: Pending) => {
    setPending(null);
    setErrorsAccepted(false);
    if (!target) return;
    const what = p.kind === 'upload' ? t('fly.action.upload') : p.kind === 'action' && p.action === 'mode' ? `${t('fly.action.mode')} ${p.mode}` : t(`fly.action.${p.action}`);
    setRunning(what);
    setOutcome(null);
    setStep(null);
    if (p.kind === 'upload') {
      setUploadOk(null);
      setProgress(null);
      const r = await api.uploadPatrol(target.link, { sysid: target.sysid });
      setRunning(null);
      setUploadOk(r.ok && r.value.ok);
      if (!r.ok) return setOutcome({ ok: false, what, text: r.error });
      const held = t(`fly.missionState.${r.value.mission_state}`);
      return setOutcome(r.value.ok
        ? { ok: true, what, text: t('fly.uploadedItems', { n: r.value.items }) }
        : { ok: false, what, text: `${t(`fly.result.${r.value.result}`, { defaultValue: r.value.result })}: ${r.value.detail ?? ''} — ${held}` });
    }
    const r = await api.vehicleAction(target.link, { sysid: target.sysid, action: p.action, ...(p.mode ? { mode: p.mode } : {}) });
    setRunning(null);
    if (!r.ok) return setOutcome({ ok: false, what, text: r.error });
    setOutcome({ ok: r.value.ok, what, text: r.value.ok ? t('fly.result.accepted') : `${t(`fly.result.${r.value.result}`, { defaultValue: r.value.result })}${r.value.detail ? `: ${r.value.detail}` : ''}` });
  };

  const button = (a: VehicleAction | 'upload', onClick: () => void) => {
    const why = whyNot(a, vehicle, link, a === 'upload' ? patrolProblem : null, running !== null, missionEmpty);
    return (
      <button key={a} data-testid={`action-${a}`} disabled={why !== null} data-why={why ?? ''} title={why ? t(`fly.why.${why}`) : ''} onClick={onClick}>
        {t(`fly.action.${a}`)}
      </button>
    );
  };
  const reasons = (['upload', 'start', 'pause', 'resume', 'rtl', 'land'] as const)
    .map((a) => ({ a, why: whyNot(a, vehicle, link, a === 'upload' ? patrolProblem : null, running !== null, missionEmpty) }))
    .filter((x) => x.why !== null);
  const needsSecond = pending?.kind === 'upload' && preflightErrors.length > 0;

  return (
    <section>
      <h2>{t('fly.actions')}</h2>
      <div className="actions">
        {button('upload', () => setPending({ kind: 'upload' }))}
        {(['start', 'pause', 'resume', 'rtl', 'land'] as const).map((a) => button(a, () => setPending({ kind: 'action', action: a })))}
      </div>
      <div className="row">
        <select data-testid="mode-select" aria-label={t('fly.action.mode')} value={mode} onChange={(e) => setMode(e.target.value)} disabled={!vehicle}>
          <option value="">{t('fly.chooseMode')}</option>
          {vehicle?.modes.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <button data-testid="action-mode" disabled={mode === '' || whyNot('mode', vehicle, link, null, running !== null) !== null} onClick={() => setPending({ kind: 'action', action: 'mode', mode })}>
          {t('fly.action.mode')}
        </button>
        <button data-testid="action-read-mission" disabled={!target || running !== null} onClick={() => target && void api.readMission(target.link, { sysid: target.sysid }).then((r) => !r.ok && setOutcome({ ok: false, what: t('fly.readMission'), text: r.error }))}>
          {t('fly.readMission')}
        </button>
      </div>
      {reasons.length > 0 && reasons.length < 6 && (
        <ul className="why small" data-testid="action-reasons">
          {reasons.map(({ a, why }) => <li key={a}>{t(`fly.action.${a}`)}: {t(`fly.why.${why}`)}</li>)}
        </ul>
      )}
      {reasons.length === 6 && <div className="small" data-testid="action-reasons">{t(`fly.why.${reasons[0].why}`)}</div>}
      {progress && link && progress.link_id === link.id && (
        <div className="row small">
          <progress data-testid="upload-progress" data-done={progress.done} data-total={progress.total} max={Math.max(1, progress.total)} value={progress.done} />
          {t('fly.itemsSent', { done: progress.done, total: progress.total })}
        </div>
      )}
      {uploadOk !== null && <div data-testid="upload-result" data-ok={String(uploadOk)} className={uploadOk ? 'ok-text' : 'warn-text'}>{uploadOk ? t('fly.uploaded') : t('fly.uploadFailed')}</div>}
      {mission && <div className="small" data-testid="mission-held">{t('fly.missionHeld', { n: mission.items.length, source: t(`fly.missionSource.${mission.source}`) })}</div>}
      {running && (
        <div className="small" data-testid="action-running">
          {running}…{step && step.sysid === vehicle?.sysid && step.step !== 'done' ? ` ${t(`fly.step.${step.step}`, { defaultValue: step.step })}${step.note ? ` — ${step.note}` : ''}` : ''}
        </div>
      )}
      {outcome && (
        <div data-testid="action-result" data-ok={String(outcome.ok)} className={outcome.ok ? 'ok-text' : 'error-box'}>
          {outcome.what}: {outcome.text}
        </div>
      )}
      {pending && (
        <div className="confirm" role="dialog" data-testid="confirm-dialog">
          <div>{t('fly.confirm', { what: pending.kind === 'upload' ? t('fly.action.upload') : pending.action === 'mode' ? `${t('fly.action.mode')} ${pending.mode}` : t(`fly.action.${pending.action}`) })}</div>
          {pending.kind === 'upload' && farHome_m !== null && farHome_m > FAR_HOME_M && (
            <div className="warn-text" data-testid="far-home">{t('fly.farHome', { m: Math.round(farHome_m) })}</div>
          )}
          {needsSecond && (
            <div data-testid="preflight-errors">
              <div className="warn-text">{t('fly.preflightErrors', { count: preflightErrors.length })}</div>
              <ul className="small">{preflightErrors.slice(0, 5).map((f, i) => <li key={i}>{f.leg ? `${f.leg}: ` : ''}{f.message}</li>)}</ul>
              <label><input type="checkbox" data-testid="confirm-errors" checked={errorsAccepted} onChange={(e) => setErrorsAccepted(e.target.checked)} /> {t('fly.acceptErrors')}</label>
            </div>
          )}
          <div className="row">
            <button data-testid="confirm" disabled={needsSecond && !errorsAccepted} onClick={() => void run(pending)}>{t('fly.yes')}</button>
            <button data-testid="cancel" onClick={() => { setPending(null); setErrorsAccepted(false); }}>{t('fly.no')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
