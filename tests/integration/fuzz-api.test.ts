// Every API method fed random arguments over the real browser-mode WebSocket (issue 13, point 2), with fast-check
// (seeded, bounded): each call gets an answer — a value, or an error that names the call — and the Node side keeps
// serving afterwards; random text and binary frames get a clear error too. Paths are kept inside a temporary folder
// (a random absolute path must never write outside the test's own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { API_METHODS } from '../../electron/api';
import { call, closeAll, connect, nextMessage, ok, serve, temp } from '../helpers/browser-api';

let ws: WebSocket;
let root: string;

beforeAll(async () => {
  root = temp();
  const server = await serve(temp(), { flightsDir: root });
  ws = await connect(server.url);
});
afterAll(closeAll);

/** A random string that looks like an absolute path lands under the test's folder. */
const contained = (v: unknown): unknown => (typeof v === 'string' && (v.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(v)) ? `${root}/${v.replace(/[:\\/]+/g, '_')}` : v);

const argument = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5, withBigInt: false }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '/', '..', 'udpin:0.0.0.0:-1', 'tcp:127.0.0.1:1', 'osm', 'none', 'pause', '\u0000', '𝓌'),
  fc.integer(),
  fc.double(),
  fc.record({ sysid: fc.integer(), lat_deg: fc.double(), lon_deg: fc.double(), name: fc.string(), layer: fc.string(), overwrite: fc.boolean() }, { requiredKeys: [] }),
);

describe('random arguments to every API method', () => {
  for (const method of API_METHODS) {
    it(`${method}: an answer every time (a value, or a clear error); nothing thrown`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(argument, { maxLength: 4 }), async (raw) => {
          const args = raw.map(contained);
          const reply = await call(ws, method, args);
          if (reply.ok) return;
          expect(typeof reply.error).toBe('string');
          expect(reply.error.length).toBeGreaterThan(0);
          // Said for a person: what was wrong with which argument or file — never a JavaScript failure leaking out.
          expect(reply.error, reply.error).not.toMatch(/TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|is not iterable|undefined|\[object Object\]|\n\s+at /);
        }),
        { numRuns: 25, seed: 12, endOnFailure: true },
      );
    }, 60_000);
  }
});

describe('random frames on the socket', () => {
  it('text that is not a call, and binary frames, get an error; the server keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.uint8Array({ maxLength: 200 })), async (frame) => {
        const next = nextMessage(ws);
        ws.send(frame);
        const reply = await next;
        // A string that happens to be a valid call is answered as one; anything else is refused, saying why.
        if (!reply.ok) expect(reply.error).toMatch(/^(api message: |[a-zA-Z]+: |unknown call)/);
      }),
      { numRuns: 200, seed: 7 },
    );
    // Still serving.
    expect((await ok(ws, 'appInfo')).mode).toBe('browser');
  }, 60_000);
});
