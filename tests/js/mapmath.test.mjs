// Unit tests for static/js/mapmath.js: `node --test tests/js/` from the repository root.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fit, frame, place, scaleBar, spread } from '../../static/js/mapmath.js';
import { distanceM } from '../../static/js/geofence.js';

// the real tour's pins, in walking order
const STOPS = [
  { lat: 50.95894, lon: 1.8495 },
  { lat: 50.95778, lon: 1.84528 },
  { lat: 50.952, lon: 1.8516 },
  { lat: 50.9513, lon: 1.8524 },
];
const W = 320;
const H = 220;

test('the local frame measures metres like the haversine does, within 0.5 %', () => {
  const xy = frame(STOPS[0].lat, STOPS[0].lon);
  for (const stop of STOPS.slice(1)) {
    const p = xy(stop.lat, stop.lon);
    const haversine = distanceM(STOPS[0].lat, STOPS[0].lon, stop.lat, stop.lon);
    assert.ok(Math.abs(Math.hypot(p.x, p.y) - haversine) / haversine < 0.005);
  }
  const east = xy(STOPS[0].lat, STOPS[0].lon + 0.001);
  assert.ok(east.x > 0 && Math.abs(east.y) < 1e-9);
});

test('the fitted view shows every stop inside the padding, north up', () => {
  const xy = frame(STOPS[0].lat, STOPS[0].lon);
  const points = STOPS.map((s) => xy(s.lat, s.lon));
  const view = fit(points, W, H, 28);
  const drawn = points.map((p) => place(p, view, W, H));
  for (const d of drawn) {
    assert.ok(d.x >= 28 - 1e-6 && d.x <= W - 28 + 1e-6, JSON.stringify(d));
    assert.ok(d.y >= 28 - 1e-6 && d.y <= H - 28 + 1e-6, JSON.stringify(d));
  }
  // stop 1 is north of stop 3: drawn higher up
  assert.ok(drawn[0].y < drawn[2].y);
  // one side of the drawing is used to its padding
  const xs = drawn.map((d) => d.x);
  const ys = drawn.map((d) => d.y);
  assert.ok(Math.abs(Math.min(...xs) - 28) < 1e-6 || Math.abs(Math.min(...ys) - 28) < 1e-6);
});

test('one point alone is shown at a walking zoom, not infinitely close', () => {
  const view = fit([{ x: 5, y: 5 }], W, H, 20, 100);
  assert.ok(Math.abs(view.scale - (H - 40) / 100) < 1e-9);
  assert.deepEqual(place({ x: 5, y: 5 }, view, W, H), { x: W / 2, y: H / 2 });
});

test('the scale bar is a round length that fits', () => {
  assert.deepEqual(scaleBar(0.2, 100), { metres: 500, units: 100 });
  assert.equal(scaleBar(0.3, 100).metres, 200);
  assert.equal(scaleBar(3, 100).metres, 20);
  assert.equal(scaleBar(0.0001, 100).metres, 500000);
  assert.ok(scaleBar(0.37, 107).units <= 107);
});

test('stops 3 and 4, about 100 m apart, get separate pins at the whole-route zoom', () => {
  const xy = frame(STOPS[0].lat, STOPS[0].lon);
  const points = STOPS.map((s) => xy(s.lat, s.lon));
  const view = fit(points, W, H, 28);
  const drawn = points.map((p) => place(p, view, W, H));
  const before = Math.hypot(drawn[3].x - drawn[2].x, drawn[3].y - drawn[2].y);
  assert.ok(before < 24, `they overlap at this zoom: ${before}`);
  const pins = spread(drawn, 24);
  for (let i = 0; i < pins.length; i += 1) {
    for (let j = i + 1; j < pins.length; j += 1) {
      assert.ok(Math.hypot(pins[j].x - pins[i].x, pins[j].y - pins[i].y) >= 24 - 1e-6, `${i} ${j}`);
    }
  }
  // the far-apart stops stay where they are; the close pair moves only as far as needed
  assert.deepEqual(pins[0], drawn[0]);
  const moved = Math.hypot(pins[2].x - drawn[2].x, pins[2].y - drawn[2].y);
  assert.ok(Math.abs(moved - (24 - before) / 2) < 1e-6, String(moved));
});

test('pins on the very same spot are split too', () => {
  const pins = spread([{ x: 10, y: 10 }, { x: 10, y: 10 }], 20);
  assert.deepEqual(pins, [{ x: 0, y: 10 }, { x: 20, y: 10 }]);
});
