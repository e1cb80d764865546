// The typed error of site files (GeoJSON and KML). Every message names the file, the feature (its index, kind and
// name or id), the property and what was expected, e.g.
//   demo.site.geojson: features[3] (post "North gate"): radius_m: expected a number > 0, got -5
// A file that is not JSON at all is named by line and column, and its text is never quoted (the same words as
// the other JSON readers, formats/json-text.ts):
//   demo.site.geojson: line 1, column 1: not valid JSON: expected a JSON value (…), got a letter

export class SiteFileError extends Error {
  override readonly name = 'SiteFileError';
  /** The file name the caller passed in. */
  readonly file: string;
  /** Which feature: "features[3] (post \"North gate\")" or "Placemark[2] (\"Gate\")"; empty for the document itself. */
  readonly feature: string;
  /** The property, e.g. "radius_m", "geometry.coordinates[0]", "site.max_alt_m". */
  readonly property: string;
  readonly expected: string;
  readonly got: string;
  /** 1-based line and column of a JSON syntax error. */
  readonly line?: number;
  readonly column?: number;

  constructor(fields: { file: string; feature: string; property: string; expected: string; got: string; line?: number; column?: number }) {
    const where = fields.line !== undefined
      ? `line ${fields.line}, column ${fields.column ?? 1}: not valid JSON`
      : [fields.feature, fields.property].filter((part) => part !== '').join(': ');
    super(`${fields.file}: ${where === '' ? 'document' : where}: expected ${fields.expected}, got ${fields.got}`);
    this.line = fields.line;
    this.column = fields.column;
    this.file = fields.file;
    this.feature = fields.feature;
    this.property = fields.property;
    this.expected = fields.expected;
    this.got = fields.got;
  }
}
