// i18next with the app's two languages. The language is the user's choice (settings), else the system's.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../electron/api';
import { en } from './en';
import { zhCN } from './zh-CN';

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

/** The language to show: the saved choice, else Chinese for a Chinese system, else English. */
export function pickLanguage(saved: Language | null, system: readonly string[]): Language {
  if (saved) return saved;
  return system.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export async function initI18n(lng: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({ resources, lng, fallbackLng: 'en', interpolation: { escapeValue: false }, returnNull: false });
  return instance;
}
