// Compiles the command line (electron/cli/main.ts and everything it imports) into plain JavaScript with esbuild:
// one small entry module with the commands' definitions, and a chunk per command action, loaded only when that
// command runs (code splitting on the actions' dynamic imports). npm packages stay imports from node_modules,
// except node-mavlink, bundled without what it loads and Watchpost never uses (see ./node-mavlink.mjs), and
// commander, bundled into the entry's chunks (one file loads faster than its several). Whitespace and syntax are
// minified (less to parse: node-mavlink's dialects are 0.9 MB of source); names are kept, for readable errors.
//
// Each build goes into a new folder of the cache; the stamp (current.json, see ./stamp.mjs), renamed into place
// in one step, then names it. So processes starting together never see half a build: each runs a complete one.
//
// Run by bin/watchpost.js when the stamp is missing or stale, and by `npm ci` / `npm install` (the `prepare`
// script): `node scripts/cli-build/build.mjs`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, fileHash, readStamp, STAMP_FILE, STAMP_VERSION } from './stamp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');

/** Files that shape the build without being bundled (esbuild's version too): a change to one rebuilds too. */
const CONFIG_INPUTS = ['scripts/cli-build/build.mjs', 'scripts/cli-build/stamp.mjs', 'tsconfig.json', 'package.json'];
const ESBUILD_PACKAGE = createRequire(import.meta.url).resolve('esbuild/package.json');

/** Bare imports answered by a slimmer module of our own, bundled (see ./node-mavlink.mjs). */
const SLIM = {
  'node-mavlink': join(here, 'node-mavlink.mjs'),
  'mavlink-mappings': join(here, 'mavlink-mappings.mjs'),
};
/** Packages whose files the slim modules import directly: bundled. Every other package stays external. */
const BUNDLED_PACKAGES = /^(node-mavlink\/|mavlink-mappings\/|mavlink-mappings-gen\/|commander$)/;

/** A file modified this close to the build (or during it) may have changed after esbuild read it: its time is not kept. */
const CLOCK_MARGIN_MS = 100;
/** The coarsest modification-time step of common file systems (FAT, SMB); inputs this recent are hashed. */
const COARSE_MTIME_MS = 2000;
/** Builds other than the current and the previous one are removed once this old (a process may still load them). */
const KEEP_OLD_BUILDS_MS = 10 * 60 * 1000;

export class CliBuildError extends Error {}

/** npm packages stay imports (resolved from node_modules at run time), but for node-mavlink and commander. */
const packagesPlugin = {
  name: 'watchpost-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      if (SLIM[args.path]) return { path: SLIM[args.path] };
      if (BUNDLED_PACKAGES.test(args.path)) return undefined; // esbuild resolves it in node_modules and bundles it
      return { external: true };
    });
  },
};

/**
 * `import.meta.url` in a bundled source means where that source file is (e.g. `watchpost ui` finds assets/ and
 * out/renderer/ from it), not where its chunk lands: replaced by the source's own URL. The stamp records the
 * project folder, so a moved checkout rebuilds.
 */
const importMetaUrlPlugin = {
  name: 'watchpost-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * Build the command line into a new folder of the cache and make it the current build. Resolves with the folder,
 * the stamp and the time taken; throws CliBuildError with esbuild's messages (file:line: text) if the sources do
 * not compile.
 */
export async function buildCli({ root = ROOT, cache = cacheDir(root) } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const id = `b-${started.toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const outdir = join(cache, id);
  mkdirSync(cache, { recursive: true });
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: 'electron/cli/main.ts' },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: 'linked',
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      // The bundled CommonJS (node-mavlink) calls require() for Node built-ins.
      banner: { js: "import { createRequire as __watchpostRequire } from 'node:module'; const require = __watchpostRequire(import.meta.url);" },
      plugins: [packagesPlugin, importMetaUrlPlugin],
    });
  } catch (err) {
    rmSync(outdir, { recursive: true, force: true });
    const messages = (err.errors ?? []).map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text));
    throw new CliBuildError(messages.length > 0 ? messages.join('\n') : err.message);
  }
  const finished = Date.now();
  const inputs = [...Object.keys(result.metafile.inputs), ...CONFIG_INPUTS, relative(root, ESBUILD_PACKAGE)].map((path) => {
    const st = statSync(join(root, path));
    // Modified while esbuild ran (not a time in the future, e.g. from another machine's clock, which would never pass).
    const duringBuild = st.mtimeMs > started - CLOCK_MARGIN_MS && st.mtimeMs < finished + CLOCK_MARGIN_MS;
    // Modified within a coarse file-system tick before the build: its content is recorded too (see staleInputs).
    const recent = st.mtimeMs > started - COARSE_MTIME_MS;
    return [path, duringBuild ? null : st.mtimeMs, st.size, recent && !duringBuild ? fileHash(join(root, path)) : null];
  });
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const stamp = { version: STAMP_VERSION, root, dir: id, built: new Date(started).toISOString(), inputs };
  const previous = readStamp(cache);
  const tmp = join(cache, `${STAMP_FILE}.${id}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(stamp)}\n`);
  renameSync(tmp, join(cache, STAMP_FILE));
  removeOldBuilds(cache, [id, previous?.dir]);
  return { dir: outdir, stamp, ms: Date.now() - started };
}

function removeOldBuilds(cache, keep) {
  const now = Date.now();
  for (const name of readdirSync(cache)) {
    if (keep.includes(name) || !name.startsWith('b-')) continue;
    const path = join(cache, name);
    const st = statSync(path, { throwIfNoEntry: false }); // another process may be cleaning up too
    if (st && now - st.mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
  }
}

// `node scripts/cli-build/build.mjs`: build now (the `prepare` script); reports on stderr, never stdout. A failure
// does not fail `npm ci`: bin/watchpost.js tries again on its next run, and runs the sources through tsx meanwhile.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { dir, stamp, ms } = await buildCli();
    process.stderr.write(`watchpost: command line compiled into ${relative(ROOT, dir)} (${stamp.inputs.length} files, ${ms} ms)\n`);
  } catch (err) {
    process.stderr.write(`watchpost: compiling the command line failed (it runs through tsx until it compiles):\n${err.message}\n`);
  }
}
