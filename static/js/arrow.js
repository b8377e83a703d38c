// The arrow to the next stop in walking mode: turned by the phone's compass when it has one,
// drawn against a north mark when it has not, with a sentence for screen readers that changes
// at most every few seconds. walk.js imports this module (and it loads its CSS) when a walk
// starts, so a page that is only read costs nothing; walk.js also asks iOS for the compass
// (DeviceOrientationEvent.requestPermission) in the tap that starts the walk, as iOS requires. It follows walk.js's way-finding line
// (its data-stop, data-distance and data-bearing); the maths is compass.js's.

import { Announcer, clockHour, headingFrom, relativeAngle } from "./compass.js";

const SVG = "http://www.w3.org/2000/svg";
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  parent.append(element);
  return element;
}

function formatDistance(metres, lang) {
  if (metres < 1000) return `${Math.round(metres / 10) * 10}\u00a0m`;
  const km = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return `${km.format(metres / 1000)}\u00a0km`;
}

/* Give the walk panel its arrow, once. */
export function attach(panel) {
  panel.arrow ||= new Arrow(panel.querySelector("[data-arrow]"), panel.querySelector("[data-wayfinding]"));
}

export class Arrow {
  constructor(root, way) {
    this.root = root;
    this.way = way;
    this.msg = root.dataset;
    this.heading = null;
    this.bearing = null;
    this.announcer = new Announcer();
    document.head.append(Object.assign(document.createElement("link"), {
      rel: "stylesheet", href: new URL("../css/arrow.css", import.meta.url).href,
    }));
    const dial = svg("svg", { viewBox: "0 0 100 100", "aria-hidden": "true", focusable: "false" }, root);
    svg("circle", { class: "dial", cx: 50, cy: 50, r: 46 }, dial);
    this.north = svg("g", { "data-arrow-north": "" }, dial);
    svg("path", { class: "north-mark", d: "M50 2l5 10h-10z" }, this.north);
    svg("text", { x: 50, y: 24 }, this.north).textContent = "N"; // Nord, Noord: N in every language
    this.needle = svg("path", { class: "needle", "data-arrow-needle": "", d: "M50 16L70 70L50 60L30 70Z" }, dial);
    const text = root.appendChild(document.createElement("p"));
    this.distanceText = text.appendChild(Object.assign(document.createElement("span"), { className: "arrow-distance" }));
    this.note = text.appendChild(Object.assign(document.createElement("span"), { className: "small" }));
    this.note.dataset.arrowNote = "";
    // from now on the screen reader hears this region, which changes rarely, and no longer
    // the way-finding line, which changes on every fix
    this.live = Object.assign(document.createElement("p"), { className: "sr" });
    this.live.dataset.arrowLive = "";
    this.live.setAttribute("aria-live", "polite");
    root.after(this.live);
    way.removeAttribute("aria-live");
    this.onOrientation = (event) => this.orient(event);
    // Chromium's absolute event; iOS puts webkitCompassHeading on the plain one (its permission
    // is asked by walk.js in the tap that starts the walk)
    this.type = "ondeviceorientationabsolute" in window ? "deviceorientationabsolute" : "deviceorientation";
    new MutationObserver(() => this.follow()).observe(way, { attributes: true, childList: true });
    this.follow();
  }

  /* Read the way-finding line walk.js has just written. */
  follow() {
    const way = this.way;
    const bearing = Number.parseFloat(way.dataset.bearing);
    if (way.hidden || !way.dataset.distance || Number.isNaN(bearing)) {
      if (!this.root.hidden) {
        this.root.hidden = true;
        window.removeEventListener(this.type, this.onOrientation);
        this.announcer.reset();
        // the walk is over (every stop visited) or stopped
        this.live.textContent = way.hidden ? "" : way.textContent;
      }
      return;
    }
    if (this.root.hidden) {
      this.root.hidden = false;
      window.addEventListener(this.type, this.onOrientation);
    }
    this.bearing = bearing;
    this.distance = formatDistance(Number(way.dataset.distance), document.documentElement.lang);
    this.distanceText.textContent = this.distance;
    this.draw();
  }

  orient(event) {
    // unsmoothed: browsers fire only when the reading changes, so a filter would lag on a still phone
    const heading = headingFrom(event, screen.orientation?.angle || 0);
    if (heading === null) return;
    this.heading = heading;
    this.draw();
  }

  draw() {
    if (this.bearing === null) return;
    const compass = this.heading !== null;
    const angle = relativeAngle(this.bearing, this.heading);
    this.needle.setAttribute("transform", `rotate(${angle.toFixed(1)} 50 50)`);
    this.north.setAttribute("transform", `rotate(${compass ? ((360 - this.heading) % 360).toFixed(1) : 0} 50 50)`);
    this.root.dataset.compass = compass ? "1" : "0";
    this.note.textContent = compass ? "" : this.msg.msgNoCompass;
    // "Next: stop 2, The Citadel. 320 m, at 2 o'clock" or, north-up, "... 320 m west (GPS ±8 m)"
    const [next, , where] = this.way.childNodes;
    const how = compass ? `${this.distance}, ${fill(this.msg.msgClock, { hour: clockHour(angle) })}` : where?.textContent;
    const spoken = this.announcer.offer(`${next?.textContent}. ${how}`, Date.now());
    if (spoken !== null) this.live.textContent = spoken;
  }
}
