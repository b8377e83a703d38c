// Walking mode: follow the visitor with GPS, show the way to the next stop, and prompt once
// on arrival at each stop. The decisions are geofence.js's; this file is the browser side:
// permissions, watchPosition, the page's text, vibration and the optional notification.
// The web cannot do this in the background: the watch stops when the page is hidden.
// walkloader.js, on every page, shows the Start button and imports this module (with
// geofence.js) when a walk starts or resumes after a reload.

import { Geofence, bearingDeg, distanceM } from "./geofence.js";

const NEAR_M = 250; // closer than this to a stop: high accuracy (GNSS on)
const FAR_M = 350; // farther than this from every stop: network location, to save battery
const LOST_AFTER_ERRORS = 3; // one failed fix is noise, several in a row is "GPS lost"

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

function formatDistance(metres, lang) {
  if (metres < 1000) return `${Math.round(metres / 10) * 10}\u00a0m`;
  const km = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return `${km.format(metres / 1000)}\u00a0km`;
}

class Walk {
  constructor(panel, data) {
    this.panel = panel;
    this.data = data;
    this.lang = document.documentElement.lang;
    this.key = `calais-tour:walk:${data.tour}`;
    this.msg = panel.dataset;
    this.watchId = null;
    this.highAccuracy = true;
    this.errors = 0;
    this.fixes = 0;
    this.el = (selector) => panel.querySelector(selector);
    this.prompt = document.querySelector("[data-arrival-prompt]");
    const saved = this.load();
    this.started = Boolean(saved.started);
    this.fence = new Geofence(data.stops, { state: saved.fence });
  }

  load() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) || {};
    } catch {
      return {};
    }
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify({ started: this.started, fence: this.fence.toJSON() }));
    } catch {
      // private mode or full storage: the walk still works, it just will not survive a reload
    }
  }

  /* The stop after the last one reached, in walking order. */
  target() {
    const reached = this.data.stops.filter((s) => this.fence.hasPrompted(s.slug));
    const last = reached.length ? Math.max(...reached.map((s) => s.number)) : 0;
    return this.data.stops.find((s) => s.number === last + 1) || null;
  }

  status(text) {
    this.el("[data-walk-status]").textContent = text;
  }

  init() {
    this.el("[data-stop-walk]").addEventListener("click", () => this.stop());
    this.el("[data-notify]").checked = localStorage.getItem(`${this.key}:notify`) === "1";
    this.el("[data-notify]").addEventListener("change", (e) => this.toggleNotifications(e.target));
    this.prompt.querySelector("[data-arrival-dismiss]").addEventListener("click", () => {
      this.prompt.hidden = true;
    });
    // opening the stop answers the prompt: it must not still be there on coming back
    this.prompt.querySelector("[data-arrival-open]").addEventListener("click", () => {
      this.prompt.hidden = true;
    });
    document.addEventListener("visibilitychange", () => {
      if (!this.started) return;
      if (document.hidden) this.unwatch();
      else this.watch();
    });
  }

  /* walkloader.js has already shown the Stop button and announced the walk (calais:walk). */
  start() {
    this.started = true;
    this.save();
    this.el("[data-notify-option]").hidden = !window.Notification;
    import("./arrow.js").then((m) => m.attach(this.panel));
    this.watch();
  }

  stop() {
    this.started = false;
    this.unwatch();
    this.fence.reset();
    this.save();
    this.el("[data-start-walk]").hidden = false;
    this.el("[data-stop-walk]").hidden = true;
    this.el("[data-notify-option]").hidden = true;
    this.el("[data-wayfinding]").hidden = true;
    this.status("");
    document.dispatchEvent(new CustomEvent("calais:walk", { detail: { started: false } }));
  }

  watch() {
    if (this.watchId !== null || document.hidden) return;
    this.watchId = navigator.geolocation.watchPosition(
      (position) => this.onFix(position),
      (error) => this.onError(error),
      { enableHighAccuracy: this.highAccuracy, maximumAge: 5000, timeout: 20000 },
    );
  }

  unwatch() {
    if (this.watchId === null) return;
    navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
  }

  onError(error) {
    if (error.code === error.PERMISSION_DENIED) {
      this.unwatch();
      this.started = false;
      this.save();
      this.el("[data-start-walk]").hidden = false;
      this.el("[data-stop-walk]").hidden = true;
      this.status(this.msg.msgDenied);
      this.el("[data-notify-option]").hidden = true; // no arrival to notify without location
      return;
    }
    // timeouts and "unavailable" come and go in streets: only a run of them is news
    this.errors += 1;
    if (this.errors >= LOST_AFTER_ERRORS) this.status(this.msg.msgLost);
  }

  onFix(position) {
    this.errors = 0;
    const { latitude: lat, longitude: lon, accuracy } = position.coords;
    // Date.now(), not position.timestamp: watchPosition's maximumAge keeps fixes under 5 s
    // old, and the page clock is the one the rest of the page (and its tests) can control
    const result = this.fence.update({ lat, lon, accuracy, time: Date.now() });
    this.fixes += 1;
    this.panel.dataset.fixes = String(this.fixes);
    if (result.arrived) this.arrive(result.arrived);
    else this.hidePromptOnceLeft(lat, lon);
    this.save();
    this.showWay(result, accuracy);
    this.adjustPower(result);
  }

  showWay(result, accuracy) {
    const way = this.el("[data-wayfinding]");
    const next = this.target();
    if (!next) {
      way.hidden = false;
      way.textContent = this.msg.msgDone;
      delete way.dataset.distance;
      this.status("");
      return;
    }
    const here = result.position;
    if (!here) return;
    const metres = distanceM(here.lat, here.lon, next.lat, next.lon);
    const bearing = bearingDeg(here.lat, here.lon, next.lat, next.lon);
    const direction = this.data.compass[Math.round(bearing / 45) % 8];
    way.hidden = false;
    way.dataset.distance = String(Math.round(metres));
    way.dataset.bearing = bearing;
    way.dataset.stop = next.slug;
    way.replaceChildren(
      Object.assign(document.createElement("strong"), {
        textContent: fill(this.msg.msgNext, { number: next.number, title: next.title }),
      }),
      document.createElement("br"),
      fill(this.msg.msgDistance, {
        distance: formatDistance(metres, this.lang),
        direction,
        accuracy: Math.round(accuracy),
      }),
    );
    this.status(result.poor ? fill(this.msg.msgPoor, { accuracy: Math.round(accuracy) }) : "");
  }

  /* GNSS near a stop, network location far from all of them: the battery lasts the walk. */
  adjustPower(result) {
    if (!result.nearest) return;
    const want = this.highAccuracy ? result.nearest.distance < FAR_M : result.nearest.distance < NEAR_M;
    if (want !== this.highAccuracy) {
      this.highAccuracy = want;
      this.unwatch();
      this.watch();
    }
  }

  /* The arrival prompt goes once the visitor has moved on, out of the stop's zone. */
  hidePromptOnceLeft(lat, lon) {
    const stop = this.data.stops.find((s) => s.slug === this.prompt.dataset.stop);
    if (this.prompt.hidden || !stop) return;
    if (distanceM(lat, lon, stop.lat, stop.lon) > 2 * stop.radius) this.prompt.hidden = true;
  }

  arrive(stop) {
    const text = fill(this.msg.msgArrived, { number: stop.number, title: stop.title });
    this.prompt.querySelector("[data-arrival-text]").textContent = text;
    this.prompt.querySelector("[data-arrival-open]").href = stop.url;
    this.prompt.dataset.stop = stop.slug;
    this.prompt.hidden = false;
    document.dispatchEvent(new CustomEvent("calais:arrival", { detail: stop })); // listen.js
    if (navigator.vibrate) navigator.vibrate(200);
    if (this.el("[data-notify]").checked && window.Notification && Notification.permission === "granted") {
      navigator.serviceWorker?.ready.then((registration) =>
        registration.showNotification(text, { tag: `arrival-${stop.slug}`, data: { url: stop.url } }),
      );
    }
  }

  async toggleNotifications(box) {
    if (box.checked && window.Notification && Notification.permission !== "granted") {
      box.checked = (await Notification.requestPermission()) === "granted";
    }
    localStorage.setItem(`${this.key}:notify`, box.checked ? "1" : "0");
  }
}

/* The walk of this page, ready to start(). */
export function walk(panel, data) {
  const instance = new Walk(panel, data);
  instance.init();
  return instance;
}
