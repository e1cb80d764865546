// Route generators: facade orbits, roof sweeps, duty-post visits, transits, leg order, and their mission items.
export * from './route';
export { facade, facadeLayers, offsetRings, densify, type FacadeOptions } from './facade';
export { roof, type RoofOptions } from './roof';
export { post, type PostOptions } from './post';
export { transit, transitAltitude, type TransitOptions, type TransitAltitude } from './transit';
export { order, nearestNeighbourOrder, tourLength_m, type OrderOptions, type Home } from './order';
export { connect, type ConnectOptions } from './connect';
