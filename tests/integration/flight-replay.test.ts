// The replay's core (mavlink/replay): each real tlog in tests/fixtures opens with the duration and vehicles that
// `tlog info` reads from the same file and its track; a seek gives the same state as playing every message up to
// that time through the live links' VehicleState; the duty posts at any moment equal the checker run up to then,
// and at the end equal `watchpost checks` (its own code: readFlightTrack + checkPosts) of the same tlog.
import { describe, expect, it } from 'vitest';
import { type MavLinkData } from 'node-mavlink';
import { decodeFrame } from '../../mavlink/decoder';
import { FlightReplay } from '../../mavlink/replay/flight-replay';
import { readTlog } from '../../mavlink/tlog/reader';
import { tlogInfo } from '../../mavlink/tlog/info';
import { VehicleState } from '../../mavlink/vehicle/vehicle-state';
import type { Clock } from '../../mavlink/protocols/env';
import { readFlightTrack } from '../../electron/cli/flight-track';
import { checkPosts, PostChecker } from '../../patrol/checks/post-checker';
import type { Post, Site } from '../../patrol/site/site';

const FIXTURES = ['ardusub_log_tools_small.tlog', 'dronekit_flight_replay_flight.tlog', 'mavometer_px4_test.tlog'].map((f) => `tests/fixtures/${f}`);
const FLIGHT = 'tests/fixtures/dronekit_flight_replay_flight.tlog';
/** The messages the replay keeps for a vehicle's state (and STATUSTEXT). */
const STATE_IDS = new Set([0, 1, 24, 30, 33, 42, 74, 147, 242, 253]);

/** A seeded generator (mulberry32), so a failure names times that can be tried again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a recorded flight, loaded for replay', () => {
  for (const path of FIXTURES) {
    it(`${path.split('/').pop()}: duration and vehicles as tlog info reads them; the track is the positions`, async () => {
      const [r, info] = await Promise.all([FlightReplay.load(path), tlogInfo(path)]);
      expect(r.duration_us / 1e6).toBeCloseTo(info.duration_s, 3);
      const autopilots = info.systems.filter((s) => s.autopilot !== null && s.autopilot !== 'INVALID' && s.type !== 'GCS');
      expect(r.vehicleIds).toEqual(autopilots.map((s) => ({ sysid: s.sysid, compid: s.compid })));
      for (const { sysid } of r.vehicleIds) {
        const track = r.track(sysid).points();
        expect(track.length).toBe(positionsOf(await allMessages(path), sysid));
        for (let i = 1; i < track.length; i++) expect(track[i].t_us).toBeGreaterThanOrEqual(track[i - 1].t_us);
      }
      expect(r.stats?.records).toBe(info.records);
    });
  }

  it('the dronekit flight: a seek at 60 moments gives the state that playing every message up to then gives', async () => {
    const r = await FlightReplay.load(FLIGHT);
    const msgs = (await allMessages(FLIGHT)).filter((m) => m.sysid === 1 && m.compid === 1 && STATE_IDS.has(m.msgid));
    const next = random(9);
    const moments = Array.from({ length: 60 }, () => r.start_us + next() * r.duration_us).sort((a, b) => a - b);
    let now = 0;
    const played = new VehicleState({ now_ms: () => now } as Clock, 1, 1);
    let i = 0;
    let armedSince: number | undefined;
    for (const t of moments) {
      for (; i < msgs.length && msgs[i].t_us <= t; i++) {
        now = msgs[i].t_us / 1000;
        const wasArmed = played.armed;
        played.handle(msgs[i].msg, { sysid: 1, compid: 1 });
        if (msgs[i].msgid === 0) armedSince = played.armed ? (wasArmed ? armedSince : now) : undefined;
      }
      now = t / 1000;
      played.armed_since_ms = armedSince;
      const seek = r.snapshotsAt(t).find((s) => s.sysid === 1);
      const play = played.snapshot();
      // Link statistics come from sequence numbers, which a replay of one stream per message does not count.
      const strip = ({ link_received: _a, link_lost: _b, link_loss_pct: _c, ...rest }: typeof play) => rest;
      expect(seek && strip(seek), `at ${((t - r.start_us) / 1e6).toFixed(3)} s`).toEqual(strip(play));
    }
    expect(moments.filter((t) => r.snapshotsAt(t)[0]?.armed).length).toBeGreaterThan(5); // the moments cover the flight
  });

  it('duty posts on the dronekit flight: at any moment as the checker up to then, at the end as `watchpost checks`', async () => {
    const track = (await FlightReplay.load(FLIGHT)).track(1).points();
    // Posts where the copter flew (one of them hovered over, one passed), and one it never reached.
    const at = (i: number, id: string, dwell_s: number): Post => ({ id, name: id, lat_deg: track[i].lat_deg, lon_deg: track[i].lon_deg, radius_m: 15, dwell_s, shifts: [] });
    const posts = [at(Math.floor(track.length * 0.3), 'A', 5), at(Math.floor(track.length * 0.6), 'B', 20), at(Math.floor(track.length * 0.8), 'C', 60), { ...at(0, 'FAR', 5), lat_deg: track[0].lat_deg + 0.05 }];
    const site: Site = { name: 'test', max_alt_m: 120, buildings: [], posts };
    const r = await FlightReplay.load(FLIGHT, { site });

    const checks = await readFlightTrack(FLIGHT);
    const batch = checkPosts(checks.track, checks.photos, posts);
    const end = r.postsAt(r.end_us) ?? [];
    expect(end.map((p) => [p.post_id, p.state, p.dwell_s, p.photos])).toEqual(batch.map((b) => [b.post_id, b.status, b.dwell_s, b.photos.length]));
    for (const [k, p] of end.entries()) expect(p.closest_m ?? Infinity).toBeCloseTo(batch[k].closest_m, 6);
    expect(end.map((p) => p.state)).toContain('missed');
    expect(new Set(end.map((p) => p.state)).size).toBeGreaterThan(1);

    // Any moment: the checker fed the samples up to then.
    const next = random(4);
    for (let n = 0; n < 40; n++) {
      const t = r.start_us + next() * r.duration_us;
      const checker = new PostChecker(posts);
      for (const s of checks.track) if (s.t_us <= t) checker.add(s);
      const since = checker.inViewSince();
      const want = checker.results().map((c, i) => (c.status === 'checked' ? 'checked' : since[i] !== null ? 'in_view' : c.status === 'brief' ? 'brief' : 'pending'));
      const got = r.postsAt(t) ?? [];
      expect(got.map((p) => p.state), `at ${((t - r.start_us) / 1e6).toFixed(3)} s`).toEqual(want);
      const results = checker.results();
      for (const [i, p] of got.entries()) {
        if (p.state === 'in_view') expect(p.in_view_s).toBeCloseTo((t - (since[i] as number)) / 1e6, 6);
        // The longest visit so far, the one going on counted up to t.
        const going = since[i] !== null ? (t - (since[i] as number)) / 1e6 : 0;
        expect(p.dwell_s).toBeCloseTo(Math.max(results[i].dwell_s, going), 1);
      }
    }
  });
});

interface Msg { t_us: number; sysid: number; compid: number; msgid: number; msg: MavLinkData }

async function allMessages(path: string): Promise<Msg[]> {
  const out: Msg[] = [];
  for await (const batch of readTlog(path).batches()) {
    for (const { t_us, frame } of batch) {
      const msg = decodeFrame(frame);
      if (msg) out.push({ t_us, sysid: frame.sysid, compid: frame.compid, msgid: frame.msgid, msg });
    }
  }
  return out;
}

/** GLOBAL_POSITION_INT of a vehicle that are not 0,0. */
function positionsOf(msgs: Msg[], sysid: number): number {
  return msgs.filter((m) => m.sysid === sysid && m.msgid === 33 && ((m.msg as unknown as { lat: number }).lat !== 0 || (m.msg as unknown as { lon: number }).lon !== 0)).length;
}

describe('the replay reads the file once, without message objects, and answers before it is all read', () => {
  for (const path of FIXTURES) {
    it(`${path.split('/').pop()}: each track row holds the state that playing every message up to it through VehicleState gives`, async () => {
      const r = await FlightReplay.load(path);
      const msgs = await allMessages(path);
      for (const { sysid, compid } of r.vehicleIds) {
        let now = 0;
        const played = new VehicleState({ now_ms: () => now } as Clock, sysid, compid);
        const want: unknown[] = [];
        for (const m of msgs) {
          if (m.sysid !== sysid || m.compid !== compid || !STATE_IDS.has(m.msgid)) continue;
          now = m.t_us / 1000;
          played.handle(m.msg, { sysid, compid });
          const p = m.msg as unknown as { lat: number; lon: number };
          if (m.msgid !== 33 || (p.lat === 0 && p.lon === 0)) continue;
          const s = played.snapshot();
          want.push({
            sysid, t_ms: m.t_us / 1000, lat_deg: s.lat, lon_deg: s.lon, alt_rel_m: s.alt_rel_m, alt_amsl_m: s.alt_amsl_m, groundspeed_mps: s.groundspeed_mps,
            heading_deg: s.heading_deg, mode: s.mode, armed: s.armed, battery_v: s.battery_voltage_v, battery_pct: s.battery_remaining_pct,
          });
        }
        // (The PX4 test log has no GLOBAL_POSITION_INT: no rows.)
        expect(want.length > 0, 'positions to compare').toBe(!path.includes('px4'));
        expect(r.trackRows(sysid)).toEqual(want);
      }
    });
  }

  it('the dronekit flight opened in small slices: answers after the first, seeks while the rest is read, then equals a full load', async () => {
    const full = await FlightReplay.load(FLIGHT);
    const progress: number[] = [];
    const r = await FlightReplay.open(FLIGHT, { answerWithinMs: 0, sliceBytes: 64 * 1024, onProgress: (bytes) => progress.push(bytes) });
    expect(r.complete).toBe(false);
    expect(r.loadedBytes).toBeLessThan(r.totalBytes / 4);
    expect(r.postsAt(r.start_us)).toBeNull(); // no site
    // The timeline's length from the file's tail before the walk gets there.
    expect(r.duration_us).toBe(full.duration_us);
    // A seek within what is read gives the state a full load gives.
    const early = r.loaded_us - 1000;
    expect(r.snapshotsAt(early)).toEqual(full.snapshotsAt(early));
    // Other work goes on while the file is walked: a timer fires before it is all read.
    const timerFired = new Promise<boolean>((resolve) => setTimeout(() => resolve(!r.complete), 0));
    expect(await timerFired).toBe(true);
    await r.done;
    expect(r.complete).toBe(true);
    expect(progress.length).toBeGreaterThan(20);
    expect(progress.every((b, i) => i === 0 || b >= progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(r.totalBytes);
    expect(r.events).toEqual(full.events);
    expect(r.trackRows()).toEqual(full.trackRows());
    expect(r.stats).toEqual(full.stats);
    const next = random(17);
    for (let n = 0; n < 20; n++) {
      const t = r.start_us + next() * r.duration_us;
      expect(r.snapshotsAt(t)).toEqual(full.snapshotsAt(t));
    }
  });

  it('a file that is not there, or a folder, is a clear error', async () => {
    await expect(FlightReplay.open('tests/fixtures/no-such.tlog')).rejects.toThrow(/cannot open .*no-such\.tlog/);
    await expect(FlightReplay.open('tests/fixtures')).rejects.toThrow(/not a regular file/);
  });
});
