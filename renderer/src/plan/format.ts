// Numbers as the Plan view shows them, in the UI's language.
import type { TFunction } from 'i18next';

export function duration(t: TFunction, s: number): string {
  const whole = Math.round(s);
  return t('units.min', { m: Math.floor(whole / 60), s: whole % 60 });
}

export function distance(t: TFunction, m: number): string {
  return m >= 1000 ? t('units.km', { km: (m / 1000).toFixed(2) }) : t('units.m', { m: Math.round(m) });
}
