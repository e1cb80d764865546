// Events and trails from consecutive vehicle snapshots (renderer/src/source/snapshot-events.ts), as the live source
// builds them: mode changes, arming, the current item, each STATUSTEXT once although every snapshot repeats the
// last ten, and trails that grow only when the vehicle moves.
import { describe, expect, it } from 'vitest';
import type { LiveVehicle } from '../../electron/api';
import { extendTrail, snapshotEvents, TRAIL_MAX_POINTS } from '../../renderer/src/source/snapshot-events';

const base: LiveVehicle = {
  link_id: 'link-1', sysid: 1, compid: 1, type: 'QUADROTOR', autopilot: 'ARDUPILOTMEGA', mode: 'STABILIZE', custom_mode: 0, modes: ['STABILIZE', 'AUTO'],
  armed: false, armed_s: null, system_status: 'STANDBY', connected: true, lat: 34.75, lon: 113.75, alt_amsl_m: 20, alt_rel_m: 0, heading_deg: 0,
  groundspeed_mps: 0, climb_mps: 0, roll_deg: 0, pitch_deg: 0, yaw_deg: 0, battery_voltage_v: 16.8, battery_current_a: 0.5, battery_remaining_pct: 100,
  gps_fix_type: '3D_FIX', gps_satellites: 12, gps_hdop: 1.2, home: null, mission_seq: null, mission_total: null, last_heard_ms: 0, last_heartbeat_ms: 0,
  link_received: 10, link_lost: 0, link_loss_pct: 0, statustext: [],
};
const msg = (t_ms: number, text: string, severity = 6) => ({ t_ms, severity, severity_name: 'INFO', text });

describe('events from snapshots', () => {
  it('the first snapshot tells the mode and the messages it carries', () => {
    const e = snapshotEvents(null, { ...base, statustext: [msg(1, 'EKF3 IMU0 is using GPS')] }, 100);
    expect(e.map((x) => [x.kind, x.value])).toEqual([['mode', 'STABILIZE'], ['message', 'EKF3 IMU0 is using GPS']]);
    expect(e[0]).toMatchObject({ t_ms: 100, flight_id: 'link-1', sysid: 1 });
  });

  it('a mode change, arming, the current item moving on; nothing when nothing changed', () => {
    const next = { ...base, mode: 'GUIDED', armed: true, mission_seq: 3 };
    expect(snapshotEvents(base, next, 5).map((x) => [x.kind, x.value])).toEqual([['mode', 'GUIDED'], ['armed', ''], ['item', '3']]);
    expect(snapshotEvents(next, { ...next }, 6)).toEqual([]);
    expect(snapshotEvents(next, { ...next, armed: false }, 7).map((x) => x.kind)).toEqual(['disarmed']);
  });

  it('each message once, though the snapshot keeps repeating the last ones; the same text again later is new', () => {
    const a = { ...base, statustext: [msg(1, 'PreArm: Need 3D Fix', 2)] };
    const b = { ...base, statustext: [msg(1, 'PreArm: Need 3D Fix', 2), msg(2, 'Arming motors')] };
    const c = { ...base, statustext: [msg(1, 'PreArm: Need 3D Fix', 2), msg(2, 'Arming motors'), msg(3, 'PreArm: Need 3D Fix', 2)] };
    expect(snapshotEvents(a, b, 0).map((x) => x.value)).toEqual(['Arming motors']);
    expect(snapshotEvents(b, c, 0)).toMatchObject([{ kind: 'message', value: 'PreArm: Need 3D Fix', severity: 2 }]);
    expect(snapshotEvents(c, c, 0)).toEqual([]);
  });
});

describe('trails', () => {
  it('grow by points a metre or more apart, and never beyond the limit', () => {
    let t = extendTrail(undefined, base);
    expect(t).toEqual([[34.75, 113.75]]);
    expect(extendTrail(t, { ...base, lat: 34.75 + 0.5e-5 })).toBe(t); // 0.56 m: not added, same array
    t = extendTrail(t, { ...base, lat: 34.75 + 2e-5 }); // 2.2 m
    expect(t).toHaveLength(2);
    expect(extendTrail(t, { ...base, lat: null, lon: null })).toBe(t);
    let long = t;
    for (let i = 0; i < TRAIL_MAX_POINTS + 10; i++) long = extendTrail(long, { ...base, lat: 34.75 + i * 1e-4 });
    expect(long).toHaveLength(TRAIL_MAX_POINTS);
    expect(long.at(-1)?.[0]).toBeCloseTo(34.75 + (TRAIL_MAX_POINTS + 9) * 1e-4, 9);
  });
});
