// Unit tests for static/js/compass.js: `node --test tests/js/` from the repository root.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Announcer, clockHour, headingFrom, relativeAngle } from '../../static/js/compass.js';
import { bearingDeg } from '../../static/js/geofence.js';

const close = (actual, expected, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);

test('an absolute alpha counts counter-clockwise: alpha 90 means the phone faces west', () => {
  close(headingFrom({ absolute: true, alpha: 90 }), 270);
  close(headingFrom({ absolute: true, alpha: 0 }), 0);
  close(headingFrom({ absolute: true, alpha: 270 }), 90);
});

test('iOS webkitCompassHeading is already clockwise from north', () => {
  close(headingFrom({ webkitCompassHeading: 135, alpha: 12, absolute: false }), 135);
});

test('a landscape screen adds its angle', () => {
  close(headingFrom({ absolute: true, alpha: 0 }, 90), 90);
  close(headingFrom({ webkitCompassHeading: 300 }, 90), 30);
});

test('no heading: relative events, null alpha (desktops fire one), or nothing', () => {
  assert.equal(headingFrom({ absolute: false, alpha: 40 }), null);
  assert.equal(headingFrom({ absolute: true, alpha: null }), null);
  assert.equal(headingFrom({ webkitCompassHeading: NaN }), null);
  assert.equal(headingFrom(null), null);
});

test('the relative angle turns the bearing by the heading, north-up without one', () => {
  close(relativeAngle(120, 90), 30);
  close(relativeAngle(10, 350), 20);
  close(relativeAngle(350, 10), 340);
  close(relativeAngle(135, null), 135);
});

test('clock-face hours, each 30 degrees wide around its centre; 12 is ahead', () => {
  assert.equal(clockHour(0), 12);
  assert.equal(clockHour(14), 12);
  assert.equal(clockHour(16), 1);
  assert.equal(clockHour(90), 3);
  assert.equal(clockHour(180), 6);
  assert.equal(clockHour(-90), 9);
  assert.equal(clockHour(344), 11);
  assert.equal(clockHour(346), 12);
});

test('from stop 2 to stop 3 of the real tour the arrow points south-east', () => {
  // the Citadel's pin to the Memorial Museum's pin
  const bearing = bearingDeg(50.95778, 1.84528, 50.952, 1.8516);
  assert.ok(bearing > 120 && bearing < 150, String(bearing));
  // facing east, the museum is at 2 o'clock; facing south, at 11 o'clock
  assert.equal(clockHour(relativeAngle(bearing, 90)), 2);
  assert.equal(clockHour(relativeAngle(bearing, 180)), 11);
});

test('the screen reader hears a change at most every interval', () => {
  const a = new Announcer({ intervalMs: 5000, repeatMs: 30000 });
  assert.equal(a.offer('ahead', 0), 'ahead');
  assert.equal(a.offer('right', 1000), null); // too soon, even though it changed
  assert.equal(a.offer('right', 5000), 'right');
  assert.equal(a.offer('right', 11000), null); // unchanged: quiet
  assert.equal(a.offer('right', 35000), 'right'); // but confirmed now and then
  a.reset();
  assert.equal(a.offer('right', 35001), 'right');
});

test('a compass that turns every 50 ms for a minute is announced at most 12 times', () => {
  const a = new Announcer({ intervalMs: 5000 });
  let spoken = 0;
  for (let t = 0; t < 60000; t += 50) {
    if (a.offer(clockHour((t / 10) % 360), t) !== null) spoken += 1;
  }
  assert.ok(spoken <= 12 && spoken >= 6, String(spoken));
});
