// The whole loop on the demo site: `watchpost plan` compiles the demo patrol, `watchpost fly` flies it on the
// simulator (recording), `watchpost checks` reads the recording: every post the patrol visits is checked (with
// its photo where the patrol takes one), every other post missed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';

afterEach(stopSims);

const DEMO = join(process.cwd(), 'assets', 'demo');
const SITE = join(DEMO, 'demo.site.geojson');
const PATROL = join(DEMO, 'demo.patrol.json');

describe('plan → fly → checks on the demo site', () => {
  it('the demo patrol, flown on the simulator, checks exactly the posts it visits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchpost-e2e-'));
    const plan = join(dir, 'demo.plan');
    const p = await run(['plan', PATROL, '--out', plan, '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).errors).toBe(0);

    const site = JSON.parse(readFileSync(SITE, 'utf8'));
    const home = site.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'home').geometry.coordinates;
    const { local_port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--home', `${home[1]},${home[0]},20`, '--speedup', '25']);
    const tlog = join(dir, 'demo.tlog');
    const fly = await run(['fly', plan, '--link', `tcp:127.0.0.1:${local_port}`, '--out', tlog, '--timeout', '240', '--json'], 300_000);
    expect(fly.code, fly.stderr + fly.stdout).toBe(0);
    expect(JSON.parse(fly.stdout).ok).toBe(true);

    const c = await run(['checks', tlog, '--site', SITE, '--json']);
    expect(c.code, c.stderr).toBe(0);
    const out = JSON.parse(c.stdout);
    const visited = new Set(JSON.parse(readFileSync(PATROL, 'utf8')).legs.filter((l: { kind: string }) => l.kind === 'post').map((l: { post: string }) => l.post));
    for (const post of out.posts) {
      if (visited.has(post.post_id)) expect(post.status, post.post_id).toBe('checked');
      else expect(post.status, post.post_id).not.toBe('checked');
    }
    // The patrol photographs P01 and P02 (IMAGE_START_CAPTURE) and P09 (DO_DIGICAM_CONTROL).
    const photos = Object.fromEntries(out.posts.map((x: { post_id: string; photos: unknown[] }) => [x.post_id, x.photos.length]));
    expect(photos.P01).toBeGreaterThanOrEqual(1);
    expect(photos.P02).toBeGreaterThanOrEqual(1);
    expect(photos.P09).toBeGreaterThanOrEqual(1);
  }, 360_000);
});
