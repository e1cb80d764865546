// The diagnosis of `npm run bench:replay` (bench/replay.ts): a task of bench/replay-child.ts under V8's CPU profiler
// and sampling heap profiler, summarised by function and by allocation site with the TypeScript file and line.
// tsx compiles each module to one line, so its profiles name no lines: the child is bundled here with esbuild
// (unminified, npm packages left as imports, an external source map) and the profiles' positions are mapped back
// through that source map.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export interface ProfileLine {
  what: string;
  value: number;
}

export interface CpuSummary {
  file: string;
  total_ms: number;
  top: ProfileLine[];
  byFile: ProfileLine[];
}

export interface HeapSummary {
  file: string;
  total_MB: number;
  top: ProfileLine[];
}

// ---------------------------------------------------------------------------------------------------------------
// Source maps (version 3): generated line/column → source file and line

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Per generated line: segments [generated column, source index, source line], by column. */
export class SourceMap {
  private readonly lines: Array<Array<[number, number, number]>> = [];
  readonly sources: string[];

  constructor(mapFile: string) {
    const m = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
    this.sources = m.sources.map((s) => resolve(dirname(mapFile), s));
    let src = 0;
    let srcLine = 0;
    for (const line of m.mappings.split(';')) {
      const segs: Array<[number, number, number]> = [];
      let col = 0;
      for (const seg of line.split(',')) {
        if (!seg) continue;
        const f = decodeVlq(seg);
        col += f[0];
        if (f.length >= 4) {
          src += f[1];
          srcLine += f[2]; // f[3], the source column, is not needed
          segs.push([col, src, srcLine]);
        }
      }
      this.lines.push(segs);
    }
  }

  /** The source file and 1-based line of a 0-based generated position (null: not mapped). */
  at(line: number, col: number): { source: string; line: number } | null {
    const segs = this.lines[line];
    if (!segs || segs.length === 0) return null;
    let best = segs[0];
    for (const s of segs) {
      if (s[0] > col) break;
      best = s;
    }
    return { source: this.sources[best[1]], line: best[2] + 1 };
  }
}

function decodeVlq(seg: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of seg) {
    const d = B64.get(c);
    if (d === undefined) throw new Error(`source map: bad VLQ character ${c}`);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export class Profiler {
  private map: SourceMap | null = null;
  private bundle = '';

  constructor(private readonly root: string, private readonly dir: string) {}

  /** Bundle bench/replay-child.ts (once). */
  async prepare(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.bundle = join(this.dir, 'replay-child.mjs');
    await build({
      entryPoints: [join(this.root, 'bench', 'replay-child.ts')], outfile: this.bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      packages: 'external', sourcemap: 'external', minify: false, keepNames: true, logLevel: 'warning',
    });
    this.map = new SourceMap(`${this.bundle}.map`);
  }

  /** Runs the bundled child with `nodeArgs`; returns its JSON line and the main thread's profile file (`kind`). */
  async run<T>(args: string[], kind: 'cpu' | 'heap'): Promise<{ result: T; file: string }> {
    const out = join(this.dir, kind);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const flags = kind === 'cpu' ? ['--cpu-prof', `--cpu-prof-dir=${out}`, '--cpu-prof-interval=500'] : ['--heap-prof', `--heap-prof-dir=${out}`, '--heap-prof-interval=32768'];
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, this.bundle, ...args], { cwd: this.root, maxBuffer: 64 << 20, timeout: 600_000 });
    // The main thread's profile: <kind>.<date>.<time>.<pid>.0.<seq>.
    const name = readdirSync(out).find((f) => /\.0\.\d+\.(cpu|heap)profile$/.test(f));
    if (!name) throw new Error(`no ${kind} profile written in ${out}`);
    return { result: JSON.parse(stdout.trim().split('\n').pop() ?? '') as T, file: join(out, name) };
  }

  /** "function (file:line)" for a call frame: bundled code mapped back to its TypeScript source. */
  private where(cf: CallFrame): { key: string; file: string } {
    const name = cf.functionName || '(anonymous)';
    if (!cf.url) return { key: name, file: `(${name})` };
    if (cf.url.endsWith('replay-child.mjs') && this.map) {
      const src = this.map.at(cf.lineNumber, cf.columnNumber);
      if (src) {
        const file = this.rel(src.source);
        return { key: `${name} (${file}:${src.line})`, file };
      }
    }
    const file = this.rel(cf.url.replace(/^file:\/\//, ''));
    return { key: `${name} (${file}:${cf.lineNumber + 1})`, file };
  }

  private rel(path: string): string {
    return path.startsWith('node:') ? path : relative(this.root, path).replace(/^node_modules\//, '');
  }

  cpu(file: string, n: number): CpuSummary {
    const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ id: number; callFrame: CallFrame }>; samples: number[]; timeDeltas: number[] };
    const byId = new Map(p.nodes.map((x) => [x.id, x]));
    const self = new Map<string, number>();
    const files = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < p.samples.length; i++) {
      const node = byId.get(p.samples[i]);
      if (!node) continue;
      const dt = (p.timeDeltas[i] ?? 0) / 1000;
      total += dt;
      const w = this.where(node.callFrame);
      self.set(w.key, (self.get(w.key) ?? 0) + dt);
      files.set(w.file, (files.get(w.file) ?? 0) + dt);
    }
    return { file, total_ms: total, top: topOf(self, n), byFile: topOf(files, n) };
  }

  heap(file: string, n: number): HeapSummary {
    type HNode = { callFrame: CallFrame; selfSize: number; children: HNode[] };
    const p = JSON.parse(readFileSync(file, 'utf8')) as { head: HNode };
    const self = new Map<string, number>();
    let total = 0;
    // Native allocations (no script: Array growth, typed arrays…) are charged to the nearest script frame above.
    const walk = (node: HNode, caller: string): void => {
      const w = this.where(node.callFrame);
      const key = node.callFrame.url ? w.key : `${w.key} ← ${caller}`;
      if (node.selfSize > 0) {
        self.set(key, (self.get(key) ?? 0) + node.selfSize);
        total += node.selfSize;
      }
      for (const c of node.children) walk(c, node.callFrame.url ? w.key : caller);
    };
    walk(p.head, '(root)');
    const MB = 1048576;
    return { file, total_MB: total / MB, top: topOf(self, n).map((l) => ({ what: l.what, value: l.value / MB })) };
  }
}

function topOf(m: Map<string, number>, n: number): ProfileLine[] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([what, value]) => ({ what, value }));
}

/** A page's CPU profile (CDP Profiler) mapped through the bundle's source map: self and inclusive time by function. */
export function pageCpu(profile: { nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>; samples: number[]; timeDeltas: number[] }, map: SourceMap | null, n: number): { total_ms: number; self: ProfileLine[]; inclusive: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (cf: CallFrame): string => {
    const fn = cf.functionName || '(anonymous)';
    if (!cf.url) return fn;
    const src = map && cf.url.includes('/assets/') ? map.at(cf.lineNumber, cf.columnNumber) : null;
    return src ? `${fn} (${src.source.replace(/^.*?\/(node_modules|renderer|electron|patrol)\//, '$1/').replace(/^node_modules\//, '')}:${src.line})` : `${fn} (${cf.url.replace(/^.*\//, '')}:${cf.lineNumber + 1})`;
  };
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    let id: number | undefined = profile.samples[i];
    const first = byId.get(id);
    if (!first) continue;
    const k = name(first.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    while (id !== undefined) {
      const node = byId.get(id);
      if (!node) break;
      const kk = name(node.callFrame);
      if (!seen.has(kk)) {
        seen.add(kk);
        incl.set(kk, (incl.get(kk) ?? 0) + dt);
      }
      id = parent.get(id);
    }
  }
  // Inclusive: our own code, react-leaflet's updates and Leaflet's entry points, not the React scheduler's frames that
  // every sample passes through.
  const ours = [...incl].filter(([k]) => /\((renderer|electron|patrol)\//.test(k) || /\(@react-leaflet\//.test(k) || /^(_setPosition|_updatePosition|setLatLng|setStyle|update|fire) \(leaflet/.test(k));
  return { total_ms: total, self: topOf(self, n), inclusive: ours.sort((a, b) => b[1] - a[1]).slice(0, n).map(([what, value]) => ({ what, value })) };
}
