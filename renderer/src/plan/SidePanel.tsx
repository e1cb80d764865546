// The Plan view's side panel: the site, the patrol's legs, the preflight verdict and findings, the duty posts.
// Selecting a finding or a post shows it on the map.
import type React from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../patrol/preflight/types';
import type { PatrolLeg } from '../../../patrol/patrol/patrol';
import type { Workspace } from '../../../electron/api';
import type { PlanModel } from './plan-model';
import { distance, duration } from './format';
import { localName } from '../map/local-name';
import { findingText } from '../../../patrol/preflight/finding-text';
import { noteText } from '../../../patrol/patrol/note-text';
import { baseNameOf, download, exportFile, type ExportFormat } from './export';

function legRef(leg: PatrolLeg): string {
  return leg.kind === 'facade' || leg.kind === 'roof' ? leg.building : leg.kind === 'post' ? leg.post : '';
}

/** Props that make a list row act as a button: focusable, Enter or Space selects. */
function pressable(onPress: () => void) {
  return {
    role: 'button',
    tabIndex: 0,
    onClick: onPress,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onPress();
      }
    },
  };
}

function FindingRow({ f, selected, onSelect }: { f: Finding; selected: boolean; onSelect: () => void }) {
  const { t, i18n } = useTranslation();
  const title = i18n.exists(`finding.${f.code}`) ? t(`finding.${f.code}`) : t('finding.other');
  return (
    <li className={`finding finding-${f.severity}${selected ? ' selected' : ''}`} data-testid={`finding-${f.code}`} data-code={f.code} data-severity={f.severity} aria-pressed={selected} {...pressable(onSelect)}>
      <span className={`sev sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
      <span className="finding-title">{title}</span>
      <div className="finding-msg">{findingText(f, i18n.language === 'zh-CN' ? 'zh-CN' : 'en')}</div>
    </li>
  );
}

/** The side panel's own column, or (in the editor, below its panels) just its sections. */
function Outer({ editing, children }: { editing: boolean; children: React.ReactNode }) {
  return editing ? <div className="side-sections">{children}</div> : <aside className="side">{children}</aside>;
}

export interface SidePanelProps {
  workspace: Workspace;
  model: PlanModel;
  selectedFinding: number | null;
  onSelectFinding: (i: number) => void;
  selectedPost: string | null;
  onSelectPost: (id: string) => void;
  /** In the editor: the legs are edited in their own panel, not listed here. */
  editing?: boolean;
  /** In the editor: the files the plan will be saved to (shown instead of the workspace's). */
  shownPaths?: { site: string; patrol: string | null };
}

export function SidePanel({ workspace, model, selectedFinding, onSelectFinding, selectedPost, onSelectPost, editing = false, shownPaths }: SidePanelProps) {
  const { t, i18n } = useTranslation();
  const { site, patrol, compiled, report } = model;
  const findings = report?.findings ?? [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const keys = site.buildings.filter((b) => b.key);
  return (
    <Outer editing={editing}>
      <section className="card" data-testid="site-card">
        <h2>{t('plan.site')}</h2>
        <div className="site-name" data-testid="site-name">{site.name}</div>
        <div className="file">{shownPaths ? shownPaths.site : workspace.site.path}</div>
        <dl className="facts">
          <dt>{t('plan.buildings')}</dt>
          <dd data-testid="building-count">{site.buildings.length}</dd>
          <dt>{t('plan.keyBuildings')}</dt>
          <dd>{keys.map((b) => localName(b, i18n.language)).join(', ') || '—'}</dd>
          <dt>{t('plan.posts')}</dt>
          <dd data-testid="post-count">{site.posts.length}</dd>
          <dt>{t('plan.maxAlt')}</dt>
          <dd>{t('units.m', { m: site.max_alt_m })}</dd>
        </dl>
        {model.siteWarnings.length > 0 && (
          <details className="notes">
            <summary>{t('plan.siteNotes')} ({model.siteWarnings.length})</summary>
            <ul>{model.siteWarnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
          </details>
        )}
      </section>

      <section className="card" data-testid="patrol-card">
        <h2>{t('plan.patrol')}</h2>
        {shownPaths ? shownPaths.patrol && <div className="file">{shownPaths.patrol}</div> : workspace.patrol ? <div className="file">{workspace.patrol.path}</div> : <div className="hint">{t('plan.autoPatrol')}</div>}
        {model.error && (
          <div className="error-box" role="alert">
            <b>{t('plan.cannotPlan')}</b>
            <div>{model.error}</div>
          </div>
        )}
        {patrol && compiled && report && (
          <>
            <dl className="facts">
              <dt>{t('plan.legs')}</dt>
              <dd>{patrol.legs.length}</dd>
              <dt>{t('plan.items')}</dt>
              <dd data-testid="item-count">{compiled.items.length}</dd>
              {report.estimate && (
                <>
                  <dt>{t('plan.estimate')}</dt>
                  <dd data-testid="estimate">
                    {duration(t, report.estimate.total_s)} <span className="muted">({t('plan.budget', { budget: duration(t, report.budget_s) })})</span>
                  </dd>
                  <dt>{t('plan.distance')}</dt>
                  <dd>{distance(t, report.estimate.horizontal_m)}</dd>
                </>
              )}
            </dl>
            {!editing && (
              <ol className="legs">
                {patrol.legs.map((leg, i) => (
                  <li key={i}>{leg.kind === 'waypoint' ? t('leg.waypoint') : t(`leg.${leg.kind}`, { ref: legRef(leg) })}</li>
                ))}
              </ol>
            )}
            <div className="muted">{t('plan.end', { end: t(`plan.endKind.${patrol.end}`) })}</div>
            <div className="buttons-row">
              {(['plan', 'waypoints'] as ExportFormat[]).map((format) => (
                <button
                  key={format}
                  data-testid={`export-${format}`}
                  title={errors > 0 ? t('plan.exportHasErrors') : undefined}
                  onClick={() => {
                    const f = exportFile(model, baseNameOf((workspace.patrol ?? workspace.site).name), format, workspace.site.path);
                    if (f) download(f.name, f.text);
                  }}
                >
                  {t(format === 'plan' ? 'plan.exportPlan' : 'plan.exportWaypoints')}
                </button>
              ))}
            </div>
            {model.patrolNotes.length > 0 && (
              <details className="notes" data-testid="patrol-notes">
                <summary>{t('plan.patrolNotes')} ({model.patrolNotes.length})</summary>
                <ul>{model.patrolNotes.map((n, i) => <li key={i}>{noteText(n, i18n.language === 'zh-CN' ? 'zh-CN' : 'en')}</li>)}</ul>
              </details>
            )}
          </>
        )}
      </section>

      {report && (
        <section className="card" data-testid="preflight-card">
          <h2>
            {t('plan.preflight')}
            <span className="counts">
              {' '}
              {t('plan.errorsCount', { count: errors })} · {t('plan.warningsCount', { count: warnings })}
            </span>
          </h2>
          <div className={errors > 0 ? 'verdict bad' : 'verdict good'} data-testid="verdict">
            {errors > 0 ? t('plan.notReady') : t('plan.ready')}
          </div>
          {findings.length === 0 ? (
            <div>{t('plan.noFindings')}</div>
          ) : (
            <ul className="findings">
              {findings.map((f, i) => <FindingRow key={i} f={f} selected={selectedFinding === i} onSelect={() => onSelectFinding(i)} />)}
            </ul>
          )}
        </section>
      )}

      <section className="card" data-testid="posts-card">
        <h2>{t('plan.posts')}</h2>
        {site.posts.length === 0 && <div className="muted">{t('plan.noPosts')}</div>}
        <ul className="posts">
          {site.posts.map((p) => (
            <li key={p.id} className={selectedPost === p.id ? 'selected' : ''} data-testid="post-row" aria-pressed={selectedPost === p.id} {...pressable(() => onSelectPost(p.id))}>
              <b>{p.id}</b> {localName(p, i18n.language)}
              <div className="muted">
                {t('plan.radius', { radius: p.radius_m })} · {t('plan.dwell', { dwell: p.dwell_s })} · {p.shifts.length > 0 ? p.shifts.map((s) => `${s.from}–${s.to}`).join(', ') : t('plan.allDay')}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </Outer>
  );
}
