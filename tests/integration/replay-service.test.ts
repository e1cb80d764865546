// The replay service answers `openFlight` before the file is all read (here made to answer after the first 64 KiB
// slice of the dronekit flight): the outline so far, the duration from the file's tail, seeks meanwhile, progress
// events ending with `done`; then the whole outline equals that of a flight opened in one go.
import { describe, expect, it } from 'vitest';
import { ReplayService } from '../../electron/services/replay-service';
import type { ApiEvents } from '../../electron/api';

const FLIGHT = 'tests/fixtures/dronekit_flight_replay_flight.tlog';

describe('the replay service, reading on after the first frame', () => {
  it('answers with the first part, seeks meanwhile, then gives the whole outline', async () => {
    const whole = await new ReplayService(undefined, { answerWithinMs: Infinity }).openFlight(FLIGHT);
    expect(whole.complete).toBe(true);

    const progress: Array<ApiEvents['replayProgress']> = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const service = new ReplayService((p) => {
      progress.push(p);
      if (p.done) done();
    }, { answerWithinMs: 0, sliceBytes: 64 * 1024 });
    const first = await service.openFlight(FLIGHT);
    expect(first.complete).toBe(false);
    expect(first.duration_ms).toBe(whole.duration_ms);
    expect(first.vehicles).toEqual(whole.vehicles);
    // Light until the whole file is in: the track so far in a few points, no charts or events yet.
    expect([first.series, first.events, first.records_per_s]).toEqual([[], [], []]);
    expect(first.tracks[0].lat_deg.length).toBeLessThanOrEqual(101);
    expect(whole.tracks[0].lat_deg.length).toBeGreaterThan(101);
    // The state as far as it is read is there at once; asked again when all is read, it is the same.
    expect(first.loaded_ms).toBeGreaterThan(0);
    expect(first.loaded_ms).toBeLessThan(first.duration_ms / 4);
    const atStart = service.at(first.id, first.loaded_ms);
    expect(atStart.vehicles.length).toBe(1);
    expect(service.info(first.id).complete).toBe(false);

    await finished;
    expect(progress.at(-1)).toMatchObject({ id: first.id, done: true, bytes: progress.at(-1)?.total });
    expect(progress.filter((p) => !p.done).length).toBeGreaterThan(0); // at most ten a second
    const after = service.info(first.id);
    expect(after.complete).toBe(true);
    // The same outline as the flight opened in one go (but for the replay's id, which its first frame carries too).
    const neutral = (i: typeof whole) => JSON.parse(JSON.stringify(i).replaceAll(`"${i.id}"`, '"ID"'));
    expect(neutral(after)).toEqual(neutral(whole));
    // The first frame comes with the outline: the vehicle as first heard.
    expect(whole.first.t_ms).toBe(whole.first_ms);
    expect(whole.first.vehicles.map((v) => v.sysid)).toEqual([1]);
    expect(first.first.vehicles.map((v) => v.sysid)).toEqual([1]);
    expect(service.at(first.id, first.loaded_ms)).toEqual(atStart);
    expect(() => service.info('replay-99')).toThrow(/no flight "replay-99" open for replay; open: replay-1/);
  });
});
