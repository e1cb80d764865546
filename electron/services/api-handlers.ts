// The Node side of electron/api.ts: one handler per call, shared by the desktop app's IPC and the browser-mode
// WebSocket. Arguments come from outside (a renderer, a web page): each call's are validated with zod, and every
// answer is an ApiResult; an unexpected exception becomes an error naming the call, never a crash.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { API_METHODS, COORD_FORMATS, LANGUAGES, SIM_SCENARIOS, type Language, type SimScenario, type ApiCalls, type ApiMethod, type ApiResult, type AppInfo, type FileKind, type Settings, type Workspace } from '../api';
import { listSerialPorts, type SerialPortList } from '../../mavlink/links/serial-list';
import type { LinkService } from './link-service';
import type { LoadedSettings, SettingsStore } from './settings-store';
import { SimStartError, type SimService } from './sim-service';
import type { SigningKeyStore } from './signing-keys';
import { signingKeyFromText } from '../../mavlink/link-signing';
import type { ReplayService } from './replay-service';
import { importFlight, listFlights, restoreFlight, trashFlight } from './flight-library';
import { buildReport } from './flight-report';
import { reportHtml } from '../../patrol/report/report-html';
import { WorkspaceError, type WorkspaceService } from './workspace';
import type { MapService } from './map-service';
import { MapError } from './map-service';
import { baseLayerSchema, customLayersSchema, tianditukeySchema, tileCacheMbSchema } from './map-settings-schema';
import type { CustomLayer } from '../../patrol/maps/providers';
import { clearRecovery, PLAN_FILE_MAX_BYTES, readRecovery, savePlanFile, writeRecovery } from './plan-files';

const findingKind = z.enum(['staffed', 'absent', 'crowd', 'other']);
const path = z.string().min(1, 'a file path').max(4096, 'at most 4096 characters');
const deg = (min: number, max: number) => z.number().min(min).max(max);
const areaRequest = z.strictObject({
  name: z.string().trim().min(1, 'a name').max(200),
  layer: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'a layer id'),
  bbox: z.strictObject({ s_deg: deg(-90, 90), w_deg: deg(-180, 180), n_deg: deg(-90, 90), e_deg: deg(-180, 180) }),
  zoom_min: z.number().int().min(0).max(22),
  zoom_max: z.number().int().min(0).max(22),
});
const linkUri = z.string().min(1, 'a link URI such as udpin:0.0.0.0:14550').max(512, 'at most 512 characters');
/** A signing key as typed: a passphrase or 64 hex digits (zod's messages name the length, never the text). */
const signingKeyText = z.string().min(1, 'a passphrase or the key as 64 hex digits').max(1024, 'at most 1024 characters');
const argSchemas: { [M in ApiMethod]: z.ZodType<ApiCalls[M]['args']> } = {
  appInfo: z.tuple([]),
  openStartup: z.tuple([]),
  openFile: z.tuple([path]),
  openDemo: z.tuple([]),
  chooseFile: z.tuple([z.enum(['site', 'patrol'])]),
  chooseSavePath: z.tuple([z.string().max(4096)]),
  updateSettings: z.tuple([
    z.strictObject({
      language: z.enum(LANGUAGES as [string, ...string[]]).nullable().optional(),
      base_layer: baseLayerSchema.optional(),
      custom_layers: customLayersSchema.optional(),
      tianditu_key: tianditukeySchema.optional(),
      tile_cache_mb: tileCacheMbSchema.optional(),
      coord_format: z.enum(COORD_FORMATS as ['deg', 'dms']).optional(),
      flights_dir: z.string().min(1).max(4096).refine(isAbsolute, 'an absolute folder path, or null for flights/ in the data folder').nullable().optional(),
    }),
  ]) as unknown as z.ZodType<ApiCalls['updateSettings']['args']>,
  serialPorts: z.tuple([]),
  openLink: z.tuple([linkUri]),
  closeLink: z.tuple([z.string().min(1).max(64)]),
  links: z.tuple([]),
  startSimulator: z.tuple([
    z.strictObject({
      lat_deg: z.number().min(-90).max(90),
      lon_deg: z.number().min(-180).max(180),
      alt_m: z.number().min(-500).max(9000).optional(),
      speedup: z.number().min(1).max(20).optional(),
      vehicles: z.number().int().min(1).max(5).optional(),
      scenario: z.enum(SIM_SCENARIOS as [SimScenario, ...SimScenario[]]).optional(),
      signing_key: signingKeyText.optional(),
    }),
  ]),
  stopSimulator: z.tuple([z.string().min(1).max(64)]),
  signingKeys: z.tuple([]),
  setSigningKey: z.tuple([linkUri, z.strictObject({ key: signingKeyText.optional(), require: z.boolean() })]),
  removeSigningKey: z.tuple([linkUri]),
  sendSigningKey: z.tuple([z.string().min(1).max(64), z.strictObject({ sysid: z.number().int().min(1).max(255), insecure_link: z.boolean().optional() })]),
  addFinding: z.tuple([
    z.string().min(1).max(64),
    z.strictObject({ post: z.string().min(1).max(256), kind: findingKind, note: z.string().max(2000).optional(), sysid: z.number().int().min(1).max(255).optional() }),
  ]),
  updateFinding: z.tuple([z.string().min(1).max(64), z.string().min(1).max(64), z.strictObject({ kind: findingKind.optional(), note: z.string().max(2000).optional() })]),
  removeFinding: z.tuple([z.string().min(1).max(64), z.string().min(1).max(64)]),
  posts: z.tuple([]),
  uploadPatrol: z.tuple([z.string().min(1).max(64), z.strictObject({ sysid: z.number().int().min(1).max(255).optional() })]),
  vehicleAction: z.tuple([
    z.string().min(1).max(64),
    z.strictObject({
      sysid: z.number().int().min(1).max(255).optional(),
      action: z.enum(['start', 'pause', 'resume', 'rtl', 'land', 'mode', 'cancel']),
      mode: z.string().min(1).max(32).optional(),
    }),
  ]),
  readMission: z.tuple([z.string().min(1).max(64), z.strictObject({ sysid: z.number().int().min(1).max(255).optional() })]),
  missions: z.tuple([]),
  savePlanFile: z.tuple([path, z.string().max(PLAN_FILE_MAX_BYTES), z.strictObject({ overwrite: z.boolean() })]),
  writeRecovery: z.tuple([z.string().max(PLAN_FILE_MAX_BYTES)]),
  readRecovery: z.tuple([]),
  clearRecovery: z.tuple([]),
  library: z.tuple([]),
  openFlight: z.tuple([path, z.strictObject({ site_path: path.optional() })]),
  replayInfo: z.tuple([z.string().min(1).max(64)]),
  replayAt: z.tuple([z.string().min(1).max(64), z.number().min(0).max(1e12)]),
  trashFlight: z.tuple([path]),
  restoreFlight: z.tuple([path, z.string().min(1).max(255)]),
  importFlight: z.tuple([path]),
  flightReport: z.tuple([path, z.strictObject({ lang: z.enum(LANGUAGES as [Language, ...Language[]]), utc_offset_min: z.number().int().min(-720).max(840).optional() })]),
  tileStatus: z.tuple([]),
  clearTileCache: z.tuple([z.string().regex(/^[a-z0-9_-]{1,64}$/, 'a layer id').nullable()]),
  estimateOfflineArea: z.tuple([areaRequest]),
  startOfflineArea: z.tuple([areaRequest]),
  offlineAreaAction: z.tuple([z.string().min(1).max(64), z.enum(['pause', 'resume', 'retry', 'remove'])]),
  exportOfflineArea: z.tuple([z.string().min(1).max(64), path.refine((p) => /\.mbtiles$/i.test(p), 'a path ending in .mbtiles').refine(isAbsolute, 'an absolute path'), z.strictObject({ overwrite: z.boolean() })]),
  importTiles: z.tuple([path, z.string().regex(/^[a-z0-9_-]{1,64}$/, 'a layer id')]),
};

export interface HandlerContext {
  version: string;
  mode: AppInfo['mode'];
  store: SettingsStore;
  workspace: WorkspaceService;
  /** The settings as loaded at start (first start, problems). */
  loaded: LoadedSettings;
  /** Overrides for this run only (`--tiles none` or `--tiles URL`), never saved. */
  overrides?: MapOverrides;
  maps: MapService;
  /** The desktop file picker; absent in browser mode. */
  chooseFile?: (kind: FileKind) => Promise<string | null>;
  /** The desktop save dialog; absent in browser mode. */
  chooseSavePath?: (suggested: string) => Promise<string | null>;
  links: LinkService;
  sims: SimService;
  /** MAVLink 2 signing keys per link URI (never answered: fingerprints only). */
  signingKeys: SigningKeyStore;
  replays: ReplayService;
  /** Told of every workspace opened (the site whose posts live links check). */
  onWorkspace?: (w: Workspace) => void;
  /** Lists serial ports (injected in tests). */
  listSerialPorts?: () => Promise<SerialPortList>;
}

/** `--tiles` for one run: the plain background, or a layer of its own (shown until another is chosen). */
export interface MapOverrides {
  base_layer?: string;
  run_layer?: CustomLayer;
}

type Handlers = { [M in ApiMethod]: (...args: ApiCalls[M]['args']) => Promise<ApiCalls[M]['value']> };

/** An error the user should read as it is (a file problem, an unsupported call). */
class UserError extends Error {}

/** Errors of the link service name what is wrong (no such link, no such finding, a save that failed): said as they are. */
async function userErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

/** The settings as this run sees them: the saved ones under `--tiles`. */
export function settingsWith(saved: Settings, o: MapOverrides | undefined): Settings {
  if (!o) return saved;
  const custom = o.run_layer ? [...saved.custom_layers.filter((l) => l.id !== o.run_layer?.id), o.run_layer] : saved.custom_layers;
  return { ...saved, custom_layers: custom, base_layer: o.base_layer ?? saved.base_layer };
}

async function mapErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof MapError) throw new UserError(err.message);
    throw err;
  }
}

export class ApiHandlers {
  private startupDone = false;
  private readonly handlers: Handlers;

  constructor(private readonly ctx: HandlerContext) {
    const settings = (): Settings => settingsWith(ctx.store.settings, ctx.overrides);
    const seen = (w: Workspace): Workspace => {
      this.startupDone = true; // a workspace is open: a later startup call reopens it, never the first start's demo
      ctx.onWorkspace?.(w);
      return w;
    };
    this.handlers = {
      appInfo: async () => ({ version: ctx.version, mode: ctx.mode, data_dir: ctx.store.dir, flights_dir: ctx.links.flightsDir, settings: settings(), problems: ctx.loaded.problems }),
      // The first call of the run may be the first start; a reload (a later call), or one after a file was opened,
      // reopens what is open now (the site that links check and uploads use must not silently go back to the demo).
      openStartup: async () => {
        const first_start = ctx.loaded.first_start && !this.startupDone;
        return seen(await ctx.workspace.startup({ first_start, problems: ctx.loaded.problems, settings: ctx.store.settings }));
      },
      openFile: async (p) => seen(await ctx.workspace.open(p)),
      // Chosen by the user: the demo is what the next start shows (no path remembered means the demo).
      openDemo: async () => {
        const w = seen(await ctx.workspace.openDemo());
        await ctx.store.update({ last_site_path: null, last_patrol_path: null });
        return w;
      },
      chooseFile: async (kind) => {
        if (!ctx.chooseFile) throw new UserError('no file picker in browser mode: type the path of the file');
        return ctx.chooseFile(kind);
      },
      chooseSavePath: async (suggested) => {
        if (!ctx.chooseSavePath) throw new UserError('no save dialog in browser mode: type the path of the file');
        return ctx.chooseSavePath(suggested);
      },
      updateSettings: async (patch) => {
        const run = ctx.overrides?.run_layer?.id;
        // The run's own layer is never saved with the user's; choosing a layer ends the run's choice.
        const saved = { ...patch, ...(patch.custom_layers && run ? { custom_layers: patch.custom_layers.filter((l) => l.id !== run) } : {}) };
        if (patch.base_layer !== undefined && ctx.overrides) ctx.overrides.base_layer = undefined;
        if (patch.base_layer === run && run) delete saved.base_layer;
        await ctx.store.update(saved);
        return settings();
      },
      serialPorts: async () => (ctx.listSerialPorts ?? listSerialPorts)(),
      openLink: async (uri) => {
        let link;
        try {
          link = await ctx.links.open(uri);
        } catch (err) {
          throw new UserError((err as Error).message); // a bad URI, a busy port: said as it is
        }
        await ctx.store.update({ recent_links: [uri, ...ctx.store.settings.recent_links.filter((u) => u !== uri)].slice(0, 10) });
        return link;
      },
      closeLink: async (id) => {
        let closed;
        try {
          closed = await ctx.links.close(id);
        } catch (err) {
          throw new UserError((err as Error).message);
        }
        // A simulated copter started for this link goes with it (none is left running unseen).
        for (const sim of ctx.sims.list()) if (sim.uri === closed.uri) await ctx.sims.stop(sim.id);
        return closed;
      },
      links: async () => ctx.links.listWithSizes(),
      startSimulator: async (start) => {
        try {
          return await ctx.sims.start(start);
        } catch (err) {
          if (err instanceof SimStartError) throw new UserError(err.message);
          throw err;
        }
      },
      stopSimulator: async (id) => {
        try {
          await ctx.sims.stop(id);
        } catch (err) {
          throw new UserError((err as Error).message);
        }
        return ctx.sims.list();
      },
      signingKeys: async () => ctx.signingKeys.list(),
      setSigningKey: async (uri, input) => userErrors(async () => {
        let key: Uint8Array;
        if (input.key !== undefined) {
          const k = signingKeyFromText(input.key);
          if (!k.ok) throw new Error(`setSigningKey: key: ${k.error}`); // never quotes the text
          key = k.key;
        } else {
          const stored = await ctx.signingKeys.signingFor(uri);
          if (!stored) throw new Error(`setSigningKey: no key stored for ${uri}: give a passphrase or 64 hex digits`);
          key = stored.key;
        }
        const entry = await ctx.signingKeys.set(uri, key, input.require);
        await ctx.links.applySigning(uri);
        return entry;
      }),
      removeSigningKey: async (uri) => userErrors(async () => {
        const removed = await ctx.signingKeys.remove(uri);
        await ctx.links.applySigning(uri);
        return { removed };
      }),
      sendSigningKey: async (linkId, o) => userErrors(() => ctx.links.sendSigningKey(linkId, o.sysid, o.insecure_link ?? false)),
      addFinding: async (linkId, f) => userErrors(() => ctx.links.addFinding(linkId, f)),
      updateFinding: async (linkId, findingId, patch) => userErrors(() => ctx.links.updateFinding(linkId, findingId, patch)),
      removeFinding: async (linkId, findingId) => userErrors(() => ctx.links.removeFinding(linkId, findingId)),
      posts: async () => ctx.links.posts(),
      uploadPatrol: async (linkId, o) => userErrors(() => ctx.links.uploadPatrol(linkId, o.sysid)),
      vehicleAction: async (linkId, o) => userErrors(() => ctx.links.vehicleAction(linkId, o)),
      readMission: async (linkId, o) => userErrors(() => ctx.links.readMission(linkId, o.sysid)),
      missions: async () => ctx.links.missions.list(),
      library: async () => listFlights(ctx.links.flightsDir),
      openFlight: async (p, o) => userErrors(() => ctx.replays.openFlight(p, o.site_path)),
      savePlanFile: async (p, text, o) => userErrors(() => savePlanFile(p, text, o.overwrite)),
      writeRecovery: async (text) => userErrors(async () => (await writeRecovery(ctx.store.dir, text), null)),
      readRecovery: async () => userErrors(() => readRecovery(ctx.store.dir)),
      clearRecovery: async () => userErrors(async () => (await clearRecovery(ctx.store.dir), null)),
      replayInfo: async (id) => userErrors(async () => ctx.replays.info(id)),
      replayAt: async (id, t) => userErrors(async () => ctx.replays.at(id, t)),
      trashFlight: async (p) => userErrors(() => trashFlight(ctx.links.flightsDir, p)),
      restoreFlight: async (p, name) => userErrors(() => restoreFlight(ctx.links.flightsDir, p, name)),
      importFlight: async (p) => userErrors(() => importFlight(ctx.links.flightsDir, p)),
      flightReport: async (p, o) => userErrors(async () => {
        const report = await buildReport(p, { utcOffsetMin: o.utc_offset_min });
        return { html: reportHtml(report, o.lang), checked: report.posts.filter((x) => x.status === 'checked').length, posts: report.posts.length };
      }),
      tileStatus: async () => ctx.maps.status(),
      clearTileCache: async (layer) => ctx.maps.clear(layer),
      estimateOfflineArea: async (req) => mapErrors(() => ctx.maps.estimate(req)),
      startOfflineArea: async (req) => mapErrors(() => ctx.maps.start(req)),
      offlineAreaAction: async (id, action) => mapErrors(() => ctx.maps.act(id, action)),
      exportOfflineArea: async (id, p, o) => mapErrors(() => ctx.maps.exportArea(id, p, o)),
      importTiles: async (p, layer) => mapErrors(() => ctx.maps.importTiles(p, layer)),
    };
  }

  /** Runs a call from outside: unknown method or bad arguments → an error naming them. */
  async dispatch(method: unknown, args: unknown): Promise<ApiResult<unknown>> {
    if (typeof method !== 'string' || !(API_METHODS as readonly string[]).includes(method)) {
      // Over IPC the method may be any structured clone (a BigInt, a Map): described, never JSON.stringify'd (which throws).
      const named = typeof method === 'string' ? JSON.stringify(method.length > 60 ? `${method.slice(0, 60)}…` : method) : `(${method === null ? 'null' : typeof method})`;
      return { ok: false, error: `unknown call ${named}; the calls are ${API_METHODS.join(', ')}` };
    }
    const m = method as ApiMethod;
    const parsed = argSchemas[m].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length > 0 ? `argument ${issue.path.join('.')}` : 'arguments';
      // zod says "received undefined" of a member left out: said as a person would.
      const message = issue.message.replace(/^Invalid input: expected (.+), received undefined$/, 'missing (expected $1)');
      return { ok: false, error: `${m}: ${where}: ${message}` };
    }
    try {
      const fn = this.handlers[m] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await fn(...(parsed.data as unknown[])) };
    } catch (err) {
      if (err instanceof WorkspaceError || err instanceof UserError) return { ok: false, error: err.message };
      return { ok: false, error: `${m} failed: ${(err as Error).message ?? String(err)}` };
    }
  }
}
