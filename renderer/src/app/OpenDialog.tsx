// "Open…": a path field (browser mode has no file picker; the desktop app adds "Browse…"), with recent files.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, WatchpostApi } from '../../../electron/api';

export interface OpenDialogProps {
  api: WatchpostApi;
  info: AppInfo;
  recent: string[];
  onOpen: (path: string) => Promise<string | null>;
  onClose: () => void;
}

export function OpenDialog({ api, info, recent, onOpen, onClose }: OpenDialogProps) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Escape closes; focus goes back to what had it (the Open… button) when the dialog goes.
  const before = useRef<Element | null>(document.activeElement);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    window.addEventListener('keydown', onKey);
    const back = before.current;
    return () => {
      window.removeEventListener('keydown', onKey);
      if (back instanceof HTMLElement) back.focus();
    };
  }, []);
  const open = async (p: string) => {
    setBusy(true);
    const err = await onOpen(p);
    setBusy(false);
    if (err) setError(err);
    else onClose();
  };
  const browse = async () => {
    const r = await api.chooseFile('site'); // the picker offers sites and patrols
    if (!r.ok) setError(r.error);
    else if (r.value) await open(r.value);
  };
  return (
    <div className="modal-back" onClick={onClose}>
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={t('open.title')}
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() !== '') void open(path.trim());
        }}
      >
        <h2>{t('open.title')}</h2>
        <p className="muted">{t('open.hint')}</p>
        <label>
          {t('open.path')}
          <input name="path" data-testid="open-path" autoFocus value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
        </label>
        {error && <div className="error-box" role="alert">{error}</div>}
        {recent.length > 0 && (
          <>
            <h3>{t('open.recent')}</h3>
            <ul className="recent">
              {recent.map((p) => (
                <li key={p}>
                  <button type="button" className="link" onClick={() => void open(p)}>{p}</button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="buttons">
          {info.mode === 'desktop' && <button type="button" onClick={() => void browse()}>{t('open.browse')}</button>}
          <button type="button" onClick={onClose}>{t('open.cancel')}</button>
          <button type="submit" data-testid="open-submit" className="primary" disabled={busy || path.trim() === ''}>{t('open.open')}</button>
        </div>
      </form>
    </div>
  );
}
