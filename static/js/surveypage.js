// The survey page: collect GPS fixes for the chosen seconds, then show what survey.js makes
// of them. The location is asked for on the Start tap only.

import { average, distancesToStops, snippet, suggestRadius } from "./survey.js";

const form = document.querySelector("[data-survey]");
const result = document.querySelector("[data-survey-result]");
const data = JSON.parse(document.getElementById("survey-data").textContent);
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const out = (name, text) => (result.querySelector(`[data-out="${name}"]`).textContent = text);
const metres = (m) => `${m.toFixed(1)}\u00a0m`;

function measure(seconds) {
  const status = form.querySelector("[data-survey-status]");
  const button = form.querySelector("button");
  const fixes = [];
  const end = Date.now() + seconds * 1000;
  button.disabled = true;
  result.hidden = true;
  const tick = () => {
    status.textContent = fill(form.dataset.msgMeasuring, {
      fixes: fixes.length, seconds: Math.max(0, Math.ceil((end - Date.now()) / 1000)),
    });
  };
  tick();
  const timer = setInterval(tick, 1000);
  const finish = (message) => {
    clearInterval(timer);
    navigator.geolocation.clearWatch(watch);
    button.disabled = false;
    status.textContent = message;
  };
  const watch = navigator.geolocation.watchPosition(
    (position) => {
      const { latitude: lat, longitude: lon, accuracy } = position.coords;
      fixes.push({ lat, lon, accuracy });
      tick();
    },
    (error) => {
      if (error.code === error.PERMISSION_DENIED) finish(form.dataset.msgDenied);
    },
    { enableHighAccuracy: true, maximumAge: 0, timeout: seconds * 1000 },
  );
  setTimeout(() => {
    finish("");
    show(average(fixes), seconds, status);
  }, seconds * 1000);
}

function show(avg, seconds, status) {
  if (!avg) {
    status.textContent = form.dataset.msgNone;
    return;
  }
  const stop = data.stops.find((s) => s.slug === form.elements.stop.value) || data.stops[0];
  const radius = suggestRadius(avg.spread, avg.accuracy);
  out("lat", avg.lat.toFixed(5));
  out("lon", avg.lon.toFixed(5));
  out("fixes", String(avg.fixes));
  out("spread", metres(avg.spread));
  out("accuracy", metres(avg.accuracy));
  out("radius", `${radius}\u00a0m`);
  for (const { slug, metres: m } of distancesToStops(avg, data.stops)) {
    result.querySelector(`[data-distance-to="${slug}"]`).textContent = `${Math.round(m)}\u00a0m`;
  }
  out("snippet", snippet(stop, avg, radius, seconds, new Date().toISOString().slice(0, 10)));
  result.hidden = false;
}

if (form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!("geolocation" in navigator)) {
      form.querySelector("[data-survey-status]").textContent = form.dataset.msgUnavailable;
      return;
    }
    const seconds = Number(form.elements.seconds.value);
    if (!form.reportValidity() || !(seconds >= 5 && seconds <= 600)) return;
    measure(seconds);
  });
}
