// Undo and redo as a history of values (DESIGN.md "Conventions"): every edit is a pure function from one plan to the
// next, so undoing is going back to the value before. Consecutive edits of the same thing (typing a height digit by
// digit, dragging a corner) can be merged into one step with a `coalesce` key.

export interface History<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** The key of the last step, when it may absorb the next edit with the same key. */
  lastKey: string | null;
}

/** Steps kept to undo (older ones are dropped). */
export const HISTORY_LIMIT = 200;

export function history<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

/** The history after an edit that gave `next` (nothing when it is the same value). */
export function record<T>(h: History<T>, next: T, coalesce: string | null = null): History<T> {
  if (next === h.present) return h;
  if (coalesce !== null && coalesce === h.lastKey) return { ...h, present: next, future: [] };
  const past = [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: coalesce };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1), lastKey: null };
}

export const canUndo = (h: History<unknown>): boolean => h.past.length > 0;
export const canRedo = (h: History<unknown>): boolean => h.future.length > 0;
