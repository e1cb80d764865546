// Types of stamp.mjs, for the TypeScript that imports it (tests).
export interface CliStamp {
  version: number;
  /** The project folder it was built for. */
  root: string;
  /** The build's folder, in the cache. */
  dir: string;
  built: string;
  /** [path relative to root, mtimeMs (null: changed while building), size, SHA-1 (files modified within 2 s before
   *  the build, else null)] of every file the build read. */
  inputs: [string, number | null, number, (string | null)?][];
}

export const STAMP_VERSION: number;
export const STAMP_FILE: string;
export function cacheDir(root: string, env?: NodeJS.ProcessEnv): string;
export function readStamp(cache: string): CliStamp | null;
export function fileHash(path: string): string;
export function staleInputs(stamp: CliStamp, root: string): string[];
export function currentBuild(root: string, cache?: string): { dir: string; reason?: undefined } | { dir?: undefined; reason: string };
