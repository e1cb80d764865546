// Settings: the map's base layer. The built-in providers (each with its datum: AMap's layers draw in GCJ-02, and the
// maps convert to it), the plain background, the user's XYZ layers (added with their credit, deepest zoom and
// datum), and Tianditu's key, without which its layers cannot be used.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsPatch } from '../../../electron/api';
import { layerName, RUN_LAYER } from './layer-name';
import { allLayers, customLayerId, isXyzTemplate, NO_LAYER, type CustomLayer, type MapDatum } from '../../../patrol/maps/providers';

export function BaseLayerSettings({ settings, save }: { settings: Settings; save: (p: SettingsPatch) => Promise<boolean> }) {
  const { t } = useTranslation();
  const layers = allLayers(settings.custom_layers);
  const [key, setKey] = useState(settings.tianditu_key ?? '');
  const [draft, setDraft] = useState({ name: '', url: '', attribution: '', max_zoom: '19', datum: 'wgs84' as MapDatum });
  const [draftError, setDraftError] = useState<string | null>(null);
  const add = async () => {
    if (draft.name.trim() === '') return setDraftError(t('settings.layerNameNeeded'));
    if (!isXyzTemplate(draft.url.trim())) return setDraftError(t('settings.layerUrlBad'));
    const layer: CustomLayer = { id: customLayerId(draft.name, layers.map((l) => l.id)), name: draft.name.trim(), url: draft.url.trim(), attribution: draft.attribution.trim(), max_zoom: Number(draft.max_zoom), datum: draft.datum };
    if (await save({ custom_layers: [...settings.custom_layers, layer], base_layer: layer.id })) {
      setDraft({ name: '', url: '', attribution: '', max_zoom: '19', datum: 'wgs84' });
      setDraftError(null);
    }
  };
  const remove = (id: string) => void save({ custom_layers: settings.custom_layers.filter((l) => l.id !== id), ...(settings.base_layer === id ? { base_layer: 'osm' } : {}) });
  return (
    <section className="card">
      <h2>{t('settings.baseLayer')}</h2>
      <div className="layer-list" role="radiogroup" aria-label={t('settings.baseLayer')}>
        {[...layers, null].map((l) => {
          const id = l?.id ?? NO_LAYER;
          return (
            <label key={id} className="layer-choice" data-testid={`settings-layer-${id}`}>
              <input type="radio" name="base-layer" checked={settings.base_layer === id} onChange={() => void save({ base_layer: id })} />
              <span>{l ? layerName(l, t) : t('settings.noLayer')}</span>
              {l?.datum === 'gcj02' && <span className="badge" title={t('settings.gcjHint')}>GCJ-02</span>}
              {l?.needs_key && !settings.tianditu_key && <span className="badge warn">{t('settings.needsKey')}</span>}
              {l?.custom && id !== RUN_LAYER && <button className="link" data-testid={`settings-layer-remove-${id}`} onClick={(e) => { e.preventDefault(); remove(id); }}>{t('settings.remove')}</button>}
            </label>
          );
        })}
      </div>
      <p className="hint">{t('settings.gcjHint')}</p>
      <label className="field">
        <span>{t('settings.tiandituKey')}</span>
        <input data-testid="settings-tianditu-key" value={key} onChange={(e) => setKey(e.target.value)} placeholder="tk" />
        <button data-testid="settings-tianditu-save" onClick={() => void save({ tianditu_key: key.trim() === '' ? null : key.trim() })}>{t('settings.save')}</button>
      </label>
      <h3>{t('settings.addLayer')}</h3>
      <div className="custom-layer-form">
        <input data-testid="custom-layer-name" placeholder={t('settings.layerName')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <input data-testid="custom-layer-url" className="wide" placeholder="https://…/{z}/{x}/{y}.png" value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} />
        <input data-testid="custom-layer-attribution" placeholder={t('settings.layerAttribution')} value={draft.attribution} onChange={(e) => setDraft({ ...draft, attribution: e.target.value })} />
        <label>{t('settings.maxZoom')} <input data-testid="custom-layer-max-zoom" type="number" min={1} max={22} value={draft.max_zoom} onChange={(e) => setDraft({ ...draft, max_zoom: e.target.value })} /></label>
        <select data-testid="custom-layer-datum" value={draft.datum} onChange={(e) => setDraft({ ...draft, datum: e.target.value as MapDatum })}>
          <option value="wgs84">WGS-84</option>
          <option value="gcj02">GCJ-02</option>
        </select>
        <button data-testid="custom-layer-add" onClick={() => void add()}>{t('settings.add')}</button>
      </div>
      {draftError && <p className="error" data-testid="custom-layer-error">{draftError}</p>}
    </section>
  );
}
