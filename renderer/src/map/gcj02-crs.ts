// The map's coordinate system on a GCJ-02 layer (AMap/Gaode): Web Mercator of the GCJ-02 position. Everything the
// app draws or reads back stays in WGS-84 — the site, the route, the vehicles, the tracks, clicks and drags while
// editing — and goes through this projection on its way to the screen and back, so it sits on the provider's
// streets while files and the vehicle never see GCJ-02 (DESIGN.md: "converted at the tile layer").
import { CRS, LatLng, Point, Projection, Util, type Projection as ProjectionType } from 'leaflet';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../patrol/maps/gcj02';

const mercator = Projection.SphericalMercator;

const gcj02Mercator: ProjectionType = {
  bounds: mercator.bounds,
  project(latlng: LatLng): Point {
    const [lon, lat] = wgs84ToGcj02(latlng.lng, latlng.lat);
    return mercator.project(new LatLng(lat, lon));
  },
  unproject(point: Point): LatLng {
    const g = mercator.unproject(point);
    const [lon, lat] = gcj02ToWgs84(g.lng, g.lat);
    return new LatLng(lat, lon);
  },
};

/** EPSG:3857 with the GCJ-02 shift inside: the same tile grid and scale, the same distances (on WGS-84). */
export const CRS_GCJ02 = Util.extend({}, CRS.EPSG3857, { code: 'WATCHPOST:GCJ02', projection: gcj02Mercator }) as typeof CRS.EPSG3857;
