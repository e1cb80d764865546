// The profile under the Plan map (issue 11): the route's altitude along its length (uPlot) against the roofs it
// passes over and the same roofs plus the clearance the checks keep, the site's ceiling, and the altitude a failsafe
// RTL from each point would return at. Hovering the profile marks the place on the map (`onHover`).
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RouteProfile } from '../../../../patrol/preflight/profile';

const HEIGHT = 150;

export function RouteProfileChart({ profile, onHover }: { profile: RouteProfile | null; onHover: (i: number | null) => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement | null>(null);
  const hover = useRef(onHover);
  hover.current = onHover;
  const data = useMemo((): uPlot.AlignedData | null => {
    if (!profile || profile.dist_m.length < 2) return null;
    const clear = profile.roof_m.map((r) => (r > 0 ? r + profile.clearance_m : null));
    return [profile.dist_m, profile.alt_m, profile.roof_m, clear, profile.rtl_m, profile.dist_m.map(() => profile.ceiling_m)];
  }, [profile]);

  useEffect(() => {
    const el = box.current;
    if (!el || !data) return;
    const m = t('fly.m');
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: HEIGHT,
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, 10) * 1.05] } },
      axes: [{ values: (_u, ticks) => ticks.map((v) => `${Math.round(v)} ${m}`) }, { label: m, size: 44 }],
      series: [
        { label: t('edit.profileDistance'), value: (_u, v) => (v == null ? '—' : `${Math.round(v)} ${m}`) },
        { label: t('edit.profileRoute'), stroke: '#6a1b9a', width: 2, value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} ${m}`) },
        { label: t('edit.profileRoofs'), stroke: '#455a64', fill: 'rgba(84, 110, 122, 0.35)', width: 1, paths: uPlot.paths.stepped?.({ align: 1 }), value: (_u, v) => (v == null ? '—' : `${v.toFixed(0)} ${m}`) },
        { label: t('edit.profileClearance'), stroke: '#c62828', width: 1, dash: [4, 3], spanGaps: false, value: (_u, v) => (v == null ? '—' : `${v.toFixed(0)} ${m}`) },
        { label: t('edit.profileRtl'), stroke: '#ef6c00', width: 1, dash: [8, 4], value: (_u, v) => (v == null ? '—' : `${v.toFixed(0)} ${m}`) },
        { label: t('edit.profileCeiling'), stroke: '#b71c1c', width: 1.5, value: (_u, v) => (v == null ? '—' : `${v.toFixed(0)} ${m}`) },
      ],
      hooks: { setCursor: [(u) => hover.current(u.cursor.idx ?? null)] },
    };
    const u = new uPlot(opts, data, el);
    const leave = () => hover.current(null);
    u.over.addEventListener('mouseleave', leave);
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('mouseleave', leave);
      u.destroy();
    };
  }, [data, t]);
  return (
    <div className="route-profile" data-testid="profile" data-samples={data ? data[0].length : 0}>
      {!data && <div className="hint">{t('edit.profileNone')}</div>}
      <div ref={box} />
    </div>
  );
}
