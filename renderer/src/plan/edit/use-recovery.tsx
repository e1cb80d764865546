// The recovery copy of unsaved edits: written by the Node side (in the app's data folder) shortly after each edit
// while the plan differs from its files, cleared when it is saved; found at the next start (after a crash, a reload
// without saving) and offered: restore it or discard it. A copy that does not read back as a plan is said so.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchpostApi } from '../../../../electron/api';
import type { PlanDoc } from '../../../../patrol/edit/plan-edit';
import { readPatrol, writePatrol } from '../../../../patrol/patrol/read-patrol';
import { readSiteFile } from '../../../../patrol/site/read-site-file';
import { writeSiteText } from '../../../../patrol/site/write-site';
import type { PlanEditor } from './use-plan-editor';

/** How long after an edit the copy is written. */
export const RECOVERY_WRITE_MS = 600;

interface Copy {
  version: 1;
  files: { site: string; patrol: string | null };
  doc: PlanDoc;
}

/** The copy's plan, read back through the file readers (so a damaged copy never becomes the plan). */
function planOf(text: string): { doc: PlanDoc; files: Copy['files'] } {
  const copy = JSON.parse(text) as Copy;
  if (copy.version !== 1) throw new Error(`version ${String(copy.version)}`);
  const site = readSiteFile(writeSiteText(copy.doc.site), 'recovery.site.geojson').site;
  const patrol = readPatrol(writePatrol(copy.doc.patrol), 'recovery.patrol.json', site);
  return { doc: { site, patrol }, files: copy.files };
}

export function useRecovery(api: WatchpostApi, editor: PlanEditor, files: Copy['files']): { offer: ReactNode; clear: () => Promise<void> } {
  const { t, i18n } = useTranslation();
  const [found, setFound] = useState<{ text: string; saved_utc: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.readRecovery().then((r) => r.ok && r.value && setFound(r.value));
  }, [api]);
  const { doc, dirty } = editor;
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => void api.writeRecovery(JSON.stringify({ version: 1, files, doc } satisfies Copy)), RECOVERY_WRITE_MS);
    return () => clearTimeout(timer);
  }, [api, doc, dirty, files]);
  const clear = async () => {
    await api.clearRecovery();
  };
  const restore = () => {
    if (!found) return;
    try {
      editor.replace(planOf(found.text).doc);
      setFound(null);
    } catch (err) {
      setError(t('edit.recoveryBad', { error: (err as Error).message }));
    }
  };
  const offer = found ? (
    <div className="banner info" data-testid="recovery-offer">
      {t('edit.recoveryFound', { when: new Date(found.saved_utc).toLocaleString(i18n.language) })}{' '}
      <button data-testid="recovery-restore" onClick={restore}>{t('edit.recoveryRestore')}</button>{' '}
      <button data-testid="recovery-discard" onClick={() => { setFound(null); void clear(); }}>{t('edit.recoveryDiscard')}</button>
      {error && <div className="error-box" role="alert">{error}</div>}
    </div>
  ) : null;
  return { offer, clear };
}
