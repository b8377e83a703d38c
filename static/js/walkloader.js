// Walking mode, the part every page loads: the Start button, and a started walk resumed after
// a reload when no new permission prompt is needed. walk.js (the walk itself, with
// geofence.js; ~9 KB gzipped) is imported only then.

const panel = document.querySelector("[data-walk]");
const dataElement = document.getElementById("walk-data");

function resuming(tour) {
  try {
    return Boolean(JSON.parse(localStorage.getItem(`calais-tour:walk:${tour}`))?.started);
  } catch {
    return false;
  }
}

async function granted() {
  try {
    return (await navigator.permissions.query({ name: "geolocation" })).state === "granted";
  } catch {
    return false;
  }
}

async function main() {
  const data = JSON.parse(dataElement.textContent);
  const startButton = panel.querySelector("[data-start-walk]");
  const stopButton = panel.querySelector("[data-stop-walk]");
  const status = panel.querySelector("[data-walk-status]");
  panel.hidden = false;
  if (!("geolocation" in navigator)) {
    startButton.hidden = true;
    status.textContent = panel.dataset.msgUnavailable;
    return;
  }
  let walk = null;
  const start = () => {
    // at once, while walk.js loads: the buttons, and the news (listenloader.js shows "Play on arrival")
    startButton.hidden = true;
    stopButton.hidden = false;
    status.textContent = panel.dataset.msgWaiting;
    document.dispatchEvent(new CustomEvent("calais:walk", { detail: { started: true } }));
    walk ||= import("./walk.js").then((module) => module.walk(panel, data));
    walk.then((w) => w.start(), () => {
      walk = null; // not loaded (offline, tour not saved): back to the Start button
      startButton.hidden = false;
      stopButton.hidden = true;
      status.textContent = panel.dataset.msgUnavailable;
      document.dispatchEvent(new CustomEvent("calais:walk", { detail: { started: false } }));
    });
  };
  startButton.addEventListener("click", () => {
    window.DeviceOrientationEvent?.requestPermission?.(); // iOS compass
    start();
  });
  if (resuming(data.tour) && (await granted())) start();
}

if (panel && dataElement) main();
