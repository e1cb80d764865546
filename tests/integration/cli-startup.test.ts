// How `watchpost` starts: compiled JavaScript, rebuilt when a file it was built from changes (never run stale),
// built safely by processes starting together, and --version / --help loading no command's implementation.
// Real processes through bin/watchpost.js, each test with its own build cache (WATCHPOST_CLI_CACHE); the real
// sources are never modified. Timings are not asserted here: they are in bench/ (npm run bench).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHash, readStamp, staleInputs, STAMP_FILE, type CliStamp } from '../../scripts/cli-build/stamp.mjs';
import { run } from '../helpers/cli';

const ROOT = process.cwd();
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'mavometer_px4_test.tlog');
/** The modules holding the commands' actions (and through them node-mavlink, serialport, ws, zod, turf…). */
const ACTIONS = ['sim', 'status', 'record', 'tlog', 'mission', 'fly', 'checks', 'plan', 'ui'].map((c) => `electron/cli/commands/${c}.ts`);

const caches: string[] = [];
/** A fresh build cache inside the project (the compiled modules import npm packages from its node_modules). */
function newCache(): { cache: string; env: NodeJS.ProcessEnv } {
  const cache = join(ROOT, 'node_modules', '.cache', `watchpost-cli-test-${process.pid}-${caches.length}`);
  rmSync(cache, { recursive: true, force: true });
  caches.push(cache);
  return { cache, env: { ...process.env, WATCHPOST_CLI_CACHE: cache } };
}

function stampOf(cache: string): CliStamp {
  const stamp = readStamp(cache);
  if (!stamp) throw new Error(`no build stamp in ${cache}`);
  return stamp;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'watchpost-startup-'));
});
afterAll(() => {
  for (const c of caches) rmSync(c, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('the build stamp', () => {
  it('names every input changed, touched, replaced or gone since the build, and nothing else', () => {
    const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts'];
    for (const f of files) writeFileSync(join(tmp, f), `export const ${f[0]} = 1;\n`);
    const old = new Date(Date.now() - 60_000);
    for (const f of files) utimesSync(join(tmp, f), old, old);
    const stamp: CliStamp = {
      version: 2, root: tmp, dir: 'b-test', built: new Date().toISOString(),
      inputs: files.map((f) => [f, statSync(join(tmp, f)).mtimeMs, statSync(join(tmp, f)).size]),
    };
    expect(staleInputs(stamp, tmp)).toEqual([]);
    writeFileSync(join(tmp, 'a.ts'), 'export const a = 2;\n'); // edited (new time)
    utimesSync(join(tmp, 'b.ts'), new Date(), new Date()); // touched, same bytes
    writeFileSync(join(tmp, 'c.ts'), 'export const c = 22;\n'); // another size…
    utimesSync(join(tmp, 'c.ts'), old, old); // …with the old time back
    rmSync(join(tmp, 'd.ts'));
    expect(staleInputs(stamp, tmp)).toEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts']);
    // A file that changed while the build ran is recorded without a time: always stale.
    expect(staleInputs({ ...stamp, inputs: [['e.ts', null, statSync(join(tmp, 'e.ts')).size]] }, tmp)).toEqual(['e.ts']);
    // One modified just before the build carries its hash: a same-size edit with the same (coarse) time is stale too.
    const e = join(tmp, 'e.ts');
    const hashed: CliStamp = { ...stamp, inputs: [['e.ts', statSync(e).mtimeMs, statSync(e).size, fileHash(e)]] };
    expect(staleInputs(hashed, tmp)).toEqual([]);
    writeFileSync(e, 'export const e = 9;\n'); // same size
    utimesSync(e, old, old);
    expect(staleInputs(hashed, tmp)).toEqual(['e.ts']);
  });
});

describe('bin/watchpost.js runs a current build', () => {
  it('builds on the first run, reuses the build, and rebuilds when a file it was built from changed', async () => {
    const { cache, env } = newCache();
    const first = await run(['--version'], 60_000, { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('0.1.0\n');
    expect(first.stderr).toBe('');
    const a = stampOf(cache);
    expect(a.root).toBe(ROOT);
    expect(a.inputs.map(([path]) => path)).toEqual(expect.arrayContaining(['electron/cli/main.ts', 'electron/cli/commands/tlog.ts', 'mavlink/tlog/info.ts', 'scripts/cli-build/build.mjs']));
    expect(existsSync(join(cache, a.dir, 'main.js'))).toBe(true);

    await run(['--version'], 60_000, { env });
    const b = stampOf(cache);
    // Others may edit the tree while this runs: a rebuild is right only if a file really changed meanwhile.
    if (b.dir !== a.dir) expect(staleInputs(a, ROOT)).not.toEqual([]);

    // As if mavlink/tlog/info.ts had changed since the build: its recorded time is not the file's.
    const edited = { ...b, inputs: b.inputs.map(([path, mtimeMs, size, hash]): CliStamp['inputs'][number] => [path, path === 'mavlink/tlog/info.ts' ? (mtimeMs ?? 0) - 1000 : mtimeMs, size, hash]) };
    writeFileSync(join(cache, STAMP_FILE), JSON.stringify(edited));
    const info = await run(['tlog', 'info', FIXTURE, '--json'], 60_000, { env });
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).frames).toEqual({ v1: 81, v2: 2035, signed: 0 });
    const c = stampOf(cache);
    expect(c.dir).not.toBe(b.dir);
    const entry = c.inputs.find(([path]) => path === 'mavlink/tlog/info.ts');
    expect(entry?.[2]).toBe(statSync(join(ROOT, 'mavlink/tlog/info.ts')).size);
  });

  it('processes starting together on no build each run a complete one', async () => {
    const { cache, env } = newCache();
    const runs = await Promise.all([
      run(['tlog', 'info', FIXTURE, '--json'], 60_000, { env }),
      run(['--version'], 60_000, { env }),
      run(['tlog', 'info', FIXTURE, '--json'], 60_000, { env }),
      run(['--help'], 60_000, { env }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(runs[0].stdout).records).toBe(2116);
    expect(JSON.parse(runs[2].stdout).records).toBe(2116);
    expect(runs[1].stdout).toBe('0.1.0\n');
    expect(runs[3].stdout).toMatch(/^Usage: watchpost/);
    const stamp = stampOf(cache);
    const meta = JSON.parse(readFileSync(join(cache, stamp.dir, 'meta.json'), 'utf8')) as { outputs: Record<string, unknown> };
    for (const out of Object.keys(meta.outputs)) expect(existsSync(join(ROOT, out)), out).toBe(true);
  });

  it('runs the sources through tsx when it cannot build (here: the cache is a file), with the same output', async () => {
    const notADir = join(tmp, 'not-a-folder');
    writeFileSync(notADir, 'x');
    const r = await run(['tlog', 'info', FIXTURE, '--json'], 60_000, { env: { ...process.env, WATCHPOST_CLI_CACHE: notADir } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).frames).toEqual({ v1: 81, v2: 2035, signed: 0 });
  });
});

describe('--version and --help load no command', () => {
  let env: NodeJS.ProcessEnv;
  let cache: string;
  let probe: string;

  beforeAll(async () => {
    ({ cache, env } = newCache());
    // A module hook that reports every module node loads (ESM, and CommonJS packages imported from it) on stderr.
    const hooks = join(tmp, 'hooks.mjs');
    writeFileSync(hooks, "import { writeSync } from 'node:fs';\nexport async function load(url, context, next) {\n  writeSync(2, `LOADED ${url}\\n`);\n  return next(url, context);\n}\n");
    probe = join(tmp, 'probe.mjs');
    writeFileSync(probe, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const built = await run(['--version'], 60_000, { env });
    expect(built.code, built.stderr).toBe(0);
  });

  /** What a run loaded: the files outside the build, and the sources and packages inside the build's chunks. */
  async function loaded(args: string[]): Promise<{ code: number | null; outside: string[]; inputs: Set<string> }> {
    const r = await run(args, 60_000, { env, nodeArgs: ['--import', probe] });
    const urls = r.stderr.split('\n').filter((l) => l.startsWith('LOADED file:')).map((l) => fileURLToPath(l.slice('LOADED '.length)));
    const stamp = stampOf(cache);
    const buildDir = join(cache, stamp.dir);
    const meta = JSON.parse(readFileSync(join(buildDir, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const inputs = new Set<string>();
    const outside: string[] = [];
    for (const path of urls) {
      if (path === probe || path.startsWith(tmp)) continue;
      const output = meta.outputs[relative(ROOT, path)];
      if (path.startsWith(buildDir) && output) for (const input of Object.keys(output.inputs)) inputs.add(input);
      else outside.push(relative(ROOT, path));
    }
    return { code: r.code, outside, inputs };
  }

  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['tlog', 'info', '--help'], 0],
    [['mission', 'upload', '--help'], 0],
    [['tlog', 'info'], 2], // a usage error
  ])('%j loads the definitions only', async (args, exitCode) => {
    const { code, outside, inputs } = await loaded(args);
    expect(code).toBe(exitCode);
    expect(inputs.has('electron/cli/main.ts')).toBe(true);
    expect(inputs.has('electron/cli/commands/tlog.meta.ts')).toBe(true);
    expect(ACTIONS.filter((a) => inputs.has(a))).toEqual([]);
    expect([...inputs].filter((i) => i.startsWith('node_modules/') && !i.startsWith('node_modules/commander/'))).toEqual([]);
    // Nothing from outside the build but the launcher and its stamp check: no npm package, no tsx.
    expect(outside.sort()).toEqual(['bin/watchpost.js', 'scripts/cli-build/stamp.mjs']);
  });

  it('tlog info FILE loads its own action and the wire table, no node-mavlink dialect and no other command', async () => {
    const { code, outside, inputs } = await loaded(['tlog', 'info', FIXTURE, '--json']);
    expect(code).toBe(0);
    expect(inputs.has('electron/cli/commands/tlog.ts')).toBe(true);
    expect(inputs.has('mavlink/tlog/info.ts')).toBe(true);
    expect(inputs.has('mavlink/message-table.generated.ts')).toBe(true);
    expect([...inputs].filter((i) => i.startsWith('node_modules/node-mavlink/') || i.startsWith('node_modules/mavlink-mappings/'))).toEqual([]);
    expect(ACTIONS.filter((a) => inputs.has(a))).toEqual(['electron/cli/commands/tlog.ts']);
    expect(outside.filter((p) => p.startsWith('node_modules/'))).toEqual([]);
  });
});
