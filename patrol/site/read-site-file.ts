// A site file of either kind, told apart by its name: KML (`*.kml`) or GeoJSON (anything else).
import { readKml } from './read-kml';
import { readSite, type SiteReadResult } from './read-site';

export function readSiteFile(text: string, fileName: string): SiteReadResult {
  return /\.kml$/i.test(fileName) ? readKml(text, fileName) : readSite(text, fileName);
}
