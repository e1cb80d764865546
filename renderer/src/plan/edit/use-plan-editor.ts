// The Plan editor's state: the plan (site and patrol) with its undo history, the files it came from, and the model
// the map and the panels show (the patrol compiled and checked), recomputed shortly after each edit. Edits are the
// pure functions of patrol/edit; this only keeps their results.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Edit, PlanDoc } from '../../../../patrol/edit/plan-edit';
import { canRedo, canUndo, history, record, redo, undo, type History } from '../../../../patrol/edit/history';
import { modelOf, type PlanModel } from '../plan-model';
import { useTranslation } from 'react-i18next';
import { editProblemText } from '../../../../patrol/edit/edit-text';

/** How long after the last edit the patrol is compiled and checked again. */
export const RECHECK_MS = 120;

export interface PlanEditor {
  doc: PlanDoc;
  model: PlanModel;
  /** Apply an edit; answers its refusal (the plan unchanged) or null. `coalesce` merges repeated edits of one thing. */
  apply: (edit: (doc: PlanDoc) => Edit, coalesce?: string) => string | null;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  /** Changed since opened or saved. */
  dirty: boolean;
  markSaved: () => void;
  /** Replace the whole plan (a recovered copy, a new site): one step to undo. */
  replace: (doc: PlanDoc) => void;
}

export function usePlanEditor(initial: PlanDoc, siteWarnings: string[]): PlanEditor {
  const [h, setH] = useState<History<PlanDoc>>(() => history(initial));
  const current = useRef(h);
  current.current = h;
  const [saved, setSaved] = useState<PlanDoc>(initial);
  const [model, setModel] = useState<PlanModel>(() => modelOf(initial.site, siteWarnings, initial.patrol));
  const doc = h.present;
  useEffect(() => {
    const timer = setTimeout(() => setModel(modelOf(doc.site, siteWarnings, doc.patrol)), RECHECK_MS);
    return () => clearTimeout(timer);
  }, [doc, siteWarnings]);

  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const apply = useCallback((edit: (d: PlanDoc) => Edit, coalesce?: string): string | null => {
    const r = edit(current.current.present);
    // A value the file reader refuses is said in the UI's language; other refusals (an id taken…) in English.
    if (!r.ok) return r.problem ? editProblemText(r.problem, lang) : r.error;
    current.current = record(current.current, r.doc, coalesce ?? null);
    setH(current.current);
    return null;
  }, [lang]);
  const step = useCallback((f: (x: History<PlanDoc>) => History<PlanDoc>) => {
    current.current = f(current.current);
    setH(current.current);
  }, []);
  return useMemo(() => ({
    doc,
    model,
    apply,
    undo: () => step(undo),
    redo: () => step(redo),
    canUndo: canUndo(h),
    canRedo: canRedo(h),
    dirty: doc !== saved,
    markSaved: () => setSaved(current.current.present),
    replace: (next: PlanDoc) => step((x) => record(x, next)),
  }), [doc, model, apply, step, h, saved]);
}
