// What the bundled node-mavlink (and ./node-mavlink.mjs) gets for require('mavlink-mappings'): the dialects
// Watchpost's registry merges (mavlink/registry.ts), the base classes, the CRC and the crc_extra table of every
// dialect, without the code generator. The same files as the package's entry loads, so the same classes.
export * from 'mavlink-mappings/dist/lib/mavlink.js';
export * from 'mavlink-mappings/dist/lib/magic-numbers.js';
export { x25crc } from 'mavlink-mappings-gen/dist/generator/utils.js';
export * as minimal from 'mavlink-mappings/dist/lib/minimal.js';
export * as common from 'mavlink-mappings/dist/lib/common.js';
export * as standard from 'mavlink-mappings/dist/lib/standard.js';
export * as ardupilotmega from 'mavlink-mappings/dist/lib/ardupilotmega.js';
