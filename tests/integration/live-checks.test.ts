// Live duty-post states on an app link equal `watchpost checks` of the same flight's tlog (issue 9, point 5):
// the app (browser-mode API) opens the demo site, starts the simulated copter and opens a link to it, recording;
// `watchpost fly` flies the demo patrol on the same simulator as a second ground station; the link's posts go from
// pending through in_view to checked as events; when the link closes, its final states are the batch checks'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkPosts } from '../../electron/api';
import { run } from '../helpers/cli';
import { closeAll, connect, events, ok, serve, temp } from '../helpers/browser-api';

const DEMO = join(process.cwd(), 'assets', 'demo');
const SITE = join(DEMO, 'demo.site.geojson');
afterEach(closeAll);

describe('live duty-post checks', () => {
  it('equal `watchpost checks` on the recorded flight, post by post', async () => {
    const dir = temp();
    const plan = join(dir, 'demo.plan');
    expect((await run(['plan', join(DEMO, 'demo.patrol.json'), '--out', plan, '--json'])).code).toBe(0);
    const ws = await connect((await serve(temp())).url);
    const posts = events<LinkPosts[]>(ws, 'posts');
    await ok(ws, 'openDemo');
    const home = JSON.parse(readFileSync(SITE, 'utf8')).features.find((f: { properties: { kind: string } }) => f.properties.kind === 'home').geometry.coordinates;
    const sim = await ok(ws, 'startSimulator', { lat_deg: home[1], lon_deg: home[0], alt_m: 20, speedup: 20 });
    const link = await ok(ws, 'openLink', sim.uri);

    const fly = await run(['fly', plan, '--link', sim.uri, '--timeout', '240', '--json'], 300_000);
    expect(fly.code, fly.stderr + fly.stdout).toBe(0);
    await new Promise((r) => setTimeout(r, 1000)); // the last frames reach the app's link too

    // Seen live: a post in view with its dwell counting, then checked.
    const states = posts.all.flatMap((e) => e.payload.filter((p) => p.link_id === link.id).flatMap((p) => p.posts));
    expect(states.some((p) => p.state === 'in_view' && p.in_view_s > 0)).toBe(true);
    expect(states.some((p) => p.state === 'checked')).toBe(true);
    expect(posts.all.at(-1)?.payload[0]).toMatchObject({ link_id: link.id, sysid: 1, site_path: SITE });

    await ok(ws, 'closeLink', link.id);
    const final = (await ok(ws, 'posts')).find((p) => p.link_id === link.id);
    const c = await run(['checks', link.tlog_path, '--site', SITE, '--json']);
    expect(c.code, c.stderr).toBe(0);
    const batch = JSON.parse(c.stdout) as { posts: Array<{ post_id: string; status: string; dwell_s: number; photos: unknown[] }> };
    expect(final?.posts.map((p) => [p.post_id, p.state, p.photos])).toEqual(batch.posts.map((p) => [p.post_id, p.status, p.photos.length]));
    for (const [i, p] of (final?.posts ?? []).entries()) expect(p.dwell_s, p.post_id).toBeCloseTo(batch.posts[i].dwell_s, 6);
    expect(batch.posts.filter((p) => p.status === 'checked').length).toBeGreaterThan(3);
    posts.stop();
  }, 180_000);
});
