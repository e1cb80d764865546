// The live FlightSource (what the Fly view reads) over the renderer's own WebSocket transport, against the real
// browser-mode server and the simulated copter: vehicles carry their link, trails grow as the copter flies, the
// mission read back appears, events tell mode changes, arming, the current item and the vehicle's messages, the
// flight carries its duty-post states and findings, and a closed link takes its vehicles, trails and missions away.
import { afterEach, describe, expect, it } from 'vitest';
import WS from 'ws';
import { apiOverTransport, type WatchpostApi } from '../../electron/api';
import { connectWebSocket } from '../../renderer/src/api/ws-transport';
import { createLiveSource } from '../../renderer/src/source/live-source';
import { apiUrl, closeAll, serve, temp, until } from '../helpers/browser-api';

const DEMO_HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901, alt_m: 20 };
afterEach(closeAll);

/** The renderer's transport in Node: `ws` as the page's WebSocket, with the page's Origin. */
async function pageApi(url: string): Promise<WatchpostApi> {
  const origin = new URL(url).origin;
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WS {
    constructor(u: string) {
      super(u, { origin });
    }
  };
  return apiOverTransport(await connectWebSocket(() => undefined, apiUrl(url)));
}

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('the live flight source', () => {
  it('follows a sortie: vehicles, trails, mission, events, posts and findings; a closed link takes them away', async () => {
    const api = await pageApi((await serve(temp())).url);
    await value(api.openDemo());
    const source = createLiveSource(api);
    const t0 = Date.now();
    let changes = 0;
    const off = source.subscribe(() => changes++);
    const sim = await value(api.startSimulator({ ...DEMO_HOME, speedup: 10 }));
    const link = await value(api.openLink(sim.uri));
    const v = await until('vehicle 1 with a position', () => source.current().vehicles.find((x) => x.sysid === 1 && x.lat !== null));
    expect(v.link_id).toBe(link.id);
    expect(source.current().flights).toMatchObject([{ id: link.id, label: sim.uri }]);

    await value(api.uploadPatrol(link.id, {}));
    const mission = await until('the mission read back', () => source.current().missions[0]);
    expect(mission).toMatchObject({ link_id: link.id, sysid: 1, source: 'upload' });
    await value(api.vehicleAction(link.id, { action: 'start' }));
    const key = `${link.id}/1`;
    await until('a trail of 20 points', () => ((source.current().trails[key]?.length ?? 0) >= 20 ? true : undefined), 30_000);
    const post = await until('a post in view or checked', () => source.current().flights[0]?.posts?.find((p) => p.state !== 'pending'), 60_000);
    await value(api.addFinding(link.id, { post: post.post_id, kind: 'crowd' }));
    await until('the finding in the flight', () => source.current().flights[0]?.findings.find((f) => f.post === post.post_id));

    const kinds = (k: string) => source.current().events.filter((e) => e.kind === k);
    expect(kinds('mode').map((e) => e.value)).toEqual(expect.arrayContaining(['GUIDED', 'AUTO']));
    expect(kinds('armed')).toHaveLength(1);
    expect(kinds('item').length).toBeGreaterThan(1);
    expect(kinds('message').map((e) => e.value)).toContain('Arming motors');
    expect(kinds('finding').map((e) => e.value)).toEqual([`${post.post_id}|crowd`]);
    expect(kinds('link').map((e) => e.value)).toContain('connected');
    // Each STATUSTEXT once, though every snapshot carries the last ten.
    const arming = kinds('message').filter((e) => e.value === 'Arming motors');
    expect(arming).toHaveLength(1);
    // Changes are told at most about 20 + 4 + 4 (+ missions) times a second, not per packet (the copter sends
    // about 35 messages a second at 10× speed-up: hundreds).
    expect(changes).toBeGreaterThan(10);
    expect(changes).toBeLessThan(((Date.now() - t0) / 1000) * 30 + 10);

    await value(api.closeLink(link.id));
    await until('the link gone', () => (source.current().vehicles.length === 0 && source.current().missions.length === 0 && !source.current().trails[key] ? true : undefined));
    expect(source.current().flights).toEqual([]);
    off();
    source.close();
  }, 90_000);
});
