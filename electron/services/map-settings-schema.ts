// The map settings' shapes (issue 12), checked where they come in: settings.json at load, updateSettings from the
// page, the CLI's --tiles. One definition, so the file and the API accept the same things.
import { z } from 'zod';
import { BUILT_IN_LAYERS, isXyzTemplate, LAYER_ID, NO_LAYER } from '../../patrol/maps/providers';

export const DEFAULT_BASE_LAYER = 'osm';
export const DEFAULT_TILE_CACHE_MB = 500;
/** Beyond this a cache is a disk-filling accident rather than a choice. */
export const MAX_TILE_CACHE_MB = 100_000;

export const TEMPLATE_RULE = 'an http(s) URL template with {z}, {x} and {y} (or {-y})';

export const customLayerSchema = z.strictObject({
  id: z.string().regex(LAYER_ID, 'letters a-z, digits, - and _ (at most 64)').refine((id) => id !== NO_LAYER && !BUILT_IN_LAYERS.some((l) => l.id === id), 'the id of a built-in layer'),
  name: z.string().trim().min(1, 'a name').max(100),
  url: z.string().max(2048).refine(isXyzTemplate, TEMPLATE_RULE),
  attribution: z.string().max(500),
  max_zoom: z.number().int().min(1).max(22),
  datum: z.enum(['wgs84', 'gcj02']),
});

export const customLayersSchema = z.array(customLayerSchema).max(50).refine((ls) => new Set(ls.map((l) => l.id)).size === ls.length, 'two custom layers with one id');
export const baseLayerSchema = z.string().regex(LAYER_ID, 'a layer id (letters a-z, digits, - and _)');
export const tianditukeySchema = z.string().trim().regex(/^[0-9a-fA-F]{16,64}$/, "Tianditu's key: the 32 hexadecimal digits of the console's 'tk'").nullable();
export const tileCacheMbSchema = z.number().int().min(10, 'at least 10 MB').max(MAX_TILE_CACHE_MB, `at most ${MAX_TILE_CACHE_MB} MB`);
