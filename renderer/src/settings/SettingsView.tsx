// The Settings view (#/settings, issue 12): language, the map's base layer (with the user's own XYZ layers and
// Tianditu's key), the tile cache and offline areas, the flights folder, and how coordinates are written. Every
// change is saved at once (settings.json, atomically) and the maps of the other views follow it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Language, SettingsPatch, WatchpostApi, Workspace } from '../../../electron/api';
import { LANGUAGES } from '../../../electron/api';
import { BaseLayerSettings } from './BaseLayerSettings';
import { TileCacheSettings } from './TileCacheSettings';
import { OfflineAreasSettings } from './OfflineAreasSettings';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '简体中文' };

export interface SettingsViewProps {
  api: WatchpostApi;
  info: AppInfo;
  workspace: Workspace | null;
  onInfo: (info: AppInfo) => void;
  onLanguage: (l: Language) => void;
}

export function SettingsView({ api, info, workspace, onInfo, onLanguage }: SettingsViewProps) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [flightsDir, setFlightsDir] = useState(info.settings.flights_dir ?? '');
  /** Saves a change; the app's info follows (the maps redraw), an error is shown where the user is. */
  const save = async (patch: SettingsPatch): Promise<boolean> => {
    const r = await api.updateSettings(patch);
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(null);
    const again = await api.appInfo();
    if (again.ok) onInfo(again.value);
    return true;
  };
  const s = info.settings;
  return (
    <div className="settings" data-testid="settings-view">
      {error && <div className="banner warn" role="alert" data-testid="settings-error">{error}</div>}
      <section className="card">
        <h2>{t('settings.general')}</h2>
        <label className="field">
          <span>{t('app.language')}</span>
          <select data-testid="settings-language" value={i18n.language} onChange={(e) => onLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
          <span />
        </label>
        <label className="field">
          <span>{t('settings.coords')}</span>
          <select data-testid="settings-coords" value={s.coord_format} onChange={(e) => void save({ coord_format: e.target.value as 'deg' | 'dms' })}>
            <option value="deg">{t('settings.coordsDeg')}</option>
            <option value="dms">{t('settings.coordsDms')}</option>
          </select>
          <span />
        </label>
        <label className="field">
          <span>{t('settings.flightsDir')}</span>
          <input data-testid="settings-flights-dir" value={flightsDir} placeholder={info.flights_dir} onChange={(e) => setFlightsDir(e.target.value)} />
          <button data-testid="settings-flights-save" onClick={() => void save({ flights_dir: flightsDir.trim() === '' ? null : flightsDir.trim() })}>{t('settings.save')}</button>
        </label>
        <p className="hint">{t('settings.flightsNow', { dir: info.flights_dir })}</p>
      </section>
      <BaseLayerSettings settings={s} save={save} />
      <TileCacheSettings api={api} settings={s} save={save} />
      <OfflineAreasSettings api={api} info={info} workspace={workspace} />
    </div>
  );
}
