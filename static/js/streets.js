// Streets under the live route map, from the site's own vector tiles (the deployer's MAP_TILES
// archive, served tile by tile at /map/tiles/{z}/{x}/{y}.mvt and saved with the tour for
// offline use). map.js imports this only when the page says tiles exist; the tiles are
// decoded by @mapbox/vector-tile (static/vendor/vector-tile.js, bundled by scripts/vendor-js)
// and drawn as one SVG path under the route: no map library, no other site.

import { PbfReader, VectorTile } from "../vendor/vector-tile.js";

const M_PER_DEG_LAT = 111320;
const EARTH_M = 40075016.686; // the equator: a zoom-0 tile is this wide
const TILE_UNITS = 256; // a tile drawn about this many drawing units wide picks the zoom
const MAX_TILES = 24; // never fetch more for one view (a map zoomed far out shows none)
const ROAD_LAYERS = ["roads", "transportation"]; // Protomaps' and OpenMapTiles' names

function tileOf(lat, lon, z) {
  const n = 2 ** z;
  const y = (1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(y * n)];
}

function lonLatOf(z, x, y, px, py, extent) {
  const n = 2 ** z;
  const lon = ((x + px / extent) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + py / extent)) / n))) * 180) / Math.PI;
  return [lat, lon];
}

export class Streets {
  /*
   * `info`: {url, minzoom, maxzoom, attribution} from the page; `origin`: the map's frame
   * origin {lat, lon}; `xy`: that frame (lat, lon -> metres); `redraw` is called when tiles
   * arrive; `after`: the element the attribution follows.
   */
  constructor(info, origin, xy, redraw, after) {
    this.info = info;
    this.origin = origin;
    this.xy = xy;
    this.redraw = redraw;
    this.tiles = new Map(); // "z/x/y" -> lines in metres, or null while loading or missing
    const credit = Object.assign(document.createElement("p"), { className: "small map-attribution", textContent: info.attribution });
    after.after(credit);
  }

  /* The lat/lon of a point in the map's frame (metres east and north of the origin). */
  latLon(x, y) {
    const mPerDegLon = M_PER_DEG_LAT * Math.cos((this.origin.lat * Math.PI) / 180);
    return [this.origin.lat + y / M_PER_DEG_LAT, this.origin.lon + x / mPerDegLon];
  }

  /* The tiles under a view of width x height drawing units, at the zoom that suits it. */
  cover(view, width, height) {
    const metresPerTile = TILE_UNITS / view.scale;
    const wanted = Math.round(Math.log2((EARTH_M * Math.cos((this.origin.lat * Math.PI) / 180)) / metresPerTile));
    const z = Math.min(Math.max(wanted, this.info.minzoom), this.info.maxzoom);
    const halfW = width / 2 / view.scale;
    const halfH = height / 2 / view.scale;
    const [north, west] = this.latLon(view.cx - halfW, view.cy + halfH);
    const [south, east] = this.latLon(view.cx + halfW, view.cy - halfH);
    const [x0, y0] = tileOf(north, west, z);
    const [x1, y1] = tileOf(south, east, z);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) return [];
    const keys = [];
    for (let x = x0; x <= x1; x += 1) for (let y = y0; y <= y1; y += 1) keys.push(`${z}/${x}/${y}`);
    return keys;
  }

  async load(key) {
    this.tiles.set(key, null);
    try {
      const response = await fetch(this.info.url.replace("{z}/{x}/{y}", key));
      if (!response.ok) return; // no tile there: the route is drawn alone
      const tile = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
      const [z, x, y] = key.split("/").map(Number);
      const names = ROAD_LAYERS.filter((name) => tile.layers[name]);
      const lines = [];
      for (const name of names.length ? names : Object.keys(tile.layers)) {
        const layer = tile.layers[name];
        for (let i = 0; i < layer.length; i += 1) {
          const feature = layer.feature(i);
          if (feature.type !== 2) continue; // lines only: streets and paths
          for (const part of feature.loadGeometry()) {
            lines.push(part.map((p) => this.xy(...lonLatOf(z, x, y, p.x, p.y, feature.extent))));
          }
        }
      }
      this.tiles.set(key, lines);
      this.redraw();
    } catch {
      // offline and not saved, or a broken tile: the map stays the route alone
    }
  }

  /* The SVG path data of the streets in `view`, placed by `place`; loads missing tiles. */
  path(view, width, height, place) {
    let d = "";
    for (const key of this.cover(view, width, height)) {
      if (!this.tiles.has(key)) this.load(key);
      for (const line of this.tiles.get(key) || []) {
        line.forEach((point, i) => {
          const at = place(point, view, width, height);
          d += `${i ? "L" : "M"}${at.x.toFixed(1)} ${at.y.toFixed(1)}`;
        });
      }
    }
    return d;
  }
}
