// Save a tour on the phone, show what is saved, and offer updates: the page side of /sw.js.
// No framework; every visible string comes from the page (data-msg-* attributes), already
// translated by the server. Without service workers the control says so; the site still works.

const lang = document.documentElement.lang;
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const kilobytes = (bytes) =>
  new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 })
    .format(Math.max(1, Math.round(bytes / 1000)));
const when = (iso) =>
  new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso));

/* Ask the service worker; PROGRESS messages go to onProgress, the last answer resolves. */
async function ask(message, onProgress) {
  const registration = await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (event.data && event.data.type === "PROGRESS") onProgress?.(event.data);
      else resolve(event.data);
    };
    registration.active.postMessage(message, [channel.port2]);
  });
}

function markSaved(urls, label) {
  for (const link of document.querySelectorAll(".stop-link, .pager a")) {
    const path = new URL(link.href).pathname;
    const mark = link.querySelector(".saved-mark");
    if (urls.includes(path) && !mark) {
      const span = document.createElement("span");
      span.className = "saved-mark";
      span.textContent = `✓ ${label}`;
      link.append(span);
    } else if (!urls.includes(path) && mark) {
      mark.remove();
    }
  }
}

async function showStorage(box) {
  const line = box.querySelector("[data-storage]");
  if (!navigator.storage || !navigator.storage.estimate) return;
  const { usage } = await navigator.storage.estimate();
  const persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
  line.textContent = `${fill(box.dataset.msgUsage, { used: kilobytes(usage || 0) })} ` +
    (persisted ? box.dataset.msgPersistent : box.dataset.msgNotPersistent);
}

function render(box, status) {
  const saved = status.saved[`${box.dataset.tour}|${box.dataset.lang}`];
  const text = box.querySelector("[data-save-status]");
  box.querySelector("[data-save-button]").hidden = Boolean(saved);
  box.querySelector("[data-remove-button]").hidden = !saved;
  box.querySelector("[data-save-progress]").hidden = true;
  text.textContent = saved
    ? fill(box.dataset.msgSaved, { date: when(saved.savedAt) })
    : fill(box.dataset.msgSize, { size: kilobytes(status.bytes) });
  box.classList.toggle("is-saved", Boolean(saved));
  markSaved(saved ? saved.urls : [], box.dataset.msgMark);
  // the space used and the warning that the browser may clear it: only once something is saved
  if (Object.keys(status.saved).length) showStorage(box);
  else box.querySelector("[data-storage]").textContent = "";
}

async function setUpSaveBox(box) {
  box.hidden = false;
  const text = box.querySelector("[data-save-status]");
  if (!("serviceWorker" in navigator) || !window.caches) {
    text.textContent = box.dataset.msgUnsupported;
    return;
  }
  const tour = box.dataset.tour;
  const boxLang = box.dataset.lang;
  render(box, await ask({ type: "STATUS", tour, lang: boxLang }));
  const progress = box.querySelector("[data-save-progress]");
  box.querySelector("[data-save-button]").addEventListener("click", async (event) => {
    event.currentTarget.disabled = true;
    // ask the browser not to clear the saved tour under storage pressure (needs the tap)
    if (navigator.storage && navigator.storage.persist) await navigator.storage.persist();
    progress.hidden = false;
    const answer = await ask({ type: "SAVE", tour, lang: boxLang }, ({ done, total }) => {
      progress.max = total;
      progress.value = done;
      text.textContent = fill(box.dataset.msgSaving, { done, total });
    });
    event.target.disabled = false;
    if (answer.type === "DONE") render(box, answer.status);
    else {
      progress.hidden = true;
      text.textContent = box.dataset.msgFailed;
    }
  });
  box.querySelector("[data-remove-button]").addEventListener("click", async () => {
    render(box, (await ask({ type: "REMOVE", tour, lang: boxLang })).status);
  });
}

async function setUpOfflineList(section) {
  const { saved } = await ask({ type: "STATUS" });
  const tours = Object.values(saved);
  document.querySelector("[data-offline-none]").hidden = tours.length > 0;
  section.hidden = tours.length === 0;
  const list = section.querySelector("ul");
  for (const tour of tours) {
    const item = document.createElement("li");
    item.className = "card";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = tour.url;
    link.lang = tour.lang;
    link.textContent = tour.title;
    heading.append(link);
    const date = document.createElement("p");
    date.textContent = fill(section.dataset.msgSaved, { date: when(tour.savedAt) });
    item.append(heading, date);
    list.append(item);
  }
}

/* A new version waits until the visitor accepts it: nothing changes under their eyes. */
function watchUpdates(registration) {
  const banner = document.querySelector("[data-update-banner]");
  if (!banner) return;
  let accepted = false;
  const offer = () => {
    if (registration.waiting && navigator.serviceWorker.controller) banner.hidden = false;
  };
  offer();
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker.addEventListener("statechange", () => worker.state === "installed" && offer());
  });
  banner.querySelector("[data-update-button]").addEventListener("click", () => {
    accepted = true;
    if (registration.waiting) registration.waiting.postMessage({ type: "SKIP_WAITING" });
    else location.reload();
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (accepted) location.reload();
  });
}

async function main() {
  const box = document.querySelector("[data-save]");
  if (!("serviceWorker" in navigator)) {
    if (box) setUpSaveBox(box);
    return;
  }
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  watchUpdates(registration);
  if (box) await setUpSaveBox(box);
  const list = document.querySelector("[data-offline-list]");
  if (list) await setUpOfflineList(list);
}

main();
