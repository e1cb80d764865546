// The Plan view: the site and the patrol of the open files, edited in place (plan/edit/PlanEditor): drawing, the
// properties of what is selected, the legs, the preflight findings as they change.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { WatchpostApi, Workspace } from '../../../electron/api';
import type { PlanDoc } from '../../../patrol/edit/plan-edit';
import { planModel } from './plan-model';
import { PlanEditor } from './edit/PlanEditor';
import type { PlanPaths } from './edit/SavePanel';
import { newPlan } from '../../../patrol/edit/plan-edit';

export function PlanView({ api, workspace, active, desktop, onSaved }: { api: WatchpostApi; workspace: Workspace; active: boolean; desktop: boolean; onSaved: (paths: PlanPaths) => void }) {
  const { t } = useTranslation();
  const result = useMemo((): { doc: PlanDoc; warnings: string[] } | { error: string } => {
    try {
      const model = planModel(workspace);
      // A patrol that cannot be read leaves the site to edit, with an empty patrol (the error is shown with it).
      return { doc: { site: model.site, patrol: model.patrol ?? { ...newPlan(model.site.name, workspace.site.name).patrol } }, warnings: model.error ? [...model.siteWarnings, model.error] : model.siteWarnings };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, [workspace]);

  if ('error' in result) {
    return (
      <div className="error-box page-error" role="alert">
        <b>{t('plan.siteError')}</b>
        <div>{result.error}</div>
      </div>
    );
  }
  return <PlanEditor api={api} workspace={workspace} initial={result.doc} siteWarnings={result.warnings} active={active} desktop={desktop} onSaved={onSaved} />;
}
