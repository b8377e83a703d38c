// The survey tool's maths, with no DOM: average GPS fixes taken standing still, say how
// spread out they were, suggest an arrival radius and write the tour.toml lines.
// Unit tests: tests/js/survey.test.mjs (`node --test tests/js/`).

import { distanceM } from "./geofence.js";

export const MAX_ACCURACY_M = 100; // worse fixes say nothing useful about a pin
export const RADIUS_LIMITS_M = [20, 100]; // what `calais-tour check` accepts without a warning

/*
 * The weighted mean of fixes ({lat, lon, accuracy}), each weighted by 1 / accuracy^2 (a
 * phone's accuracy is about one standard deviation), with the number of fixes used, the
 * spread (RMS distance of the fixes from the mean, in metres) and the median accuracy.
 * Returns null when no fix is good enough.
 */
export function average(fixes) {
  const good = fixes.filter((f) => f.accuracy > 0 && f.accuracy <= MAX_ACCURACY_M);
  if (!good.length) return null;
  let w = 0;
  let lat = 0;
  let lon = 0;
  for (const f of good) {
    const weight = 1 / f.accuracy ** 2;
    w += weight;
    lat += f.lat * weight;
    lon += f.lon * weight;
  }
  lat /= w;
  lon /= w;
  const spread = Math.sqrt(good.reduce((sum, f) => sum + distanceM(lat, lon, f.lat, f.lon) ** 2, 0) / good.length);
  const sorted = good.map((f) => f.accuracy).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const accuracy = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { lat, lon, fixes: good.length, rejected: fixes.length - good.length, spread, accuracy };
}

/*
 * An arrival radius for a pin surveyed with this spread and accuracy: the walk enters a stop
 * only on fixes whose accuracy is within the radius, so it must be about twice what phones
 * report here (and twice the spread), rounded up to 5 m and kept within what check accepts.
 */
export function suggestRadius(spread, accuracy) {
  const wanted = Math.ceil((2 * Math.max(spread, accuracy)) / 5) * 5;
  return Math.min(Math.max(wanted, RADIUS_LIMITS_M[0]), RADIUS_LIMITS_M[1]);
}

/* Distance in metres from the surveyed point to each stop's current pin. */
export function distancesToStops(point, stops) {
  return stops.map((s) => ({ slug: s.slug, metres: distanceM(point.lat, point.lon, s.lat, s.lon) }));
}

/* The lines to paste into the stop's [[stops]] block of tour.toml, in place of its own. */
export function snippet(stop, result, radius, seconds, date) {
  return [
    `# ${stop.slug}: surveyed on site ${date}, ${result.fixes} GPS fixes over ${seconds} s, spread ${result.spread.toFixed(1)} m`,
    `lat = ${result.lat.toFixed(5)}`,
    `lon = ${result.lon.toFixed(5)}`,
    `radius_m = ${radius}`,
  ].join("\n");
}
