// The typed error of site files (GeoJSON and KML). Every message names the file, the feature (its index, kind and
// name or id), the property and what was expected, e.g.
//   demo.site.geojson: features[3] (post "North gate"): radius_m: expected a number > 0, got -5

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

  constructor(fields: { file: string; feature: string; property: string; expected: string; got: string }) {
    const where = [fields.feature, fields.property].filter((part) => part !== '').join(': ');
    super(`${fields.file}: ${where === '' ? 'document' : where}: expected ${fields.expected}, got ${fields.got}`);
    this.file = fields.file;
    this.feature = fields.feature;
    this.property = fields.property;
    this.expected = fields.expected;
    this.got = fields.got;
  }
}
