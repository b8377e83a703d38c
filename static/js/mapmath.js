// The live route map's geometry, with no DOM: a local metric frame, a view that fits the
// points it must show, a scale bar of a round length, and pins pushed apart when stops lie
// too close to read (stops 3 and 4 of the Calais tour are about 100 m apart).
// Unit tests: tests/js/mapmath.test.mjs (`node --test tests/js/`).

const M_PER_DEG_LAT = 111320;

/* Metres east (x) and north (y) of an origin; equirectangular, exact enough over a walk. */
export function frame(lat0, lon0) {
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  return (lat, lon) => ({ x: (lon - lon0) * mPerDegLon, y: (lat - lat0) * M_PER_DEG_LAT });
}

/*
 * The view that shows every point (in metres) on a width x height drawing, north up, with
 * `pad` units free at the edges: its centre and its scale in drawing units per metre.
 */
export function fit(points, width, height, pad, minSpanM = 100) {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const spanX = Math.max(Math.max(...xs) - Math.min(...xs), minSpanM);
  const spanY = Math.max(Math.max(...ys) - Math.min(...ys), minSpanM);
  return {
    cx: (Math.max(...xs) + Math.min(...xs)) / 2,
    cy: (Math.max(...ys) + Math.min(...ys)) / 2,
    scale: Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY),
  };
}

/* Drawing coordinates of a point in metres, for a view on a width x height drawing. */
export function place(point, view, width, height) {
  return {
    x: width / 2 + (point.x - view.cx) * view.scale,
    y: height / 2 - (point.y - view.cy) * view.scale,
  };
}

/* The longest round length (1, 2 or 5 times a power of ten metres) that fits maxUnits. */
export function scaleBar(scale, maxUnits) {
  const maxM = maxUnits / scale;
  let best = 1;
  for (let power = 1; power <= 1e5; power *= 10) {
    for (const step of [1, 2, 5]) if (step * power <= maxM) best = step * power;
  }
  return { metres: best, units: best * scale };
}

/*
 * Push pins apart until no two centres are closer than `gap` units, moving each as little
 * as it can; the caller draws a leader from each moved pin to its true place. Pins that sit
 * exactly on one another are split along the x axis, in order.
 */
export function spread(pins, gap, rounds = 50) {
  const out = pins.map((p) => ({ x: p.x, y: p.y }));
  for (let round = 0; round < rounds; round += 1) {
    let moved = false;
    for (let i = 0; i < out.length; i += 1) {
      for (let j = i + 1; j < out.length; j += 1) {
        let dx = out[j].x - out[i].x;
        let dy = out[j].y - out[i].y;
        let d = Math.hypot(dx, dy);
        if (d >= gap - 1e-9) continue;
        if (d < 1e-9) [dx, dy, d] = [1, 0, 1];
        const push = (gap - d) / 2;
        out[i].x -= (dx / d) * push;
        out[i].y -= (dy / d) * push;
        out[j].x += (dx / d) * push;
        out[j].y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}
