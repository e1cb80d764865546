// The replay's controls under the map: play/pause, the speed, the timeline (click or drag to seek) with the event
// strip under it, the time and the duration, follow-vehicle. `replay-ready` appears once the first state is drawn.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { EventStrip } from './EventStrip';
import { elapsed } from '../fly/fly-format';
import { SPEEDS, type ReplayPlayer } from '../source/replay-source';
import { useFlightState } from '../source/use-source';

export function ReplayBar({ player, follow, onFollow, children }: { player: ReplayPlayer; follow: boolean; onFollow: (on: boolean) => void; children?: React.ReactNode }) {
  const { t } = useTranslation();
  useFlightState(player); // re-render with the player
  const d = player.info.duration_ms;
  const seek = useCallback((t_ms: number) => player.seek(t_ms), [player]);
  return (
    <div className="map-tools replay-bar">
      {player.ready && <span data-testid="replay-ready" hidden />}
      <button data-testid="replay-play" data-playing={String(player.playing)} onClick={() => (player.playing ? player.pause() : player.play())}>
        {player.playing ? t('replay.pause') : t('replay.play')}
      </button>
      <select data-testid="replay-speed" aria-label={t('replay.speed')} value={player.speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
      </select>
      <div className="timeline">
        <input
          data-testid="replay-timeline" type="range" min={0} max={Math.max(1, Math.round(d))} step={100} value={Math.round(player.t_ms)}
          aria-label={t('replay.timeline')} onChange={(e) => player.seek(Number(e.target.value))}
        />
        <EventStrip events={player.allEvents} start_ms={player.info.start_ms} duration_ms={d} onSeek={seek} />
      </div>
      <span data-testid="replay-time" data-t-ms={Math.round(player.t_ms)} className="tabular">{elapsed(player.t_ms / 1000)}</span>
      {' / '}
      <span data-testid="replay-duration" data-ms={Math.round(d)} className="tabular">{elapsed(d / 1000)}</span>
      <label><input type="checkbox" data-testid="follow" checked={follow} onChange={(e) => onFollow(e.target.checked)} /> {t('fly.follow')}</label>
      {children}
    </div>
  );
}
