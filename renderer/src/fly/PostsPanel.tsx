// Duty posts, live, and the findings: each post's state (the dwell counting up while in view), the finding keys
// (1 staffed, 2 absent, 3 crowd gathering, 4 other with a note) for the post selected or in view, and the findings
// made so far, each editable or removable (saved at once with the flight).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localName } from '../map/local-name';
import type { FlightFinding, WatchpostApi } from '../../../electron/api';
import type { Post } from '../../../patrol/site/site';
import type { SourceFlight } from '../source/flight-source';
import { clock } from './fly-format';

const KINDS = ['staffed', 'absent', 'crowd', 'other'] as const;

export interface PostsPanelProps {
  /** Live: the API to record findings with; a replay shows them read-only (null). */
  api: WatchpostApi | null;
  flight: SourceFlight | null;
  posts: Post[];
  selectedPost: string | null;
  /** Select a post (null: none; the finding keys then go to the post in view). */
  onSelectPost: (id: string | null) => void;
  sysid: number | null;
}

export function PostsPanel({ api, flight, posts, selectedPost, onSelectPost, sysid }: PostsPanelProps) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const states = new Map((flight?.posts ?? []).map((p) => [p.post_id, p]));
  // The post to mark: the one selected, else the one in view.
  const inView = flight?.posts?.find((p) => p.state === 'in_view')?.post_id ?? null;
  const target = selectedPost ?? inView;

  const mark = async (kind: (typeof KINDS)[number]) => {
    if (!api || !flight || !target) return;
    const r = await api.addFinding(flight.id, { post: target, kind, ...(kind === 'other' && note ? { note } : {}), ...(sysid !== null ? { sysid } : {}) });
    setMessage(r.ok ? null : r.error);
    if (r.ok) {
      setNote('');
      // Marked: the next key goes to the post then in view, not again to this one.
      if (selectedPost === target) onSelectPost(null);
    }
  };
  // Keys 1–4 mark a finding (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      const i = ['1', '2', '3', '4'].indexOf(e.key);
      if (typing || i < 0 || e.ctrlKey || e.metaKey || e.altKey) return;
      void mark(KINDS[i]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const name = (id: string) => {
    const p = posts.find((x) => x.id === id);
    return p ? localName(p, i18n.language) : id;
  };
  return (
    <section>
      <h2>{t('fly.posts')}{flight?.posts_sysid != null ? <span className="small" data-testid="posts-of"> · {t('fly.postsOf', { sysid: flight.posts_sysid })}</span> : null}</h2>
      {posts.length === 0 && <div className="small">{t('plan.noPosts')}</div>}
      <ul className="posts">
        {posts.map((post) => {
          const p = states.get(post.id);
          const state = p?.state ?? 'pending';
          return (
            <li key={post.id}>
              <button data-testid={`post-${post.id}`} data-state={state} className={`post-state ${state}${selectedPost === post.id ? ' selected' : ''}`} onClick={() => onSelectPost(selectedPost === post.id ? null : post.id)}>
                <b>{post.id}</b> {localName(post, i18n.language)} · {t(`fly.post.${state}`)}
                {state === 'in_view' && p ? ` ${p.in_view_s.toFixed(0)} / ${post.dwell_s} ${t('fly.s')}` : ''}
                {(state === 'checked' || state === 'brief') && p ? ` · ${p.dwell_s.toFixed(0)} ${t('fly.s')}` : ''}
              </button>
            </li>
          );
        })}
      </ul>
      {api && (
        <div className="findings">
          <div className="small">{target ? t('fly.markAt', { post: `${target} ${name(target)}` }) : t('fly.why.noPost')}</div>
          {KINDS.map((k, i) => (
            <button key={k} data-testid={`finding-${i + 1}`} disabled={!flight || !target} onClick={() => void mark(k)}>{i + 1} {t(`fly.finding.${k}`)}</button>
          ))}
          <input data-testid="finding-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('fly.note')} />
        </div>
      )}
      {message && <div className="error-box" role="alert">{message}</div>}
      {flight && flight.findings.length > 0 && (
        <>
          <h3>{t('fly.findingsMade')}</h3>
          <ul className="finding-list" data-testid="findings">
            {[...flight.findings].reverse().map((f) => <FindingRow key={f.id} api={api} flightId={flight.id} f={f} postName={name(f.post)} onError={setMessage} />)}
          </ul>
        </>
      )}
    </section>
  );
}

function FindingRow({ api, flightId, f, postName, onError }: { api: WatchpostApi | null; flightId: string; f: FlightFinding; postName: string; onError: (m: string | null) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState(f.kind);
  const [note, setNote] = useState(f.note ?? '');
  const save = async () => {
    if (!api) return;
    const r = await api.updateFinding(flightId, f.id, { kind, note });
    onError(r.ok ? null : r.error);
    if (r.ok) setEditing(false);
  };
  const remove = async () => {
    if (!api) return;
    const r = await api.removeFinding(flightId, f.id);
    onError(r.ok ? null : r.error);
  };
  return (
    <li data-testid={`finding-row-${f.id}`} data-kind={f.kind} data-post={f.post}>
      <span className="small">{clock(f.t_utc)}</span> <b>{f.post}</b> {postName} · {t(`fly.finding.${f.kind}`)}{f.note ? ` — ${f.note}` : ''}
      {api && !editing && (
        <>
          {' '}<button className="link" data-testid="finding-edit" onClick={() => setEditing(true)}>{t('fly.edit')}</button>
          {' '}<button className="link" data-testid="finding-remove" onClick={() => void remove()}>{t('fly.remove')}</button>
        </>
      )}
      {editing && (
        <div className="row">
          <select data-testid="finding-edit-kind" value={kind} onChange={(e) => setKind(e.target.value as FlightFinding['kind'])}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`fly.finding.${k}`)}</option>)}
          </select>
          <input data-testid="finding-edit-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('fly.note')} />
          <button data-testid="finding-save" onClick={() => void save()}>{t('fly.save')}</button>
          <button onClick={() => setEditing(false)}>{t('fly.no')}</button>
        </div>
      )}
    </li>
  );
}
