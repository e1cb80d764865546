// The side panel's editor of what is selected on the map: a building (name, Chinese name, height, key building;
// add a facade orbit or a roof sweep of it), a duty post (name, Chinese name, radius, dwell, shifts; add a visit),
// or, with nothing selected, the site (name, ceiling). Values the file reader would refuse are refused here with
// its words.
import { useTranslation } from 'react-i18next';
import {
  addLeg, deleteFeature, facadeLeg, postLeg, roofLeg, setBuildingProps, setFence, setPostProps, setSiteProps, type PlanDoc,
} from '../../../../patrol/edit/plan-edit';
import type { Shift } from '../../../../patrol/site/site';
import { Field, numberOf } from './Field';
import type { PlanEditor } from './use-plan-editor';
import type { Selection } from './MapEditing';

/** "08:00-20:00, 22:00-06:00" → shifts; anything else is handed on as it is for the schema to refuse. */
function shiftsOf(text: string): Shift[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const [from = '', to = ''] = part.split(/[-–]/).map((s) => s.trim());
    return { from, to };
  });
}

export function FeatureProps({ editor, selected, onSelect }: { editor: PlanEditor; selected: Selection; onSelect: (s: Selection) => void }) {
  const { t } = useTranslation();
  const { doc } = editor;
  const key = (what: string) => `${selected?.kind}:${selected?.id}:${what}`;
  const edit = (f: (d: PlanDoc) => ReturnType<typeof setSiteProps>, what: string) => editor.apply(f, key(what));

  if (selected?.kind === 'building') {
    const b = doc.site.buildings.find((x) => x.id === selected.id);
    if (!b) return null;
    return (
      <section className="card" data-testid="feature-props" data-kind="building">
        <h2>{t('edit.building', { id: b.id })}</h2>
        <Field testid="prop-name" label={t('edit.name')} value={b.name} commit={(v) => edit((d) => setBuildingProps(d, b.id, { name: v }), 'name')} />
        <Field testid="prop-name-zh" label={t('edit.nameZh')} value={b.name_zh} commit={(v) => edit((d) => setBuildingProps(d, b.id, { name_zh: v }), 'name_zh')} />
        <Field testid="prop-height" label={t('edit.height')} type="number" unit={t('fly.m')} value={b.height_m} commit={(v) => edit((d) => setBuildingProps(d, b.id, { height_m: numberOf(v) }), 'height')} />
        <label className="field"><span>{t('edit.key')}</span><input type="checkbox" data-testid="prop-key" checked={b.key} onChange={(e) => editor.apply((d) => setBuildingProps(d, b.id, { key: e.target.checked }))} /></label>
        <div className="buttons-row">
          <button data-testid="add-facade" onClick={() => editor.apply((d) => addLeg(d, facadeLeg(b.id)))}>{t('edit.addFacade')}</button>
          <button data-testid="add-roof" onClick={() => editor.apply((d) => addLeg(d, roofLeg(b.id)))}>{t('edit.addRoof')}</button>
          <button data-testid="delete-feature" className="danger" onClick={() => { editor.apply((d) => deleteFeature(d, 'building', b.id)); onSelect(null); }}>{t('edit.delete')}</button>
        </div>
      </section>
    );
  }
  if (selected?.kind === 'post') {
    const p = doc.site.posts.find((x) => x.id === selected.id);
    if (!p) return null;
    return (
      <section className="card" data-testid="feature-props" data-kind="post">
        <h2>{t('edit.post', { id: p.id })}</h2>
        <Field testid="prop-name" label={t('edit.name')} value={p.name} commit={(v) => edit((d) => setPostProps(d, p.id, { name: v }), 'name')} />
        <Field testid="prop-name-zh" label={t('edit.nameZh')} value={p.name_zh} commit={(v) => edit((d) => setPostProps(d, p.id, { name_zh: v }), 'name_zh')} />
        <Field testid="prop-radius" label={t('edit.radius')} type="number" unit={t('fly.m')} value={p.radius_m} commit={(v) => edit((d) => setPostProps(d, p.id, { radius_m: numberOf(v) }), 'radius')} />
        <Field testid="prop-dwell" label={t('edit.dwell')} type="number" unit={t('edit.s')} value={p.dwell_s} commit={(v) => edit((d) => setPostProps(d, p.id, { dwell_s: numberOf(v) }), 'dwell')} />
        <Field testid="prop-shifts" label={t('edit.shifts')} placeholder="08:00-20:00, 22:00-06:00" value={p.shifts.map((s) => `${s.from}-${s.to}`).join(', ')} commit={(v) => edit((d) => setPostProps(d, p.id, { shifts: shiftsOf(v) }), 'shifts')} />
        <div className="buttons-row">
          <button data-testid="add-post" onClick={() => editor.apply((d) => addLeg(d, postLeg(d, p.id)))}>{t('edit.addPost')}</button>
          <button data-testid="delete-feature" className="danger" onClick={() => { editor.apply((d) => deleteFeature(d, 'post', p.id)); onSelect(null); }}>{t('edit.delete')}</button>
        </div>
      </section>
    );
  }
  if (selected?.kind === 'fence') {
    return (
      <section className="card" data-testid="feature-props" data-kind="fence">
        <h2>{t('edit.fence')}</h2>
        <div className="hint">{t('edit.fenceHint')}</div>
        <div className="buttons-row">
          <button data-testid="delete-feature" className="danger" onClick={() => { editor.apply((d) => setFence(d, null)); onSelect(null); }}>{t('edit.delete')}</button>
        </div>
      </section>
    );
  }
  return (
    <section className="card" data-testid="feature-props" data-kind="site">
      <h2>{t('plan.site')}</h2>
      <Field testid="prop-site-name" label={t('edit.name')} value={doc.site.name} commit={(v) => editor.apply((d) => setSiteProps(d, { name: v }), 'site:name')} />
      <Field testid="prop-max-alt" label={t('plan.maxAlt')} type="number" unit={t('fly.m')} value={doc.site.max_alt_m} commit={(v) => editor.apply((d) => setSiteProps(d, { max_alt_m: numberOf(v) }), 'site:max_alt')} />
      <div className="hint">{t('edit.selectHint')}</div>
    </section>
  );
}
