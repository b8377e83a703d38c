// The live route map: the server-drawn route diagram, redrawn in the page with the visitor's
// position (a dot, its accuracy circle and, with a compass, its heading), pins that stay
// legible where stops lie close together, zoom and pan, a scale bar and north. It needs no
// tiles and no other site, so it works offline. maploader.js imports it only when a map is
// wanted; the geometry is mapmath.js's.

import { headingFrom } from "./compass.js";
import { fit, frame, place, scaleBar, spread } from "./mapmath.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 320;
const H = 220;
const PAD = 28;
const PIN_R = 11;
const NEAR_ENOUGH_M = 3000; // a visitor farther than this is not pulled into the view

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.append(element);
  return element;
}

const round = (n) => n.toFixed(1);

export class RouteMap {
  constructor(root, data) {
    this.root = root;
    this.msg = root.dataset;
    this.stops = data.stops;
    this.xy = frame(this.stops[0].lat, this.stops[0].lon);
    this.points = this.stops.map((s) => this.xy(s.lat, s.lon));
    // the line along the streets where the tour gives paths, else from stop to stop
    this.line = data.route ? data.route.map(([lat, lon]) => this.xy(lat, lon)) : this.points;
    this.visitor = null; // {x, y, accuracy}
    this.heading = null;
    this.zoom = 1;
    this.centre = null; // metres; null: the view fits the route (and the visitor)
    this.watchId = null;
    document.head.append(Object.assign(document.createElement("link"), {
      rel: "stylesheet", href: new URL("../css/map.css", import.meta.url).href,
    }));
    const diagram = root.querySelector("svg");
    this.svg = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "live-map" });
    this.svg.dataset.liveMap = "";
    const title = svg("title", {}, this.svg);
    title.textContent = diagram.querySelector("title")?.textContent || "";
    this.layer = svg("g", {}, this.svg);
    diagram.replaceWith(this.svg);
    this.controls();
    this.dragging();
    this.draw();
    if (data.tiles) {
      // streets under the route where the site has map tiles: loaded only then
      import("./streets.js").then(({ Streets }) => {
        this.streets = new Streets(data.tiles, this.stops[0], this.xy, () => this.draw(), this.svg);
        this.draw();
      });
    }
    this.locate();
    this.onOrientation = (event) => {
      const heading = headingFrom(event, screen.orientation?.angle || 0);
      // compasses fire up to 60 times a second: redraw for turns the eye can see
      const turned = this.heading === null ? 360 : Math.abs(((heading - this.heading + 540) % 360) - 180);
      if (heading !== null && turned >= 3) {
        this.heading = heading;
        this.draw();
      }
    };
    window.addEventListener(
      "ondeviceorientationabsolute" in window ? "deviceorientationabsolute" : "deviceorientation",
      this.onOrientation,
    );
  }

  controls() {
    const bar = document.createElement("p");
    bar.className = "map-controls";
    const button = (label, text, action) => {
      const b = Object.assign(document.createElement("button"), { type: "button", className: "button secondary", textContent: text });
      b.setAttribute("aria-label", label);
      b.addEventListener("click", () => {
        action();
        this.draw();
      });
      bar.append(b);
      return b;
    };
    // zooming in closes in on the visitor when known: what they need next is around them
    button(this.msg.msgZoomIn, "+", () => {
      this.following = !this.centre && Boolean(this.visitor); // and keeps them in view as they walk
      this.centre ||= { x: this.view.cx, y: this.view.cy };
      this.zoom = Math.min(this.zoom * 2, 32);
    });
    button(this.msg.msgZoomOut, "\u2212", () => (this.zoom = Math.max(this.zoom / 2, 0.25)));
    button(this.msg.msgFit, this.msg.msgFit, () => {
      this.zoom = 1;
      this.centre = null;
    });
    this.status = Object.assign(document.createElement("span"), { className: "small" });
    this.status.setAttribute("role", "status");
    bar.append(this.status);
    this.svg.after(bar);
  }

  /* Drag to pan: pointer events work for mouse, pen and touch alike. */
  dragging() {
    let last = null;
    this.svg.addEventListener("pointerdown", (event) => {
      last = { x: event.clientX, y: event.clientY };
      this.svg.setPointerCapture(event.pointerId);
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!last) return;
      // client pixels to drawing units to metres
      const units = W / this.svg.getBoundingClientRect().width;
      this.following = false;
      this.centre ||= { x: this.view.cx, y: this.view.cy };
      this.centre.x -= ((event.clientX - last.x) * units) / this.view.scale;
      this.centre.y += ((event.clientY - last.y) * units) / this.view.scale;
      last = { x: event.clientX, y: event.clientY };
      this.draw();
    });
    const end = () => (last = null);
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
  }

  /* Follow the visitor's position once the site may know it (the walk's tap grants that). */
  async locate() {
    if (!("geolocation" in navigator)) return;
    let status = null;
    try {
      status = await navigator.permissions.query({ name: "geolocation" });
    } catch {
      return;
    }
    const update = () => {
      if (status.state === "granted" && !document.hidden) this.watch();
      else this.unwatch();
    };
    status.addEventListener("change", update);
    document.addEventListener("visibilitychange", update);
    update();
  }

  watch() {
    if (this.watchId !== null) return;
    // no high accuracy of its own: the walk asks for GNSS near stops, and the browser shares it
    this.watchId = navigator.geolocation.watchPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        this.visitor = { ...this.xy(latitude, longitude), accuracy };
        this.draw();
      },
      () => {},
      { enableHighAccuracy: false, maximumAge: 5000, timeout: 20000 },
    );
  }

  unwatch() {
    if (this.watchId === null) return;
    navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
  }

  draw() {
    const shown = [...this.points];
    const v = this.visitor;
    if (v && Math.min(...this.points.map((p) => Math.hypot(p.x - v.x, p.y - v.y))) < NEAR_ENOUGH_M) {
      shown.push(v);
    }
    const base = fit(shown, W, H, PAD);
    if (this.following && v) this.centre = { x: v.x, y: v.y };
    const centre = this.centre || { x: base.cx, y: base.cy };
    this.view = { cx: centre.x, cy: centre.y, scale: base.scale * this.zoom };
    const drawn = this.points.map((p) => place(p, this.view, W, H));
    const pins = spread(drawn, 2 * PIN_R + 2);
    const g = svg("g", {});
    if (this.streets) {
      svg("path", { class: "streets", d: this.streets.path(this.view, W, H, place), fill: "none", stroke: "#d9cbb3", "stroke-width": 3, "stroke-linecap": "round", "stroke-linejoin": "round" }, g);
    }
    const line = this.line.map((p) => place(p, this.view, W, H));
    svg("polyline", { class: "route", points: line.map((p) => `${round(p.x)},${round(p.y)}`).join(" ") }, g);
    this.stops.forEach((stop, i) => {
      const pin = pins[i];
      const pinGroup = svg("g", { class: "pin" }, g);
      pinGroup.dataset.stop = stop.slug;
      if (Math.hypot(pin.x - drawn[i].x, pin.y - drawn[i].y) > 1) {
        // moved apart from a close neighbour: a leader to where the stop really is
        svg("line", { class: "leader", x1: round(drawn[i].x), y1: round(drawn[i].y), x2: round(pin.x), y2: round(pin.y) }, pinGroup);
        svg("circle", { class: "spot", cx: round(drawn[i].x), cy: round(drawn[i].y), r: 2.5 }, pinGroup);
      }
      svg("circle", { cx: round(pin.x), cy: round(pin.y), r: PIN_R }, pinGroup);
      svg("text", { x: round(pin.x), y: round(pin.y + 5) }, pinGroup).textContent = String(stop.number);
    });
    if (v) {
      const at = place(v, this.view, W, H);
      const you = svg("g", { class: "visitor" }, g);
      you.dataset.visitor = "";
      svg("circle", { class: "accuracy", cx: round(at.x), cy: round(at.y), r: round(Math.max(v.accuracy * this.view.scale, 6)) }, you);
      if (this.heading !== null) {
        // a 60-degree cone the way the phone faces
        svg("path", {
          class: "heading", d: "M0 0L-9 -22A24 24 0 0 1 9 -22Z",
          transform: `translate(${round(at.x)} ${round(at.y)}) rotate(${round(this.heading)})`,
        }, you);
      }
      svg("circle", { class: "dot", cx: round(at.x), cy: round(at.y), r: 6 }, you);
    }
    const bar = scaleBar(this.view.scale, W / 3);
    const scale = svg("g", { class: "scale" }, g);
    svg("line", { x1: 12, y1: H - 14, x2: round(12 + bar.units), y2: H - 14 }, scale);
    svg("text", { x: 12, y: H - 20 }, scale).textContent =
      bar.metres >= 1000 ? `${bar.metres / 1000}\u00a0km` : `${bar.metres}\u00a0m`;
    scale.dataset.metres = String(bar.metres);
    const north = svg("g", { class: "north" }, g);
    svg("path", { d: `M${W - 20} 10l6 16h-12z` }, north);
    svg("text", { x: W - 20, y: 42 }, north).textContent = this.msg.north;
    this.layer.replaceChildren(g);
    const said = v ? this.msg.msgYou : "";
    if (this.status.textContent !== said) this.status.textContent = said;
  }
}

/* Turn the route diagram in `root` into the live map, once. */
export function open(root) {
  root.routeMap ||= new RouteMap(root, JSON.parse(document.getElementById("walk-data").textContent));
  return root.routeMap;
}
