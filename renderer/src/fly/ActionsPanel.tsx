// The actions on the selected vehicle: upload the open patrol (progress, verify, the typed result), start the
// patrol (the `fly` sequence, its steps and PreArm reasons shown while it waits, cancellable), pause, resume, RTL,
// land and a mode by name. Anything that moves the aircraft is confirmed first, the dialog naming the vehicle it
// will command (fixed when the button was pressed, whatever is selected later); a plan with preflight errors
// needs a second, explicit confirmation; a vehicle whose home is far from the patrol's is warned about. Each
// button says why it is disabled, and each command's outcome (accepted, denied and why, timeout) is shown.
// RTL, land, pause and mode are never held back by a running start: they end it (the Node side cancels it).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionProgress, LinkSummary, LiveVehicle, UploadProgress, VehicleAction, VehicleMission, WatchpostApi } from '../../../electron/api';
import type { Finding } from '../../../patrol/preflight/types';
import { vehicleKey } from '../source/flight-source';
import { FAR_HOME_M, metresBetween } from './fly-format';

type Act = VehicleAction | 'upload';
interface Target { link: string; sysid: number; key: string; label: string }
interface Pending { act: Act; mode?: string; target: Target }
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

const ALREADY: Partial<Record<VehicleAction, string[]>> = { pause: ['LOITER', 'AUTO.LOITER'], resume: ['AUTO', 'AUTO.MISSION'], rtl: ['RTL', 'AUTO.RTL'], land: ['LAND', 'AUTO.LAND'] };

/** Why an action cannot apply now, or null when it can. `busy`: an upload or a start runs on this vehicle. */
export function whyNot(a: Act, v: LiveVehicle | null, link: LinkSummary | null, patrolProblem: string | null, busy: boolean, mission: VehicleMission | null): string | null {
  if (!link) return 'noLink';
  if (link.state !== 'connected') return 'notConnected';
  if (!v) return 'noVehicle';
  if (a === 'upload') return busy ? 'busy' : patrolProblem !== null ? 'noPatrol' : null;
  if (a === 'start') return busy ? 'busy' : v.armed ? 'alreadyFlying' : mission === null ? 'missionUnknown' : mission.items.length === 0 ? 'noMission' : null;
  if (a === 'mode') return v.modes.length === 0 ? 'noModes' : null;
  if (a === 'cancel') return null;
  if (!v.armed) return 'notArmed';
  if (a === 'resume' && mission !== null && mission.items.length === 0) return 'noMission';
  return ALREADY[a]?.includes(v.mode) ? 'already' : null;
}

export function ActionsPanel({ api, link, vehicle, mission, patrolProblem, preflightErrors, patrolHome }: ActionsPanelProps) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending | null>(null);
  const [errorsAccepted, setErrorsAccepted] = useState(false);
  /** What runs, by vehicle key (an upload or a start takes a while; other commands answer at once). */
  const [running, setRunning] = useState<Record<string, { act: Act; what: string }>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [uploadOk, setUploadOk] = useState<boolean | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [step, setStep] = useState<ActionProgress | null>(null);
  const [mode, setMode] = useState('');

  useEffect(() => {
    const offs = [api.on('upload', setProgress), api.on('action', setStep)];
    return () => offs.forEach((off) => off());
  }, [api]);

  const target: Target | null = link && vehicle ? { link: link.id, sysid: vehicle.sysid, key: vehicleKey(vehicle), label: `${t('fly.vehicle', { sysid: vehicle.sysid })} · ${link.uri}` } : null;
  const mine = target ? running[target.key] : undefined;
  const busy = mine !== undefined;
  const farHome_m = vehicle?.home && patrolHome ? metresBetween(vehicle.home, { lat: patrolHome.lat_deg, lon: patrolHome.lon_deg }) : null;
  const why = (a: Act) => whyNot(a, vehicle, link, a === 'upload' ? patrolProblem : null, busy, mission);
  const name = (a: Act, m?: string) => (a === 'mode' ? `${t('fly.action.mode')} ${m ?? ''}`.trim() : t(`fly.action.${a}`));

  const run = async ({ act, mode: m, target: to }: Pending) => {
    setPending(null);
    setErrorsAccepted(false);
    const what = `${name(act, m)} (${t('fly.vehicle', { sysid: to.sysid })})`;
    const long = act === 'upload' || act === 'start';
    if (long) setRunning((r) => ({ ...r, [to.key]: { act, what } }));
    setOutcome(null);
    if (act === 'start') setStep(null);
    const done = () => long && setRunning((r) => Object.fromEntries(Object.entries(r).filter(([k, x]) => k !== to.key || x.act !== act)));
    if (act === 'upload') {
      setUploadOk(null);
      setProgress(null);
      const r = await api.uploadPatrol(to.link, { sysid: to.sysid });
      done();
      setUploadOk(r.ok && r.value.ok);
      if (!r.ok) return setOutcome({ ok: false, what, text: r.error });
      const held = t(`fly.missionState.${r.value.mission_state}`);
      return setOutcome(r.value.ok
        ? { ok: true, what, text: t('fly.uploadedItems', { n: r.value.items }) }
        : { ok: false, what, text: `${t(`fly.result.${r.value.result}`, { defaultValue: r.value.result })}: ${r.value.detail ?? ''} — ${held}` });
    }
    const r = await api.vehicleAction(to.link, { sysid: to.sysid, action: act, ...(m ? { mode: m } : {}) });
    done();
    if (!r.ok) return setOutcome({ ok: false, what, text: r.error });
    setOutcome({ ok: r.value.ok, what, text: r.value.ok ? t(`fly.result.${r.value.result}`, { defaultValue: r.value.result }) : `${t(`fly.result.${r.value.result}`, { defaultValue: r.value.result })}${r.value.detail ? `: ${r.value.detail}` : ''}` });
  };
  // Cancelling a start needs no confirmation: it stops something, it moves nothing.
  const ask = (act: Act, m?: string) => {
    if (!target) return;
    if (act === 'cancel') return void run({ act, target });
    setPending({ act, mode: m, target });
  };

  const ACTS = ['upload', 'start', 'pause', 'resume', 'rtl', 'land'] as const;
  const reasons = ACTS.map((a) => ({ a, why: why(a) })).filter((x) => x.why !== null);
  const needsSecond = pending?.act === 'upload' && preflightErrors.length > 0;

  return (
    <section>
      <h2>{t('fly.actions')}</h2>
      <div className="actions">
        {ACTS.map((a) => {
          const w = why(a);
          return (
            <button key={a} data-testid={`action-${a}`} disabled={w !== null} data-why={w ?? ''} title={w ? t(`fly.why.${w}`) : ''} onClick={() => ask(a)}>
              {t(`fly.action.${a}`)}
            </button>
          );
        })}
      </div>
      <div className="row">
        <select data-testid="mode-select" aria-label={t('fly.action.mode')} value={mode} onChange={(e) => setMode(e.target.value)} disabled={!vehicle}>
          <option value="">{t('fly.chooseMode')}</option>
          {vehicle?.modes.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <button data-testid="action-mode" disabled={mode === '' || why('mode') !== null} onClick={() => ask('mode', mode)}>{t('fly.action.mode')}</button>
        <button data-testid="action-read-mission" disabled={!target || busy} onClick={() => target && void api.readMission(target.link, { sysid: target.sysid }).then((r) => !r.ok && setOutcome({ ok: false, what: t('fly.readMission'), text: r.error }))}>
          {t('fly.readMission')}
        </button>
      </div>
      {reasons.length > 0 && reasons.length < ACTS.length && (
        <ul className="why small" data-testid="action-reasons">
          {reasons.map(({ a, why: w }) => <li key={a}>{t(`fly.action.${a}`)}: {t(`fly.why.${w}`)}</li>)}
        </ul>
      )}
      {reasons.length === ACTS.length && <div className="small" data-testid="action-reasons">{t(`fly.why.${reasons[0].why}`)}</div>}
      {progress && link && progress.link_id === link.id && progress.sysid === vehicle?.sysid && (
        <div className="row small">
          <progress data-testid="upload-progress" data-done={progress.done} data-total={progress.total} max={Math.max(1, progress.total)} value={progress.done} />
          {t('fly.itemsSent', { done: progress.done, total: progress.total })}
        </div>
      )}
      {uploadOk !== null && <div data-testid="upload-result" data-ok={String(uploadOk)} className={uploadOk ? 'ok-text' : 'warn-text'}>{uploadOk ? t('fly.uploaded') : t('fly.uploadFailed')}</div>}
      {mission && <div className="small" data-testid="mission-held">{t('fly.missionHeld', { n: mission.items.length, source: t(`fly.missionSource.${mission.source}`) })}</div>}
      {mine && (
        <div className="small row" data-testid="action-running">
          {mine.what}…{mine.act === 'start' && step && step.sysid === vehicle?.sysid && step.step !== 'done' ? ` ${t(`fly.step.${step.step}`, { defaultValue: step.step })}${step.note ? ` — ${step.note}` : ''}` : ''}
          {mine.act === 'start' && <button data-testid="action-cancel" onClick={() => ask('cancel')}>{t('fly.action.cancel')}</button>}
        </div>
      )}
      {outcome && (
        <div data-testid="action-result" data-ok={String(outcome.ok)} className={outcome.ok ? 'ok-text' : 'error-box'}>
          {outcome.what}: {outcome.text}
        </div>
      )}
      {pending && (
        <div className="confirm" role="dialog" data-testid="confirm-dialog" data-sysid={pending.target.sysid}>
          <div>{t('fly.confirm', { what: name(pending.act, pending.mode) })}</div>
          <div className="small" data-testid="confirm-target"><b>{pending.target.label}</b></div>
          {pending.act === 'upload' && farHome_m !== null && farHome_m > FAR_HOME_M && (
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
