// One property field of the Plan editor: shows the plan's value, and as the user types, hands the text to `commit`,
// which applies it or answers why not (shown under the field; the plan keeps its value). The text typed stays
// while the field has the focus; leaving it shows the plan's value again.
import { useEffect, useState } from 'react';

export interface FieldProps {
  testid: string;
  label: string;
  value: string | number | undefined;
  commit: (text: string) => string | null;
  type?: 'text' | 'number';
  placeholder?: string;
  /** Units after the field. */
  unit?: string;
}

export function Field({ testid, label, value, commit, type = 'text', placeholder, unit }: FieldProps) {
  const shown = value === undefined ? '' : String(value);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={testid} type={type} value={text} placeholder={placeholder} step="any" aria-invalid={error !== null}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setError(null);
        }}
        onChange={(e) => {
          setText(e.target.value);
          setError(commit(e.target.value));
        }}
      />
      {unit && <span className="unit">{unit}</span>}
      {error && <span className="field-error" role="alert" data-testid={`${testid}-error`}>{error}</span>}
    </label>
  );
}

/** The number typed, or NaN (the schemas then refuse it in their words). Empty is NaN too. */
export const numberOf = (text: string): number => (text.trim() === '' ? NaN : Number(text));
