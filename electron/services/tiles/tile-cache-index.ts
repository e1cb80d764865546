// The tile cache's in-memory index: per layer, the tiles in use order (a Map keeps insertion order; a use deletes and
// re-inserts, so the oldest is first) with their sizes, and which ones to evict. No disk here: tile-cache.ts does
// the files and keeps this index in step.
import type { TileXYZ } from '../../../patrol/maps/tile-math';
import type { TileKey } from './tile-cache-scan';

export interface IndexEntry extends TileXYZ {
  ext: string;
  bytes: number;
  used_ms: number;
}

interface Layer {
  /** Oldest use first. */
  lru: Map<string, IndexEntry>;
  /** Tiles eviction found pinned: set aside so it never walks past them again (see repin()). */
  held: Map<string, IndexEntry>;
  bytes: number;
}

const rel = (t: TileXYZ) => `${t.z}/${t.x}/${t.y}`;
const byUse = (a: [string, IndexEntry], b: [string, IndexEntry]) => a[1].used_ms - b[1].used_ms;

export class TileIndex {
  private layers = new Map<string, Layer>();

  layerIds(): string[] {
    return [...this.layers.keys()];
  }

  entry(key: TileKey): IndexEntry | undefined {
    const l = this.layers.get(key.layer);
    return l?.lru.get(rel(key)) ?? l?.held.get(rel(key));
  }

  /** Adds a tile as the most recently used (replacing any entry it had). */
  add(layer: string, e: IndexEntry): void {
    this.remove({ layer, ...e });
    let l = this.layers.get(layer);
    if (!l) this.layers.set(layer, (l = { lru: new Map(), held: new Map(), bytes: 0 }));
    l.lru.set(rel(e), e);
    l.bytes += e.bytes;
  }

  /** Marks the entry used now: it moves to the recent end (a tile set aside as pinned becomes a candidate again). */
  use(layer: string, e: IndexEntry, used_ms: number): void {
    const l = this.layers.get(layer);
    if (!l) return;
    l.lru.delete(rel(e));
    l.held.delete(rel(e));
    e.used_ms = used_ms;
    l.lru.set(rel(e), e);
  }

  remove(key: TileKey): IndexEntry | undefined {
    const l = this.layers.get(key.layer);
    const e = this.entry(key);
    if (!l || !e) return undefined;
    l.lru.delete(rel(key));
    l.held.delete(rel(key));
    l.bytes -= e.bytes;
    return e;
  }

  dropLayer(layer: string): number {
    const l = this.layers.get(layer);
    this.layers.delete(layer);
    return l ? l.lru.size + l.held.size : 0;
  }

  /** Takes least recently used tiles out until the layer fits its limit, skipping (and setting aside) pinned ones. */
  evict(layer: string, limit_bytes: number, pinned: (key: TileKey) => boolean): IndexEntry[] {
    const l = this.layers.get(layer);
    const victims: IndexEntry[] = [];
    while (l && l.bytes > limit_bytes) {
      const first = l.lru.entries().next();
      if (first.done) break;
      const [k, e] = first.value;
      l.lru.delete(k);
      if (pinned({ layer, z: e.z, x: e.x, y: e.y })) {
        l.held.set(k, e);
        continue;
      }
      l.bytes -= e.bytes;
      victims.push(e);
    }
    return victims;
  }

  /** The pinned set shrank (an offline area removed): tiles set aside come back as candidates, in use order. */
  repin(): void {
    for (const l of this.layers.values()) {
      if (l.held.size === 0) continue;
      l.lru = new Map([...l.lru, ...l.held].sort(byUse));
      l.held.clear();
    }
  }

  /** A layer's tiles, least recently used first. */
  order(layer: string): IndexEntry[] {
    const l = this.layers.get(layer);
    return l ? [...l.lru, ...l.held].sort(byUse).map(([, e]) => e) : [];
  }

  counts(layer: string, pinned: (key: TileKey) => boolean): { tiles: number; bytes: number; pinned_tiles: number } {
    const l = this.layers.get(layer);
    if (!l) return { tiles: 0, bytes: 0, pinned_tiles: 0 };
    let pinned_tiles = l.held.size;
    for (const e of l.lru.values()) if (pinned({ layer, z: e.z, x: e.x, y: e.y })) pinned_tiles++;
    return { tiles: l.lru.size + l.held.size, bytes: l.bytes, pinned_tiles };
  }
}
