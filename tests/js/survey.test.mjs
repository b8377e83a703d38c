// Unit tests for static/js/survey.js: `node --test tests/js/` from the repository root.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { average, distancesToStops, snippet, suggestRadius } from '../../static/js/survey.js';
import { distanceM } from '../../static/js/geofence.js';
import { mulberry32 } from "./helpers.mjs";

const MUSEUM = { lat: 50.952, lon: 1.8516 };
const M_PER_DEG_LAT = 111195;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((MUSEUM.lat * Math.PI) / 180);
const at = (east, north, accuracy) => ({
  lat: MUSEUM.lat + north / M_PER_DEG_LAT, lon: MUSEUM.lon + east / M_PER_DEG_LON, accuracy,
});


test('a symmetric cloud averages to its centre, with its spread', () => {
  const r = average([at(10, 0, 8), at(-10, 0, 8), at(0, 10, 8), at(0, -10, 8)]);
  assert.ok(distanceM(r.lat, r.lon, MUSEUM.lat, MUSEUM.lon) < 0.01);
  assert.ok(Math.abs(r.spread - 10) < 0.05, String(r.spread));
  assert.equal(r.fixes, 4);
  assert.equal(r.accuracy, 8);
});

test('precise fixes weigh more, and fixes worse than 100 m are left out', () => {
  const r = average([at(0, 0, 5), at(30, 0, 15), at(500, 500, 400)]);
  // weights 1/25 and 1/225: the mean lies 3 m east, not 15
  const east = (r.lon - MUSEUM.lon) * M_PER_DEG_LON;
  assert.ok(Math.abs(east - 3) < 0.01, String(east));
  assert.equal(r.fixes, 2);
  assert.equal(r.rejected, 1);
  assert.equal(r.accuracy, 10); // the median of 5 and 15
  assert.equal(average([at(0, 0, 150)]), null);
  assert.equal(average([]), null);
});

test('thirty seconds of 10 m noise put the pin within a few metres', () => {
  const rng = mulberry32(39);
  const fixes = [];
  for (let i = 0; i < 30; i += 1) {
    const u = Math.max(rng(), 1e-12);
    const g = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * rng();
    fixes.push(at(7 * g * Math.cos(angle), 7 * g * Math.sin(angle), 10));
  }
  const r = average(fixes);
  assert.ok(distanceM(r.lat, r.lon, MUSEUM.lat, MUSEUM.lon) < 4);
  assert.ok(r.spread > 5 && r.spread < 15, String(r.spread));
});

test('the suggested radius is twice the error, in 5 m steps, within 20 to 100 m', () => {
  assert.equal(suggestRadius(3, 8), 20);
  assert.equal(suggestRadius(12, 8), 25);
  assert.equal(suggestRadius(9, 17), 35);
  assert.equal(suggestRadius(80, 30), 100);
});

test('distances to each pin, and a snippet to paste', () => {
  const stops = [{ slug: 'memorial-museum', ...MUSEUM }, { slug: 'bunker', lat: 50.9513, lon: 1.8524 }];
  const r = average([at(0, 100, 5)]);
  const d = distancesToStops(r, stops);
  assert.equal(d[0].slug, 'memorial-museum');
  assert.ok(Math.abs(d[0].metres - 100) < 0.5, String(d[0].metres));
  const text = snippet(stops[0], r, 20, 30, '2026-12-02');
  assert.equal(text, [
    '# memorial-museum: surveyed on site 2026-12-02, 1 GPS fixes over 30 s, spread 0.0 m',
    `lat = ${r.lat.toFixed(5)}`,
    `lon = ${r.lon.toFixed(5)}`,
    'radius_m = 20',
  ].join('\n'));
  assert.match(text, /lat = 50\.95290\nlon = 1\.85160/);
});
