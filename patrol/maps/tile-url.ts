// A tile's address from a provider's XYZ URL template ("https://{s}.tile.example.org/{z}/{x}/{y}.png?key={key}").
// Pure TypeScript: the tile source, the offline-area downloader and the CLI fill templates the same way.
import type { TileXYZ } from './tile-math';

export interface TileUrlOptions {
  /** Host names for {s}, e.g. ['a', 'b', 'c']. */
  subdomains?: string[];
  /** The provider's API key for {k} or {key}. */
  key?: string;
}

/** Fills {z} {x} {y}, {-y} (TMS rows, counted from the south), {s} and {k}/{key}. */
export function tileUrl(template: string, t: TileXYZ, opts: TileUrlOptions = {}): string {
  const subs = opts.subdomains && opts.subdomains.length > 0 ? opts.subdomains : ['a', 'b', 'c'];
  // The same tile always goes to the same host, so the browser's and the provider's caches see one URL per tile.
  const s = subs[(t.x + t.y) % subs.length];
  const values: Record<string, string> = {
    z: String(t.z),
    x: String(t.x),
    y: String(t.y),
    '-y': String(2 ** t.z - 1 - t.y),
    s,
    k: opts.key ?? '',
    key: opts.key ?? '',
  };
  return template.replace(/\{(-y|z|x|y|s|k|key)\}/g, (_m, name: string) => encodeURIComponent(values[name]));
}
