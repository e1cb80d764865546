// The selected vehicle's instruments: mode, armed, altitudes, speeds, heading, distance from home, flight time,
// battery (warning colours), GPS, link quality and the vehicle's own messages (PreArm reasons stand out). A value
// not heard shows as unknown, never as 0.
import { useTranslation } from 'react-i18next';
import type { LinkSummary, LiveVehicle } from '../../../electron/api';
import { batteryLevel, elapsed, metresBetween, num, severityClass } from './fly-format';

export interface InstrumentsProps {
  vehicle: LiveVehicle | null;
  link: LinkSummary | null;
  /** The patrol's home, used for the distance when the vehicle has not said its own. */
  siteHome: { lat_deg: number; lon_deg: number } | null;
}

export function Instruments({ vehicle: v, link, siteHome }: InstrumentsProps) {
  const { t } = useTranslation();
  if (!v) return <section><h2>{t('fly.instruments')}</h2><div className="small">{t('fly.why.noVehicle')}</div></section>;
  const home = v.home ?? (siteHome ? { lat: siteHome.lat_deg, lon: siteHome.lon_deg } : null);
  const fromHome = home && v.lat !== null && v.lon !== null ? metresBetween(home, { lat: v.lat, lon: v.lon }) : null;
  const level = batteryLevel(v.battery_remaining_pct);
  const battery = [
    num(t, v.battery_voltage_v, 1, 'V'),
    num(t, v.battery_current_a, 1, 'A'),
    v.battery_remaining_pct === null ? t('fly.unknown') : `${v.battery_remaining_pct} %`,
  ].join(' · ');
  const gps = [
    v.gps_fix_type === null ? t('fly.unknown') : t(`fly.fix.${v.gps_fix_type}`, { defaultValue: v.gps_fix_type }),
    v.gps_satellites === null ? null : t('fly.sats', { n: v.gps_satellites }),
    v.gps_hdop === null ? null : `HDOP ${v.gps_hdop.toFixed(1)}`,
  ].filter(Boolean).join(' · ');
  const linkText = link
    ? `${t(`fly.state.${link.state}`)}${v.connected ? '' : ` · ${t('fly.noHeartbeat')}`} · ${v.link_received > 0 ? t('fly.loss', { pct: v.link_loss_pct.toFixed(1) }) : t('fly.lossUnknown')}`
    : t('fly.unknown');
  const messages = [...v.statustext].reverse();
  return (
    <section>
      <h2>{t('fly.instruments')} · {t('fly.vehicle', { sysid: v.sysid })}</h2>
      <dl className="hud">
        <dt>{t('fly.mode')}</dt><dd data-testid="hud-mode" data-mode={v.mode}><b>{v.mode}</b></dd>
        <dt>{t('fly.armed')}</dt><dd data-testid="hud-armed" data-armed={String(v.armed)} className={v.armed ? 'armed' : ''}>{v.armed ? t('fly.armedYes') : t('fly.armedNo')}</dd>
        <dt>{t('fly.altRel')}</dt><dd data-testid="hud-alt-rel" data-m={v.alt_rel_m ?? ''}>{num(t, v.alt_rel_m, 1, t('fly.m'))}</dd>
        <dt>{t('fly.altAmsl')}</dt><dd data-testid="hud-alt-amsl">{num(t, v.alt_amsl_m, 1, t('fly.m'))}</dd>
        <dt>{t('fly.speed')}</dt><dd data-testid="hud-speed">{num(t, v.groundspeed_mps, 1, t('fly.mps'))}</dd>
        <dt>{t('fly.climb')}</dt><dd data-testid="hud-climb">{num(t, v.climb_mps, 1, t('fly.mps'))}</dd>
        <dt>{t('fly.heading')}</dt><dd data-testid="hud-heading">{num(t, v.heading_deg, 0, '°')}</dd>
        <dt>{t('fly.fromHome')}</dt><dd data-testid="hud-home-distance">{num(t, fromHome, 0, t('fly.m'))}</dd>
        <dt>{t('fly.flightTime')}</dt><dd data-testid="hud-flight-time">{v.armed_s === null ? '—' : elapsed(v.armed_s)}</dd>
        <dt>{t('fly.battery')}</dt><dd data-testid="hud-battery" data-level={level} className={`battery ${level}`}>{battery}</dd>
        <dt>{t('fly.gps')}</dt><dd data-testid="hud-gps">{gps}</dd>
        <dt>{t('fly.link')}</dt><dd data-testid="hud-link" data-heartbeat={String(v.connected)} className={v.connected ? '' : 'warn-text'}>{linkText}</dd>
      </dl>
      <ul className="messages" data-testid="hud-messages">
        {messages.length === 0 && <li className="small">{t('fly.noMessages')}</li>}
        {messages.map((m) => (
          <li key={`${m.t_ms}|${m.text}`} className={`msg ${severityClass(m.severity)}${/^(PreArm|Arm):/i.test(m.text) ? ' prearm' : ''}`} data-severity={m.severity_name}>
            <span className="msg-sev">{t(`fly.sev.${severityClass(m.severity)}`)}</span> {m.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
