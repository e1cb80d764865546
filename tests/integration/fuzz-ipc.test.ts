// Every API method fed what Electron's IPC can carry (issue 13, point 2). In the desktop app a call comes through
// ipcMain.handle (electron/main.ts), which checks the sending frame and hands method and arguments to the same
// dispatcher the browser mode's WebSocket uses. IPC arguments are structured clones, not JSON: a page can send Maps,
// Sets, Dates, BigInts, typed arrays, sparse arrays, boxed values, -0, NaN and objects that refer to themselves.
// Fed those (fast-check, seeded, bounded), the dispatcher answers every call with a value or a clear error, never
// throws, and keeps serving. Electron itself cannot run here; the dispatcher is called as main.ts calls it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../electron/api';
import { createAppServices } from '../../electron/services/app-services';
import { ASSETS } from '../helpers/browser-api';

type Services = Awaited<ReturnType<typeof createAppServices>>;
let services: Services;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'watchpost-fuzz-ipc-'));
  services = await createAppServices({ dataDir: join(root, 'data'), flightsDir: join(root, 'flights'), assetsDir: ASSETS, mode: 'desktop', version: '0.0.0-test' });
});
afterAll(async () => {
  await services?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A string that looks like an absolute path lands under the test's folder: a random path must never write elsewhere. */
function contained(v: unknown): unknown {
  if (typeof v === 'string' && (v.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(v))) return join(root, v.replace(/[:\\/]+/g, '_'));
  return v;
}

/** What a structured clone may hold that JSON cannot. */
const cloneable = fc.anything({
  maxDepth: 3,
  maxKeys: 4,
  withBigInt: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withObjectString: true,
});

/** An object whose member refers back to it: structured clone keeps the cycle. */
const cyclic = fc.record({ name: fc.string({ maxLength: 10 }) }).map((o) => {
  const r: Record<string, unknown> = { ...o };
  r.self = r;
  return r;
});

const argument = fc.oneof(cloneable, cyclic, fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 2n ** 70n, new Date(Number.NaN)), fc.string({ maxLength: 30 }).map(contained));

const LEAK = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|is not iterable|\[object Object\]|\n\s+at /;

describe('IPC: the dispatcher fed structured-clone values', () => {
  for (const method of API_METHODS) {
    it(`${method}: a value or a clear error, never a throw`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.array(argument, { maxLength: 4 }), argument), async (args) => {
          const reply = await services.handlers.dispatch(method, args);
          if (reply.ok) return;
          expect(typeof reply.error).toBe('string');
          expect(reply.error.length).toBeGreaterThan(0);
          expect(reply.error, reply.error).not.toMatch(LEAK);
        }),
        { numRuns: 20, seed: 21, endOnFailure: true },
      );
    }, 60_000);
  }

  it('a method that is not a string or not a call is refused by name; the dispatcher keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(cloneable, fc.string({ maxLength: 30 }).filter((s) => !(API_METHODS as readonly string[]).includes(s))), async (method) => {
        const reply = await services.handlers.dispatch(method, []);
        expect(reply.ok).toBe(false);
        if (!reply.ok) expect(reply.error).toMatch(/^unknown call /);
      }),
      { numRuns: 200, seed: 22 },
    );
    const info = await services.handlers.dispatch('appInfo', []);
    expect(info.ok).toBe(true);
  }, 60_000);
});
