// The end-to-end tests drive the built UI (out/renderer). `npm test` builds it first (pretest); a test run started
// another way must not silently test an old build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function assertUiBuilt(root = process.cwd()): void {
  const index = join(root, 'out', 'renderer', 'index.html');
  let built: number;
  try {
    built = statSync(index).mtimeMs;
  } catch {
    throw new Error(`${index} is missing: run \`npm run build:ui\` (npm test does it first)`);
  }
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'patrol')), statSync(join(root, 'electron', 'api.ts')).mtimeMs);
  if (sources > built) throw new Error(`${index} is older than the UI's sources: run \`npm run build:ui\` (npm test does it first)`);
}
