// Listen, the part every page loads: the controls are in the page already, labelled by the
// server. listen.js (the reader and the player, ~4 KB) is imported only when wanted: the first
// tap on Listen, the first play of a recording, a walk (its arrival prompt offers Listen, and
// "Play on arrival" starts the narration by itself), or #listen in the address (the prompt of
// another stop, the lock screen's "next"). So "no voice for this language" shows on that tap.

const box = document.querySelector("[data-listen]");
const AUTO_KEY = "calais-tour:listen:auto";
const RATE_KEY = "calais-tour:listen:rate";
const store = {
  get: (key) => { try { return localStorage.getItem(key); } catch { return null; } },
  set: (key, value) => { try { localStorage.setItem(key, value); } catch { /* private mode */ } },
};

let narration = null; // listen.js's Reader or Player, once asked for
let ready = false; // listen.js has set up the controls: their taps are its own
const load = () => {
  narration ||= import("./listen.js").then((listen) => listen.main(), () => null)
    .then((n) => { ready = true; return n; });
  return narration;
};

function setUpControls() {
  const play = box.querySelector("[data-listen-play]");
  const rate = box.querySelector("[data-listen-rate]");
  const audio = box.querySelector("[data-listen-audio]");
  if (play) {
    box.hidden = false; // the phone's voice needs JavaScript: without it the box stays hidden
    globalThis.speechSynthesis?.cancel(); // Chrome may still be reading the page the visitor left
    play.addEventListener("click", () => ready || load().then((n) => n?.toggle()), { once: true });
    box.addEventListener("pointerdown", load, { once: true }); // a head start on the tap
  }
  if (rate) {
    const saved = store.get(RATE_KEY);
    if (saved && [...rate.options].some((o) => o.value === saved)) rate.value = saved;
    rate.addEventListener("change", () => store.set(RATE_KEY, rate.value));
  }
  audio?.addEventListener("play", load, { once: true }); // lock-screen controls
}

/* The arrival prompt's Listen, and "Play on arrival" in walk mode. */
function setUpArrival() {
  const prompt = document.querySelector("[data-arrival-prompt]");
  const button = prompt?.querySelector("[data-arrival-listen]");
  const option = document.querySelector("[data-play-option]");
  const auto = option?.querySelector("[data-play-on-arrival]");
  if (!prompt || !button) return;
  if (auto) {
    auto.checked = store.get(AUTO_KEY) === "1";
    auto.addEventListener("change", () => store.set(AUTO_KEY, auto.checked ? "1" : "0"));
    const stopButton = document.querySelector("[data-stop-walk]");
    option.hidden = !stopButton || stopButton.hidden; // a walk resumed before this ran
  }
  document.addEventListener("calais:walk", (event) => {
    if (option) option.hidden = !event.detail.started;
    if (event.detail.started && box) load(); // ready before the first arrival
  });
  let url = null;
  const listen = async () => {
    prompt.hidden = true;
    if (new URL(url, location.href).pathname === location.pathname && box) (await load())?.start();
    else location.assign(`${url}#listen`);
  };
  button.addEventListener("click", listen);
  document.addEventListener("calais:arrival", (event) => {
    url = event.detail.url;
    button.hidden = false;
    if (auto?.checked) listen();
  });
}

if (box) setUpControls();
setUpArrival();
// arrived from the prompt of another page, or the lock screen's "next": start at once
if (location.hash === "#listen") {
  history.replaceState(null, "", location.pathname + location.search);
  if (box) load().then((n) => n?.start());
}
