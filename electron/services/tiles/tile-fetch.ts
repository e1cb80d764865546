// Fetching one map tile from a provider over HTTP(S), with Node's fetch: a typed result rather than a throw, and a
// body accepted only when its bytes are an image (providers answer errors with HTML pages and status 200 alike).
// Also the User-Agent every request carries: tile policies (OpenStreetMap's among them) want the app named.

export type TileFetchFailure = 'missing' | 'http' | 'network' | 'timeout' | 'not-image' | 'aborted';

export type TileFetchResult =
  | { ok: true; body: Buffer; type: string }
  | { ok: false; kind: TileFetchFailure; status?: number; message: string };

export interface TileFetchOptions {
  userAgent: string;
  timeout_ms: number;
  /** The caller giving up (a paused download, the app closing): the result is `aborted`, not a failure. */
  signal?: AbortSignal;
}

export function WATCHPOST_USER_AGENT(version: string): string {
  return `Watchpost/${version} (ground control station; +offline patrol maps)`;
}

/** The image type from the first bytes, or null: the raster formats map providers serve. */
export function imageType(body: Uint8Array): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => body[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && body.length >= 12 && String.fromCharCode(...body.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return null;
}

/** "No tile here" in the providers' dialects: 404, 410 and 204 (some answer an empty 200, handled as not-image). */
const MISSING_STATUS = new Set([204, 404, 410]);

export async function fetchTile(url: string, opts: TileFetchOptions): Promise<TileFetchResult> {
  const timeout = AbortSignal.timeout(opts.timeout_ms);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const where = redactKey(url);
  try {
    const res = await fetch(url, { headers: { 'user-agent': opts.userAgent, accept: 'image/png,image/jpeg,image/webp,image/*;q=0.8' }, signal, redirect: 'follow' });
    if (MISSING_STATUS.has(res.status)) {
      await res.body?.cancel();
      return { ok: false, kind: 'missing', status: res.status, message: `${where}: the provider has no such tile (HTTP ${res.status})` };
    }
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, kind: 'http', status: res.status, message: `${where}: HTTP ${res.status} ${res.statusText}`.trim() };
    }
    // Reading the body is covered by the same timeout: a server that stalls mid-tile times out too.
    const body = Buffer.from(await res.arrayBuffer());
    const type = imageType(body);
    if (!type) {
      const declared = res.headers.get('content-type') ?? 'no content-type';
      return { ok: false, kind: 'not-image', status: res.status, message: `${where}: the answer is not an image (${declared}, ${body.length} bytes)` };
    }
    return { ok: true, body, type };
  } catch (err) {
    if (opts.signal?.aborted) return { ok: false, kind: 'aborted', message: `${where}: cancelled` };
    if (timeout.aborted) return { ok: false, kind: 'timeout', message: `${where}: no answer within ${opts.timeout_ms} ms` };
    return { ok: false, kind: 'network', message: `${where}: ${networkReason(err)}` };
  }
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause. */
function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${cause.message})` : cause.message;
  }
  return err.message;
}

/** Messages end up in the UI and logs: an API key in the query string is not shown. */
function redactKey(url: string): string {
  return url.replace(/([?&](?:key|api_key|apikey|access_token|token|k)=)[^&]*/gi, '$1…');
}
