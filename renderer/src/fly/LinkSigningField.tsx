// MAVLink 2 signing of one open link, in its row of the Connections panel: the key for the link's URI (a passphrase or
// 64 hex digits, typed into a password field and never shown again: the saved key shows as its fingerprint), whether
// signing is required, save and remove (applied to the open link at once), and what signing does with the frames
// received (signed ok, unsigned dropped, bad signature, replayed, out of window), from the link's summary. And "Send key
// to vehicle": the saved key given to one of the link's vehicles with SETUP_SIGNING (as `watchpost signing setup`),
// after a confirmation that says to do it only over a link you trust (the flight controller's USB port): the Node side
// refuses (insecure_link) any link that is neither serial nor loopback unless the dialog's second box, "send over this
// insecure link", is ticked. The typed result (ok / insecure_link / armed / not_signing / no_answer) is shown. A link
// whose key file could not be read drops every frame: it says so, and saving its key again fixes it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkSummary, SigningSendResult, WatchpostApi } from '../../../electron/api';

export function LinkSigningField({ api, link }: { api: WatchpostApi; link: LinkSummary }) {
  const { t } = useTranslation();
  const s = link.signing;
  const [key, setKey] = useState('');
  // The stored choice (unknown while the key file cannot be read: the link then drops everything, shown as required
  // with no key, which is not a choice the user made).
  const storedRequire = s.state === 'required' && s.fingerprint !== null;
  const [require, setRequire] = useState(storedRequire);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  // The stored choice, whenever it changes (another window, a save): the box follows it.
  useEffect(() => setRequire(storedRequire), [storedRequire]);

  const save = async () => {
    setBusy(true);
    // No key typed: keep the stored one and change only whether it is required.
    const r = await api.setSigningKey(link.uri, key === '' ? { require } : { key, require });
    setBusy(false);
    setKey(''); // never kept in the page once sent
    setNote(r.ok ? { ok: true, text: t('fly.signing.saved', { fingerprint: r.value.fingerprint }) } : { ok: false, text: r.error });
  };
  const remove = async () => {
    setBusy(true);
    const r = await api.removeSigningKey(link.uri);
    setBusy(false);
    setNote(r.ok ? { ok: true, text: t('fly.signing.removed') } : { ok: false, text: r.error });
  };

  const [sendTo, setSendTo] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [insecure, setInsecure] = useState(false);
  const [sent, setSent] = useState<{ result: SigningSendResult | 'error'; text: string } | null>(null);
  // The vehicle chosen, else the link's first (several may share one link).
  const target = sendTo !== null && link.sysids.includes(sendTo) ? sendTo : (link.sysids[0] ?? null);
  const send = async () => {
    if (target === null) return;
    setConfirming(false);
    setBusy(true);
    setSent(null);
    const r = await api.sendSigningKey(link.id, insecure ? { sysid: target, insecure_link: true } : { sysid: target });
    setInsecure(false); // asked again every time
    setBusy(false);
    if (!r.ok) return setSent({ result: 'error', text: r.error });
    const o = r.value;
    setSent({
      result: o.result,
      text: t(`fly.signing.sendResult.${o.result}`, { sysid: o.sysid, fingerprint: o.fingerprint, n: o.signed_frames_verified, command: o.command_result ?? '', uri: link.uri }),
    });
  };

  const dropped = s.unsigned_dropped + s.bad_signature + s.replayed + s.out_of_window;
  // Required with no key: the key file could not be read, and the link drops every frame until it is fixed.
  const stateKey = s.state !== 'off' && s.fingerprint === null && s.problem ? 'blocked' : s.state;
  return (
    <div className="link-signing small">
      <div
        data-testid="link-signing-state" data-state={s.state} data-fingerprint={s.fingerprint ?? ''}
        data-signed-ok={s.signed_ok} data-unsigned-dropped={s.unsigned_dropped} data-bad-signature={s.bad_signature}
        data-replayed={s.replayed} data-out-of-window={s.out_of_window} data-signed-unchecked={s.signed_unchecked}
        data-link-id={s.link_id ?? ''}
      >
        <strong>{t(`fly.signing.state.${stateKey}`, { fingerprint: s.fingerprint ?? '' })}</strong>
        {s.state !== 'off' && s.link_id != null && <>{' · '}<span data-testid="link-signing-link-id">{t('fly.signing.linkId', { id: s.link_id })}</span></>}
        {s.state !== 'off' && (
          <>
            {' · '}{t('fly.signing.counts', { ok: s.signed_ok, unsigned: s.unsigned_dropped, bad: s.bad_signature, replayed: s.replayed, window: s.out_of_window })}
            {s.state === 'signing' && <>{' · '}{t('fly.signing.unsignedAccepted', { n: s.unsigned_accepted })}</>}
          </>
        )}
        {s.state === 'off' && s.signed_unchecked > 0 && <div className="warn-text">{t('fly.signing.vehicleSigns', { n: s.signed_unchecked })}</div>}
        {stateKey !== 'blocked' && s.state !== 'off' && dropped > 0 && s.signed_ok === 0 && <div className="warn-text">{t('fly.signing.dropping')}</div>}
        {s.problem && <div className="warn-text" data-testid="link-signing-problem">{t('fly.signing.problem', { problem: s.problem })}</div>}
      </div>
      <div className="row">
        <input
          data-testid="link-signing-key" type="password" autoComplete="new-password" spellCheck={false} value={key}
          onChange={(e) => setKey(e.target.value)} aria-label={t('fly.signing.key')}
          placeholder={s.fingerprint ? t('fly.signing.keyKept', { fingerprint: s.fingerprint }) : t('fly.signing.keyNew')}
        />
        <label>
          <input data-testid="link-signing-require" type="checkbox" checked={require} onChange={(e) => setRequire(e.target.checked)} />
          {t('fly.signing.require')}
        </label>
        <button data-testid="link-signing-save" disabled={busy || (key === '' && s.fingerprint === null)} onClick={() => void save()}>{t('fly.signing.save')}</button>
        <button data-testid="link-signing-remove" disabled={busy || s.fingerprint === null} onClick={() => void remove()}>{t('fly.signing.remove')}</button>
      </div>
      {note && <div data-testid="link-signing-message" className={note.ok ? '' : 'warn-text'} role={note.ok ? 'status' : 'alert'}>{note.text}</div>}
      <div className="row">
        {link.sysids.length > 1 && (
          <select data-testid="link-signing-send-sysid" aria-label={t('fly.signing.sendTo')} value={target ?? ''} onChange={(e) => setSendTo(Number(e.target.value))}>
            {link.sysids.map((id) => <option key={id} value={id}>{t('fly.vehicle', { sysid: id })}</option>)}
          </select>
        )}
        <button
          data-testid="link-signing-send" title={t('fly.signing.sendHelp')}
          disabled={busy || s.fingerprint === null || target === null} onClick={() => { setSent(null); setConfirming(true); }}
        >{t('fly.signing.send')}</button>
      </div>
      {confirming && target !== null && (
        <div className="confirm" role="dialog" data-testid="link-signing-send-dialog" data-sysid={target}>
          <div>{t('fly.signing.sendConfirm', { sysid: target, fingerprint: s.fingerprint ?? '' })}</div>
          <div className="warn-text">{t('fly.signing.sendTrusted')}</div>
          <div className="small"><code>{link.uri}</code></div>
          <label className="warn-text">
            <input data-testid="link-signing-send-insecure" type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
            {t('fly.signing.sendInsecure')}
          </label>
          <div className="row">
            <button data-testid="link-signing-send-confirm" onClick={() => void send()}>{t('fly.signing.sendYes')}</button>
            <button data-testid="link-signing-send-cancel" onClick={() => { setConfirming(false); setInsecure(false); }}>{t('fly.no')}</button>
          </div>
        </div>
      )}
      {sent && (
        <div data-testid="link-signing-send-result" data-result={sent.result} className={sent.result === 'ok' ? 'ok-text' : 'warn-text'} role={sent.result === 'ok' ? 'status' : 'alert'}>
          {sent.text}
        </div>
      )}
    </div>
  );
}
