// The arrow's maths, with no DOM: which way the phone faces, which way the next stop lies
// relative to it, the words for that direction, and how often a screen reader hears it.
// Unit tests: tests/js/compass.test.mjs (`node --test tests/js/`).

const norm = (deg) => ((deg % 360) + 360) % 360;

/*
 * The compass heading (degrees clockwise from north that the top of the screen points to)
 * from a device orientation event, or null when the event carries no absolute heading.
 * iOS gives `webkitCompassHeading` directly; elsewhere an absolute event's alpha counts
 * counter-clockwise. `screenAngle` is screen.orientation.angle (0 in portrait).
 */
export function headingFrom(event, screenAngle = 0) {
  if (!event) return null;
  if (typeof event.webkitCompassHeading === "number" && Number.isFinite(event.webkitCompassHeading)) {
    return norm(event.webkitCompassHeading + screenAngle);
  }
  if (event.absolute && typeof event.alpha === "number" && Number.isFinite(event.alpha)) {
    return norm(360 - event.alpha + screenAngle);
  }
  return null;
}

/* Where the target lies, in degrees clockwise from straight ahead; north-up without a heading. */
export function relativeAngle(bearing, heading) {
  return heading === null || heading === undefined ? norm(bearing) : norm(bearing - heading);
}

/* The clock-face hour of a relative angle, as blind walkers' apps say it: 12 is straight ahead. */
export function clockHour(angle) {
  return Math.round(norm(angle) / 30) % 12 || 12;
}

/*
 * A screen reader hears the direction at most every `intervalMs`, and only when the words
 * changed (or after `repeatMs`, so a long straight walk still confirms now and then).
 * `offer(text, now)` returns the text to announce, or null to stay quiet.
 */
export class Announcer {
  constructor({ intervalMs = 5000, repeatMs = 30000 } = {}) {
    this.intervalMs = intervalMs;
    this.repeatMs = repeatMs;
    this.lastText = null;
    this.lastTime = -Infinity;
  }

  offer(text, now) {
    const elapsed = now - this.lastTime;
    if (elapsed < this.intervalMs) return null;
    if (text === this.lastText && elapsed < this.repeatMs) return null;
    this.lastText = text;
    this.lastTime = now;
    return text;
  }

  reset() {
    this.lastText = null;
    this.lastTime = -Infinity;
  }
}
