/**
 * geofence.js: decides when a walker has ARRIVED at a tour stop.
 *
 * Pure logic: no DOM, no browser APIs, no globals, no dependencies. The page
 * feeds it the fixes from `navigator.geolocation.watchPosition` and keeps
 * `toJSON()` in localStorage so that a reload does not prompt again.
 *
 * API
 *
 *   distanceM(lat1, lon1, lat2, lon2) -> metres (haversine, mean Earth radius)
 *   bearingDeg(lat1, lon1, lat2, lon2) -> initial bearing, 0 = north, 90 = east
 *   DEFAULTS                          -> the default options below (frozen)
 *
 *   const fence = new Geofence(stops, options)
 *     stops:   [{slug, lat, lon, radius}]  radius = entry radius in metres
 *              (`radius_m`, as in tour.toml, is accepted too; an optional
 *              `exitRadius` overrides the computed exit radius)
 *     options: any of DEFAULTS, plus `state`: an object from toJSON() (or
 *              JSON.parse of it). A missing, corrupt or foreign state starts
 *              a fresh walk instead of throwing.
 *
 *   fence.update({lat, lon, accuracy, time}) -> {
 *     arrived:  the stop object, only on the one fix where that stop is first
 *               entered during this walk (show one prompt per arrival), else null
 *     entered:  slug entered on this fix (also a silent re-entry), else null
 *     left:     slug left on this fix, else null
 *     inside:   slug of the stop the walker is in now, else null
 *     ignored:  null, or why this fix was not used:
 *               'invalid' (not finite numbers), 'stale' (not newer than the
 *               last accepted fix), 'accuracy' (accuracy > maxAccuracy),
 *               'jump' (implausible speed for a walker)
 *     poor:     true when the fix was used for tracking but is too imprecise
 *               to let the walker enter the nearest stop (show "GPS accuracy
 *               poor"); also true when ignored for 'accuracy'
 *     position: {lat, lon, accuracy} smoothed estimate, or null before any fix
 *     nearest:  {slug, distance} from the smoothed estimate, or null
 *   }
 *   fence.distanceTo(slug) -> metres from the smoothed estimate, or null
 *   fence.exitRadius(slug) -> metres
 *   fence.hasPrompted(slug) / fence.markPrompted(slug)  (e.g. the stop was
 *               opened from its QR sign: no need to prompt for it any more)
 *   fence.prompted -> [slugs] in prompt order
 *   fence.toJSON() -> plain object, safe for JSON.stringify
 *   fence.reset()  -> a new walk: forgets prompts and the track
 *
 * How it decides (numbers from the Geolocation API's accuracy semantics,
 * https://www.w3.org/TR/geolocation/ and Android's Location.getAccuracy(), a 68 %
 * radius; and from a noisy simulated walk in Chromium 156, tests/js/geofence.test.mjs)
 *
 * - `accuracy` is taken as a 1-sigma (68 %) radius: Android and iOS both
 *   report roughly that.
 * - Fixes with accuracy > maxAccuracy (50 m) are ignored outright (urban
 *   outliers of 20-50 m are routine; beyond that a fix says almost nothing).
 *   A fix is usable for ENTERING a stop only if accuracy <= radius *
 *   accuracyFactor (1.0: a fix less precise than the zone says nothing of it); a poorer
 *   fix still moves the position estimate and can make the walker leave,
 *   but neither counts towards nor breaks an entry.
 * - Position = 1/acc^2-weighted mean of the accepted fixes of the last few
 *   seconds: one second per metre of the newest fix's accuracy, within
 *   [minWindowMs, windowMs] = [5 s, 20 s]. Its accuracy is 1/sqrt(sum 1/acc^2)
 *   (about acc / sqrt(n)). Precise fixes hardly lag (5 s = 3 m at 1.3 m/s);
 *   noisy ones are averaged longer (20 s = 13 m of lag, which only delays).
 *   Why: on raw fixes the rule "distance - accuracy < radius" cannot
 *   tell a walker passing 60 m from a 40 m stop under 20 m noise from one
 *   arriving (each raw fix there passes it about half the time).
 * - Probably inside: distance - accuracy < radius, both of the smoothed
 *   position, on minFixes (2) consecutive usable fixes that span at least
 *   dwellMs (1 s), so a burst of cached fixes delivered together does not
 *   count as two observations.
 * - Leaving: the smoothed distance is above the exit radius, max(exitFactor
 *   * R, R + exitMargin) = max(2 R, R + 40 m), on minFixes consecutive fixes
 *   (70 m for R = 30, 80 m for R = 40). A simulated walk in Chromium showed exit = 2 R
 *   (30/60 m) still flapped 2-4 times in 60 fixes under 20 m noise: exit must
 *   be >= entry + 2-3 sigma. Entering another stop while still within the
 *   exit radius of the previous one is allowed (tour stops 3 and 4 are 95 m
 *   apart with radii 40 and 30); the most deeply inside stop wins a tie.
 * - Jumps: a fix is rejected when, from the last accepted fix, it implies a
 *   speed above maxSpeed (4 m/s; walkers do 1.3-2) after allowing jumpSigma
 *   (2.5) x the combined accuracy hypot(acc1, acc2): a 2-D error beyond 2.5
 *   sigma has a probability of about exp(-2.5^2) = 0.2 %. The allowance grows
 *   with time, and recoverFixes (3) consecutive rejected fixes that agree with
 *   each other become the new position (a bus, a tunnel, a bad first fix),
 *   so the fence never gets stuck.
 * - Each stop prompts at most once per walk (`prompted`, kept in toJSON()).
 */

export const DEFAULTS = Object.freeze({
  maxAccuracy: 50, // m: fixes worse than this are ignored
  accuracyFactor: 1, // a fix enters a stop only if accuracy <= radius * this
  minFixes: 2, // consecutive usable fixes needed to enter or to leave
  dwellMs: 1000, // ...and they must span at least this long
  minWindowMs: 5000, // smoothing window: at least this long,
  windowPerMetreMs: 1000, // ...this much per metre of accuracy,
  windowMs: 20000, // ...and at most this long
  exitFactor: 2, // exit radius = max(exitFactor * R, R + exitMargin)
  exitMargin: 40, // m: 2-3 x a typical urban 1-sigma error of 15-20 m
  maxSpeed: 4, // m/s: faster than any walker, slower than a GPS jump
  jumpSigma: 2.5, // accuracy multiples granted before calling it a jump
  recoverFixes: 3, // consistent rejected fixes that move the track
});

const EARTH_RADIUS_M = 6371008.8; // mean radius (IUGG)
const RAD = Math.PI / 180;
const STATE_VERSION = 1;

/** Great-circle (haversine) distance in metres. */
export function distanceM(lat1, lon1, lat2, lon2) {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial compass bearing from point 1 to point 2, in [0, 360), 0 = north. */
export function bearingDeg(lat1, lon1, lat2, lon2) {
  const p1 = lat1 * RAD;
  const p2 = lat2 * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const x = Math.sin(dLon) * Math.cos(p2);
  const y = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dLon);
  return (Math.atan2(x, y) / RAD + 360) % 360;
}

const finite = (...xs) => xs.every((x) => typeof x === 'number' && Number.isFinite(x));

function cleanFix(f) {
  return { lat: f.lat, lon: f.lon, accuracy: f.accuracy, time: f.time };
}

function isFix(f) {
  return f !== null && typeof f === 'object' && finite(f.lat, f.lon, f.accuracy, f.time) && f.accuracy >= 0;
}

/** Largest distance between fixes a and b that a walker can explain. */
function plausible(a, b, opts) {
  const dt = Math.max(0, (b.time - a.time) / 1000);
  const slack = opts.jumpSigma * Math.hypot(a.accuracy, b.accuracy);
  return distanceM(a.lat, a.lon, b.lat, b.lon) <= slack + opts.maxSpeed * dt;
}

export class Geofence {
  constructor(stops, options = {}) {
    const { state, ...rest } = options;
    this.opts = { ...DEFAULTS };
    for (const [k, v] of Object.entries(rest)) {
      if (k in DEFAULTS && finite(v)) this.opts[k] = v;
    }
    this.stops = (stops || []).map((s) => {
      const radius = s && (s.radius ?? s.radius_m);
      if (!s || typeof s.slug !== 'string' || !finite(s.lat, s.lon, radius) || radius <= 0) {
        throw new TypeError(`bad stop: ${JSON.stringify(s)}`);
      }
      return s;
    });
    this.bySlug = new Map(this.stops.map((s) => [s.slug, s]));
    this.reset();
    if (state) this._restore(state);
  }

  /** Forget everything: a new walk. */
  reset() {
    this.promptedList = []; // slugs, in prompt order
    this.inside = null; // slug
    this.last = null; // last accepted fix (for the jump test)
    this.track = []; // accepted fixes of the smoothing window
    this.pending = []; // consecutive rejected ('jump') fixes that agree
    this.enter = {}; // slug -> {n, since}: consecutive probably-inside fixes
    this.out = 0; // consecutive fixes beyond the exit radius of `inside`
  }

  radiusOf(stop) {
    return stop.radius ?? stop.radius_m;
  }

  exitRadius(slugOrStop) {
    const s = typeof slugOrStop === 'string' ? this.bySlug.get(slugOrStop) : slugOrStop;
    if (!s) return null;
    if (finite(s.exitRadius)) return s.exitRadius;
    const r = this.radiusOf(s);
    return Math.max(this.opts.exitFactor * r, r + this.opts.exitMargin);
  }

  get prompted() {
    return [...this.promptedList];
  }

  hasPrompted(slug) {
    return this.promptedList.includes(slug);
  }

  markPrompted(slug) {
    if (this.bySlug.has(slug) && !this.hasPrompted(slug)) this.promptedList.push(slug);
  }

  /** Smoothed position: 1/acc^2-weighted mean of the track, or null. */
  position() {
    if (this.track.length === 0) return null;
    let w = 0;
    let lat = 0;
    let lon = 0;
    for (const f of this.track) {
      // a floor of 1 m keeps a fix that claims 0 m from taking all the weight
      const wi = 1 / Math.max(f.accuracy, 1) ** 2;
      w += wi;
      lat += wi * f.lat;
      lon += wi * f.lon; // plain mean: fine over metres, not across the antimeridian
    }
    return { lat: lat / w, lon: lon / w, accuracy: 1 / Math.sqrt(w) };
  }

  distanceTo(slug) {
    const s = this.bySlug.get(slug);
    const p = this.position();
    return s && p ? distanceM(p.lat, p.lon, s.lat, s.lon) : null;
  }

  update(fix) {
    const result = {
      arrived: null,
      entered: null,
      left: null,
      inside: this.inside,
      ignored: null,
      poor: false,
      position: null,
      nearest: null,
    };
    const done = () => {
      result.inside = this.inside;
      result.position = this.position();
      result.nearest = this._nearest(result.position);
      return result;
    };

    if (!isFix(fix)) {
      result.ignored = 'invalid';
      return done();
    }
    const f = cleanFix(fix);
    if (this.last && f.time <= this.last.time) {
      result.ignored = 'stale'; // watchPosition may hand back a cached fix
      return done();
    }
    if (f.accuracy > this.opts.maxAccuracy) {
      result.ignored = 'accuracy';
      result.poor = true;
      return done();
    }
    if (this.last && !plausible(this.last, f, this.opts)) {
      // Remember it: if the next few agree with each other, the walker
      // really is over there (or the fix we trusted was the wrong one).
      const prev = this.pending[this.pending.length - 1];
      if (prev && f.time <= prev.time) {
        result.ignored = 'stale'; // a repeated outlier must not count twice
        return done();
      }
      if (prev && !plausible(prev, f, this.opts)) this.pending = [];
      this.pending.push(f);
      if (this.pending.length < this.opts.recoverFixes) {
        result.ignored = 'jump';
        return done();
      }
      this.track = this.pending.slice(0, -1);
      this.enter = {};
      this.out = 0;
    }
    this.pending = [];
    this.last = f;
    this.track.push(f);
    const o = this.opts;
    const win = Math.min(o.windowMs, Math.max(o.minWindowMs, f.accuracy * o.windowPerMetreMs));
    this.track = this.track.filter((t) => f.time - t.time <= win);

    const pos = this.position();
    // Leaving: the smoothed position is clearly outside the exit radius.
    if (this.inside) {
      const s = this.bySlug.get(this.inside);
      const d = distanceM(pos.lat, pos.lon, s.lat, s.lon);
      this.out = d > this.exitRadius(s) ? this.out + 1 : 0;
      if (this.out >= this.opts.minFixes) {
        result.left = this.inside;
        this.inside = null;
        this.out = 0;
      }
    }
    // Entering: count consecutive usable fixes on which each stop is
    // probably inside; pick the most deeply inside of those that qualify.
    const nearest = this._nearest(pos, true);
    let best = null;
    for (const s of this.stops) {
      const r = this.radiusOf(s);
      if (s.slug === this.inside) {
        delete this.enter[s.slug];
        continue;
      }
      if (f.accuracy > r * this.opts.accuracyFactor) {
        if (s === nearest) result.poor = true;
        continue; // too imprecise to enter this stop: neither counts nor resets
      }
      const d = distanceM(pos.lat, pos.lon, s.lat, s.lon);
      if (d - pos.accuracy >= r) {
        delete this.enter[s.slug];
        continue;
      }
      const e = this.enter[s.slug] || (this.enter[s.slug] = { n: 0, since: f.time });
      e.n += 1;
      const ok = e.n >= this.opts.minFixes && f.time - e.since >= this.opts.dwellMs;
      if (ok && (!best || d - r < best.margin)) best = { stop: s, margin: d - r };
    }
    if (best) {
      const s = best.stop;
      if (this.inside && this.inside !== s.slug) result.left = this.inside;
      this.inside = s.slug;
      this.out = 0;
      delete this.enter[s.slug];
      result.entered = s.slug;
      if (!this.hasPrompted(s.slug)) {
        this.promptedList.push(s.slug);
        result.arrived = s;
      }
    }
    return done();
  }

  _nearest(pos, asStop = false) {
    if (!pos) return null;
    let best = null;
    for (const s of this.stops) {
      const d = distanceM(pos.lat, pos.lon, s.lat, s.lon);
      if (!best || d < best.distance) best = { stop: s, distance: d };
    }
    if (!best) return null;
    return asStop ? best.stop : { slug: best.stop.slug, distance: best.distance };
  }

  toJSON() {
    return {
      v: STATE_VERSION,
      prompted: [...this.promptedList],
      inside: this.inside,
      last: this.last,
      track: this.track.map(cleanFix),
      pending: this.pending.map(cleanFix),
      enter: JSON.parse(JSON.stringify(this.enter)),
      out: this.out,
    };
  }

  _restore(state) {
    try {
      if (typeof state === 'string') state = JSON.parse(state);
      if (!state || state.v !== STATE_VERSION) return;
      const known = (slug) => this.bySlug.has(slug);
      const fixes = (xs) => (Array.isArray(xs) ? xs.filter(isFix).map(cleanFix) : []);
      this.promptedList = Array.isArray(state.prompted) ? [...new Set(state.prompted.filter(known))] : [];
      this.inside = known(state.inside) ? state.inside : null;
      this.last = isFix(state.last) ? cleanFix(state.last) : null;
      this.track = fixes(state.track);
      this.pending = fixes(state.pending);
      for (const [slug, e] of Object.entries(state.enter || {})) {
        if (known(slug) && e && finite(e.n, e.since)) this.enter[slug] = { n: e.n, since: e.since };
      }
      this.out = finite(state.out) ? state.out : 0;
    } catch {
      this.reset(); // a corrupt localStorage entry must not break the tour
    }
  }
}
