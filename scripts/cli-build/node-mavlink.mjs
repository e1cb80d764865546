// What the command line imports as 'node-mavlink' (bundled in its place by ./build.mjs). node-mavlink's own entry
// loads every dialect and mavlink-mappings' code generator with its XML libraries (xml2js, xmlbuilder, sax),
// about half its load time, none of which Watchpost uses. This names what Watchpost's sources import: one that
// is missing here fails the build ("No matching export"), never silently at run time.
export { minimal, common, standard, ardupilotmega } from './mavlink-mappings.mjs';
export { MavLinkProtocolV1, MavLinkProtocolV2 } from 'node-mavlink/dist/lib/mavlink.js';
