// The replay's charts (uPlot): altitude, ground speed, battery and the link's records per second over the whole
// flight, the replay's time drawn as a line that follows the player; a click on a chart seeks there.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ReplayInfo } from '../../../electron/api';
import type { ReplayPlayer } from '../source/replay-source';

const HEIGHT = 150;

/** Two charts' worth of columns on one time axis (seconds from the start). */
function chartData(info: ReplayInfo, sysid: number): uPlot.AlignedData {
  const s = info.series.find((x) => x.sysid === sysid) ?? info.series[0];
  const t = s ? s.t_ms.map((v) => v / 1000) : [];
  // The link's records per second, at the same times (the second each point falls in).
  const rate = t.map((sec) => info.records_per_s[Math.floor(sec)] ?? null);
  return [t, s?.alt_rel_m ?? [], s?.speed_mps ?? [], s?.battery_pct ?? [], rate];
}

export function ReplayCharts({ info, player, sysid }: { info: ReplayInfo; player: ReplayPlayer; sysid: number }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useMemo(() => chartData(info, sysid), [info, sysid]);

  useEffect(() => {
    const el = box.current;
    if (!el || data[0].length === 0) return;
    const cursorLine: uPlot.Plugin = {
      hooks: {
        // The replay's time, as a line over every series.
        draw: (u) => {
          const x = u.valToPos(player.t_ms / 1000, 'x', true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#d7263d';
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.restore();
        },
      },
    };
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: HEIGHT,
      plugins: [cursorLine],
      scales: { x: { time: false }, m: {}, mps: {}, pct: { range: [0, 100] }, rate: {} },
      axes: [
        { values: (_u, ticks) => ticks.map((v) => `${Math.floor(v / 60)}:${String(Math.floor(v % 60)).padStart(2, '0')}`) },
        { scale: 'm', label: t('fly.m'), size: 44 },
        { scale: 'mps', side: 1, label: t('fly.mps'), size: 44, grid: { show: false } },
      ],
      series: [
        { label: t('replay.chartTime'), value: (_u, v) => (v == null ? '—' : `${Math.floor(v / 60)}:${String(Math.floor(v % 60)).padStart(2, '0')}`) },
        { label: t('fly.altRel'), scale: 'm', stroke: '#1b6ac9', width: 1.5 },
        { label: t('fly.speed'), scale: 'mps', stroke: '#2e7d32', width: 1.5 },
        { label: t('fly.battery'), scale: 'pct', stroke: '#ef6c00', width: 1.5, value: (_u, v) => (v == null ? '—' : `${v} %`) },
        { label: t('replay.linkRate'), scale: 'rate', stroke: '#7a7a7a', width: 1, value: (_u, v) => (v == null ? '—' : `${v}/s`) },
      ],
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const onClick = () => {
      const left = u.cursor.left ?? -1;
      if (left >= 0) player.seek(u.posToVal(left, 'x') * 1000);
    };
    u.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('click', onClick);
      u.destroy();
      plot.current = null;
    };
  }, [data, player, t]);

  // Redraw the time line as the player moves (at most as often as its state changes).
  useEffect(() => player.subscribe(() => plot.current?.redraw(false)), [player]);

  if (data[0].length === 0) return null;
  return <div className="replay-charts" data-testid="replay-charts" ref={box} />;
}
