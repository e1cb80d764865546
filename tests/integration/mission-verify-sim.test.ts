// `watchpost mission upload --verify` against the simulated ArduCopter, which stores items as ArduPilot's
// AP_Mission does: the demo patrol as `watchpost plan` compiles it, a mission of every command the patrol compiler
// emits (and the commands patrols use that real ArduCopter packs), and 200 waypoints ending in RTL — over a clean
// link and through 20 % loss each way, where a lost final ACK is settled by the same comparison and a mission
// that arrived is never cleared. Before the storage table, each of these failed against a real ArduCopter.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startSim, stopSims } from '../helpers/cli';
import { readMissionFile } from '../../patrol/formats/mission-file';
import { writeWaypointsFile } from '../../patrol/formats/waypoints-file';
import { missionItem, type MissionItem } from '../../patrol/mission/mission-item';
import { storedDifference } from '../../patrol/mission/stored-compare';

const HOME = { lat_deg: 34.7505859, lon_deg: 113.7492901, alt_m: 100 };
const tmp = () => mkdtempSync(join(tmpdir(), 'watchpost-verify-'));
afterEach(stopSims);

const near = (dn: number, de: number) => ({ x: HOME.lat_deg + dn / 111_320, y: HOME.lon_deg + de / (111_320 * Math.cos((HOME.lat_deg * Math.PI) / 180)) });

/** Every command the patrol compiler emits, as it writes them (frame 3), with fractional values ArduPilot cuts. */
function everyCompilerCommand(): MissionItem[] {
  return [
    missionItem(22, { frame: 3, ...near(0, 0), z: 20 }),
    missionItem(178, { frame: 3, param1: 1, param2: 8, param3: -1 }),
    missionItem(16, { frame: 3, ...near(30, 0), z: 2.1, param1: 2.5 }),
    missionItem(195, { frame: 3, ...near(40, 10), z: 15.37 }),
    missionItem(115, { frame: 3, param1: 270 }),
    missionItem(2000, { frame: 3, param3: 1 }),
    missionItem(203, { frame: 3, x: 1 }),
    missionItem(181, { frame: 3, param1: 0, param2: 1 }),
    missionItem(183, { frame: 3, param1: 9, param2: 1500 }),
    missionItem(197, { frame: 3 }),
    missionItem(19, { frame: 3, ...near(30, 30), z: 25, param1: 10.5 }),
    missionItem(21, { frame: 3, ...near(0, 0), z: 0 }),
  ];
}

/** The commands patrols use that ArduPilot packs or drops (the 14-item mission that failed at item 6 on SITL). */
function packedCommands(): MissionItem[] {
  return [
    missionItem(22, { frame: 3, ...near(0, 0), z: 20 }),
    missionItem(178, { frame: 3, param1: 1, param2: 6, param3: -1 }),
    missionItem(16, { frame: 3, ...near(20, 0), z: 30 }),
    missionItem(201, { frame: 3, param1: 3, ...near(40, 40), z: 10 }),
    missionItem(115, { frame: 3, param1: 90, param2: 20, param3: 1, param4: 0 }),
    missionItem(18, { frame: 3, param1: 2, param3: -25, ...near(40, 0), z: 30 }),
    missionItem(203, { frame: 3, x: 1 }),
    missionItem(181, { frame: 3, param1: 1, param2: 1 }),
    missionItem(82, { frame: 3, ...near(60, 20), z: 30 }),
    missionItem(82, { frame: 3, ...near(60, 60), z: 30, param1: 1.5 }),
    missionItem(19, { frame: 3, param1: 5, param3: -30, ...near(20, 60), z: 25 }),
    missionItem(16, { frame: 3, ...near(10, 10), z: 20, param2: 2, param4: Number.NaN }),
    missionItem(21, { frame: 3, ...near(0, 0), z: 0 }),
    missionItem(20, { frame: 3 }),
  ];
}

function twoHundredThenRtl(): MissionItem[] {
  const items = [missionItem(22, { frame: 3, ...near(0, 0), z: 20 })];
  for (let i = 1; i < 200; i++) items.push(missionItem(16, { frame: 3, ...near(10 * (i % 13), 10 * (i % 7)), z: 20 + (i % 10) * 0.37 }));
  items.push(missionItem(20, { frame: 3 }));
  return items;
}

function waypointsFile(items: MissionItem[]): string {
  const file = join(tmp(), 'mission.waypoints');
  writeFileSync(file, writeWaypointsFile({ mission: items, home: HOME, fence: { polygons: [], circles: [] }, rally: [] }));
  return file;
}

/** The simulator; `speedup` 1 where the mission protocol's timing matters (ArduPilot's 8 s upload timeout runs
 *  on sim time: sped up, it would cancel uploads a lossy link slows down, which real ArduPilot does not). */
async function sim(extra: string[] = [], speedup = 5): Promise<string> {
  const { local_port } = await startSim(['--link', 'tcpin:127.0.0.1:0', '--home', `${HOME.lat_deg},${HOME.lon_deg},${HOME.alt_m}`, '--speedup', String(speedup), ...extra]);
  return `tcp:127.0.0.1:${local_port}`;
}

async function uploadVerified(file: string, link: string): Promise<Record<string, unknown>> {
  const r = await run(['mission', 'upload', file, '--link', link, '--verify', '--json'], 120_000);
  expect(r.code, `${r.stderr}${r.stdout}`).toBe(0);
  const s = JSON.parse(r.stdout);
  expect(s).toMatchObject({ ok: true, verified: true, mission_state: 'uploaded' });
  return s;
}

/** What the vehicle holds, downloaded into a file, is what ArduPilot keeps of what was sent. */
async function expectHeld(link: string, sent: readonly MissionItem[]): Promise<void> {
  const out = join(tmp(), 'back.waypoints');
  const d = await run(['mission', 'download', '--link', link, '--out', out, '--json']);
  expect(d.code, d.stderr).toBe(0);
  const back = readMissionFile(readFileSync(out, 'utf8'), out).plan.mission;
  expect(storedDifference('ardupilot', 'mission', sent, back)).toBeUndefined();
}

describe('mission upload --verify on the simulated ArduCopter (AP_Mission storage)', () => {
  it('the demo patrol as `watchpost plan` compiles it', async () => {
    const plan = join(tmp(), 'demo.plan');
    const p = await run(['plan', 'assets/demo/demo.patrol.json', '--out', plan, '--json']);
    expect(p.stdout, p.stderr).toContain('"items"');
    const link = await sim();
    const s = await uploadVerified(plan, link);
    const sent = readMissionFile(readFileSync(plan, 'utf8'), plan).plan.mission;
    expect(s.items).toBe(sent.length);
    await expectHeld(link, sent);
  }, 120_000);

  it('every command the patrol compiler emits, and the commands ArduPilot packs', async () => {
    const link = await sim();
    for (const items of [everyCompilerCommand(), packedCommands()]) {
      await uploadVerified(waypointsFile(items), link);
      await expectHeld(link, items);
    }
  }, 120_000);

  it('200 waypoints ending in RTL', async () => {
    const link = await sim();
    const items = twoHundredThenRtl();
    await uploadVerified(waypointsFile(items), link);
    await expectHeld(link, items);
  }, 120_000);

  it('through 20 % loss each way (duplicates, reordering): every upload verifies and none is cleared', async () => {
    for (const seed of [1, 2, 3]) {
      const link = await sim(['--loss', '0.2', '--duplicate', '0.05', '--reorder', '0.05', '--seed', String(seed)], 1);
      for (const items of [packedCommands(), twoHundredThenRtl()]) {
        await uploadVerified(waypointsFile(items), link);
        await expectHeld(link, items);
      }
      stopSims();
    }
  }, 300_000);
});
