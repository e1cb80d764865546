// The Fly view's side panel: connections, the selected vehicle's instruments, the actions (each confirmed), and
// the duty posts with their live states and the finding keys.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkSummary, VehicleAction, VehicleSnapshot, WatchpostApi } from '../../../electron/api';
import type { Live } from './use-live';

const KINDS = ['staffed', 'absent', 'crowd', 'other'] as const;

export interface FlyPanelProps {
  api: WatchpostApi;
  live: Live;
  vehicle: VehicleSnapshot | null;
  link: LinkSummary | null;
  postIds: string[];
  /** The open site's home, where the simulated copter starts (none: it cannot start). */
  home: { lat_deg: number; lon_deg: number } | null;
}

type Pending = { kind: 'upload' } | { kind: 'action'; action: VehicleAction };

export function FlyPanel({ api, live, vehicle, link, postIds, home }: FlyPanelProps) {
  const { t } = useTranslation();
  const [uri, setUri] = useState('udpin:0.0.0.0:14550');
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [uploadOk, setUploadOk] = useState<boolean | null>(null);
  const [selectedPost, setSelectedPost] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const connect = async (target: string) => {
    const r = await api.openLink(target);
    setMessage(r.ok ? null : r.error);
  };
  const simulate = async () => {
    if (!home) return setMessage(t('fly.why.noHome'));
    const r = await api.startSimulator({ lat_deg: home.lat_deg, lon_deg: home.lon_deg, alt_m: 20, speedup: 5 });
    if (!r.ok) return setMessage(r.error);
    await connect(r.value.uri);
  };
  const run = async (p: Pending) => {
    setPending(null);
    if (!link) return;
    if (p.kind === 'upload') {
      const r = await api.uploadPatrol(link.id, vehicle ? { sysid: vehicle.sysid } : {});
      setUploadOk(r.ok && r.value.ok);
      setMessage(r.ok ? (r.value.ok ? null : `${r.value.result}: ${r.value.detail ?? ''}`) : r.error);
      return;
    }
    const r = await api.vehicleAction(link.id, { sysid: vehicle?.sysid, action: p.action });
    setMessage(r.ok ? (r.value.ok ? null : `${t(`fly.action.${p.action}`)}: ${r.value.result} ${r.value.detail ?? ''}`) : r.error);
  };
  const mark = async (kind: (typeof KINDS)[number]) => {
    if (!link || !selectedPost) return;
    const r = await api.addFinding(link.id, { post: selectedPost, kind, ...(kind === 'other' && note ? { note } : {}) });
    setMessage(r.ok ? null : r.error);
    if (r.ok) setNote('');
  };
  // Keys 1–4 mark a finding at the selected post (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      const i = ['1', '2', '3', '4'].indexOf(e.key);
      if (typing || i < 0 || e.ctrlKey || e.metaKey || e.altKey) return;
      void mark(KINDS[i]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const postStates = new Map((live.posts.find((p) => p.link_id === link?.id)?.posts ?? []).map((p) => [p.post_id, p]));
  const connected = link?.state === 'connected';
  const reason = !link ? t('fly.why.noLink') : !vehicle ? t('fly.why.noVehicle') : null;

  return (
    <aside className="side">
      <section>
        <h2>{t('fly.connections')}</h2>
        <div className="row">
          <input data-testid="link-uri" value={uri} onChange={(e) => setUri(e.target.value)} aria-label={t('fly.uri')} />
          <button data-testid="connect" onClick={() => void connect(uri)}>{t('fly.connect')}</button>
        </div>
        <button data-testid="simulate" onClick={() => void simulate()}>{t('fly.simulate')}</button>
        {live.links.map((l) => (
          <div key={l.id} className="link-row">
            <span data-testid="link-state" data-state={l.state}>{t(`fly.state.${l.state}`)}</span> <code>{l.uri}</code>
            <div className="small">{t('fly.bytes', { in: l.bytes_in, out: l.bytes_out })}{l.loss_pct !== null ? ` · ${t('fly.loss', { pct: l.loss_pct.toFixed(1) })}` : ''}</div>
            <div className="small" data-testid="recording-path">{l.tlog_path}</div>
            <button data-testid="disconnect" onClick={() => void api.closeLink(l.id)}>{t('fly.disconnect')}</button>
          </div>
        ))}
        {message && <div className="error-box" role="alert" data-testid="fly-message">{message}</div>}
      </section>
      <section>
        <h2>{t('fly.instruments')}</h2>
        {vehicle ? (
          <dl className="hud">
            <dt>{t('fly.mode')}</dt><dd data-testid="hud-mode" data-mode={vehicle.mode}>{vehicle.mode}</dd>
            <dt>{t('fly.armed')}</dt><dd data-testid="hud-armed" data-armed={String(vehicle.armed)}>{vehicle.armed ? t('fly.yes') : t('fly.no')}</dd>
            <dt>{t('fly.altRel')}</dt><dd data-testid="hud-alt-rel" data-m={vehicle.alt_rel_m ?? ''}>{vehicle.alt_rel_m === null ? t('fly.unknown') : `${vehicle.alt_rel_m.toFixed(1)} ${t('fly.m')}`}</dd>
            <dt>{t('fly.battery')}</dt><dd data-testid="hud-battery">{vehicle.battery_remaining_pct === null ? t('fly.unknown') : `${vehicle.battery_remaining_pct} %`}</dd>
            <dt>{t('fly.gps')}</dt><dd data-testid="hud-gps">{vehicle.gps_fix_type ?? t('fly.unknown')}{vehicle.gps_satellites !== null ? ` · ${vehicle.gps_satellites}` : ''}</dd>
            <dt>{t('fly.link')}</dt><dd data-testid="hud-link">{connected ? t('fly.state.connected') : link ? t(`fly.state.${link.state}`) : t('fly.unknown')}</dd>
          </dl>
        ) : <div className="small">{t('fly.why.noVehicle')}</div>}
      </section>
      <section>
        <h2>{t('fly.actions')}</h2>
        <div className="actions">
          <button data-testid="action-upload" disabled={reason !== null} title={reason ?? ''} onClick={() => setPending({ kind: 'upload' })}>{t('fly.action.upload')}</button>
          {(['start', 'pause', 'resume', 'rtl', 'land'] as const).map((a) => (
            <button key={a} data-testid={`action-${a}`} disabled={reason !== null} title={reason ?? ''} onClick={() => setPending({ kind: 'action', action: a })}>{t(`fly.action.${a}`)}</button>
          ))}
        </div>
        {live.upload && link && live.upload.link_id === link.id && (
          <progress data-testid="upload-progress" data-done={live.upload.done} data-total={live.upload.total} max={live.upload.total} value={live.upload.done} />
        )}
        {uploadOk !== null && <div data-testid="upload-result" data-ok={String(uploadOk)}>{uploadOk ? t('fly.uploaded') : t('fly.uploadFailed')}</div>}
        {pending && (
          <div className="confirm" role="dialog">
            {t('fly.confirm', { what: pending.kind === 'upload' ? t('fly.action.upload') : t(`fly.action.${pending.action}`) })}
            <button data-testid="confirm" onClick={() => void run(pending)}>{t('fly.yes')}</button>
            <button data-testid="cancel" onClick={() => setPending(null)}>{t('fly.no')}</button>
          </div>
        )}
      </section>
      <section>
        <h2>{t('fly.posts')}</h2>
        <ul className="posts">
          {postIds.map((id) => {
            const p = postStates.get(id);
            const state = p?.state ?? 'pending';
            return (
              <li key={id}>
                <button data-testid={`post-${id}`} data-state={state} className={`post-state ${state}${selectedPost === id ? ' selected' : ''}`} onClick={() => setSelectedPost(id)}>
                  {id} · {t(`fly.post.${state}`)}{state === 'in_view' && p ? ` ${p.in_view_s.toFixed(0)} s` : ''}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="findings">
          {KINDS.map((k, i) => (
            <button key={k} data-testid={`finding-${i + 1}`} disabled={!link || !selectedPost} onClick={() => void mark(k)}>{i + 1} {t(`fly.finding.${k}`)}</button>
          ))}
          <input data-testid="finding-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('fly.note')} />
        </div>
      </section>
    </aside>
  );
}
