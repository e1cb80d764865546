// The Plan editor's tools above the map: select, draw a building, place a duty post, draw the fence, place home,
// add a waypoint; undo and redo (also Ctrl+Z and Ctrl+Shift+Z); save; a new site.
import { useTranslation } from 'react-i18next';
import type { Tool } from './MapEditing';
import type { PlanEditor } from './use-plan-editor';

const TOOLS: ReadonlyArray<{ tool: Tool; testid: string }> = [
  { tool: 'select', testid: 'tool-select' },
  { tool: 'building', testid: 'draw-building' },
  { tool: 'courtyard', testid: 'draw-courtyard' },
  { tool: 'post', testid: 'draw-post' },
  { tool: 'fence', testid: 'draw-fence' },
  { tool: 'home', testid: 'place-home' },
  { tool: 'waypoint', testid: 'add-waypoint' },
];

export function EditToolbar({ editor, tool, onTool, onSave, onNew, buildingSelected }: { editor: PlanEditor; tool: Tool; onTool: (t: Tool) => void; onSave: () => void; onNew: () => void; buildingSelected: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="map-tools edit-tools" role="toolbar" aria-label={t('edit.tools')}>
      {TOOLS.map(({ tool: x, testid }) => (
        <button key={x} data-testid={testid} aria-pressed={tool === x} className={tool === x ? 'active' : ''} onClick={() => onTool(x)} title={t(`edit.toolHint.${x}`)} disabled={x === 'courtyard' && !buildingSelected && tool !== 'courtyard'}>
          {t(`edit.tool.${x}`)}
        </button>
      ))}
      <span className="sep" />
      <button data-testid="undo" disabled={!editor.canUndo} onClick={editor.undo} title="Ctrl+Z">{t('edit.undo')}</button>
      <button data-testid="redo" disabled={!editor.canRedo} onClick={editor.redo} title="Ctrl+Shift+Z">{t('edit.redo')}</button>
      <span className="sep" />
      <button data-testid="save" onClick={onSave} className={editor.dirty ? 'primary' : ''}>{t('edit.save')}{editor.dirty ? ' •' : ''}</button>
      <button data-testid="new-site" onClick={onNew}>{t('edit.newSite')}</button>
      <span className="hint small" data-testid="tool-hint">{t(`edit.toolHint.${tool}`)}</span>
    </div>
  );
}
