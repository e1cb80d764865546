// The Connections panel: a link by URI as the CLI spells it (kinds offered, UDP listening first), serial ports with
// refresh and a baud choice (a typed path still connects where listing fails), the simulated copter (speed-up,
// copters, a training scenario, a signing key it then requires), the recent links, and each open link's state,
// traffic, recording and MAVLink 2 signing (LinkSigningField).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkSummary, SerialPortList, SimScenario, WatchpostApi } from '../../../electron/api';
import { SIM_SCENARIOS } from '../../../electron/api';
import { clock, fileSize } from './fly-format';
import { LinkSigningField } from './LinkSigningField';

const URI_EXAMPLES = ['udpin:0.0.0.0:14550', 'tcp:127.0.0.1:5760', 'udpout:192.168.4.1:14550', 'tcpin:0.0.0.0:5760'];
const BAUDS = [57600, 115200, 921600, 38400, 19200, 9600];
const SPEEDUPS = [1, 2, 5, 10];

export interface ConnectionsPanelProps {
  api: WatchpostApi;
  links: LinkSummary[];
  recent: string[];
  /** The open site's home, where the simulated copter starts (none: it cannot start). */
  home: { lat_deg: number; lon_deg: number } | null;
  /** Where links record their flights. */
  flightsDir: string;
  /** A link opened (the Fly view remembers it among the recent ones). */
  onOpened: (uri: string) => void;
}

export function ConnectionsPanel({ api, links, recent, home, flightsDir, onOpened }: ConnectionsPanelProps) {
  const { t } = useTranslation();
  const [uri, setUri] = useState(URI_EXAMPLES[0]);
  const [message, setMessage] = useState<string | null>(null);
  const [ports, setPorts] = useState<SerialPortList | null>(null);
  const [port, setPort] = useState('');
  const [baud, setBaud] = useState(57600);
  const [speedup, setSpeedup] = useState(5);
  const [copters, setCopters] = useState(1);
  const [scenario, setScenario] = useState<SimScenario>('normal');
  /** The simulated copter requires signing with this key (empty: no signing); sent once, never kept after a start. */
  const [simKey, setSimKey] = useState('');
  const [busy, setBusy] = useState(false);

  const refreshPorts = async () => {
    const r = await api.serialPorts();
    if (!r.ok) return setMessage(r.error);
    setPorts(r.value);
  };
  // Listed once on opening; the refresh button lists again.
  useEffect(() => {
    void api.serialPorts().then((r) => (r.ok ? setPorts(r.value) : setMessage(r.error)));
  }, [api]);

  const connect = async (target: string) => {
    setBusy(true);
    const r = await api.openLink(target.trim());
    setBusy(false);
    setMessage(r.ok ? null : r.error);
    if (r.ok) onOpened(target.trim());
  };
  const simulate = async () => {
    if (!home) return setMessage(t('fly.why.noHome'));
    setBusy(true);
    const r = await api.startSimulator({ lat_deg: home.lat_deg, lon_deg: home.lon_deg, alt_m: 20, speedup, vehicles: copters, scenario, ...(simKey !== '' ? { signing_key: simKey } : {}) });
    setBusy(false);
    setSimKey('');
    if (!r.ok) return setMessage(r.error);
    await connect(r.value.uri);
  };

  return (
    <section>
      <h2>{t('fly.connections')}</h2>
      <div className="row">
        <input data-testid="link-uri" list="link-uris" value={uri} onChange={(e) => setUri(e.target.value)} aria-label={t('fly.uri')} />
        <datalist id="link-uris">{URI_EXAMPLES.map((u) => <option key={u} value={u} />)}</datalist>
        <button data-testid="connect" disabled={busy || uri.trim() === ''} onClick={() => void connect(uri)}>{t('fly.connect')}</button>
      </div>
      <div className="row">
        <select data-testid="serial-port" aria-label={t('fly.serialPort')} value={port} onChange={(e) => setPort(e.target.value)}>
          <option value="">{ports && ports.ports.length === 0 ? t('fly.noPorts') : t('fly.serialPort')}</option>
          {ports?.ports.map((p) => <option key={p.path} value={p.path}>{p.path}{p.manufacturer ? ` · ${p.manufacturer}` : ''}</option>)}
        </select>
        <select data-testid="serial-baud" aria-label={t('fly.baud')} value={baud} onChange={(e) => setBaud(Number(e.target.value))}>
          {BAUDS.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
        <button data-testid="serial-refresh" title={t('fly.refresh')} onClick={() => void refreshPorts()}>⟳</button>
        <button data-testid="serial-connect" disabled={busy || port === ''} onClick={() => void connect(`serial:${port}:${baud}`)}>{t('fly.connect')}</button>
      </div>
      {ports?.problem && <div className="small" data-testid="serial-problem">{t('fly.portsProblem', { problem: ports.problem })}</div>}
      <div className="row">
        <button data-testid="simulate" disabled={busy} onClick={() => void simulate()}>{t('fly.simulate')}</button>
        <label className="small">{t('fly.speedup')}
          <select data-testid="sim-speedup" value={speedup} onChange={(e) => setSpeedup(Number(e.target.value))}>{SPEEDUPS.map((s) => <option key={s} value={s}>{s}×</option>)}</select>
        </label>
        <label className="small">{t('fly.copters')}
          <select data-testid="sim-copters" value={copters} onChange={(e) => setCopters(Number(e.target.value))}>{[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}</select>
        </label>
        <select data-testid="sim-scenario" aria-label={t('fly.scenario')} value={scenario} onChange={(e) => setScenario(e.target.value as SimScenario)}>
          {SIM_SCENARIOS.map((s) => <option key={s} value={s}>{t(`fly.scenarios.${s}`)}</option>)}
        </select>
        <input
          data-testid="sim-signing-key" type="password" autoComplete="new-password" spellCheck={false} value={simKey}
          onChange={(e) => setSimKey(e.target.value)} aria-label={t('fly.simSigningKeyHelp')} title={t('fly.simSigningKeyHelp')} placeholder={t('fly.simSigningKey')}
        />
      </div>
      {recent.length > 0 && (
        <div className="recent-links small">
          {t('fly.recent')}: {recent.map((u) => <button key={u} className="link" data-testid="recent-link" onClick={() => setUri(u)}>{u}</button>)}
        </div>
      )}
      {message && <div className="error-box" role="alert" data-testid="fly-message">{message}</div>}
      <div className="small">{t('fly.flightsDir')} <code data-testid="flights-dir">{flightsDir}</code></div>
      {links.map((l) => <LinkRow key={l.id} api={api} link={l} />)}
    </section>
  );
}

function LinkRow({ api, link: l }: { api: WatchpostApi; link: LinkSummary }) {
  const { t } = useTranslation();
  return (
    <div className="link-row" data-link={l.id}>
      <span data-testid="link-state" data-state={l.state} className={`link-state ${l.state}`}>
        {t(`fly.state.${l.state}`)}{l.state === 'lost' && l.lost_since_utc ? ` ${t('fly.since', { time: clock(l.lost_since_utc) })}` : ''}
      </span>{' '}
      <code>{l.uri}</code>
      <div className="small">
        {t('fly.bytes', { in: fileSize(l.bytes_in), out: fileSize(l.bytes_out) })}
        {' · '}{l.loss_pct === null ? t('fly.lossUnknown') : t('fly.loss', { pct: l.loss_pct.toFixed(1) })}
        {' · '}{t('fly.lastHeard', { time: l.last_heard_utc ? clock(l.last_heard_utc) : t('fly.never') })}
      </div>
      {l.detail && l.state !== 'connected' && <div className="small warn-text">{l.detail}</div>}
      <div className="small">
        {t('fly.recording')} <span data-testid="recording-path">{l.tlog_path}</span> · <span data-testid="recording-size">{fileSize(l.tlog_bytes)}</span>
      </div>
      <LinkSigningField api={api} link={l} />
      <button data-testid="disconnect" onClick={() => void api.closeLink(l.id)}>{t('fly.disconnect')}</button>
    </div>
  );
}
