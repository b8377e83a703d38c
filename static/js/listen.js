// Listen: the page's story read aloud by the phone's own voice (speech synthesis), or a guide's
// recording played with lock-screen controls (MediaSession). The story stays on the page as
// the transcript. Every visible string comes from the page (data-msg-*), already translated.
// listenloader.js imports this module when it is wanted, and keeps the speed, the arrival
// prompt's Listen and "Play on arrival" (walk.js sends "calais:arrival").

const box = globalThis.document?.querySelector("[data-listen]"); // no document: unit tests
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
const base = (tag) => (tag || "").replace("_", "-").toLowerCase().split("-")[0];

/* The story's parts in reading order: paragraphs, headings, list items, quotes. */
function parts(source) {
  const blocks = [];
  for (const el of source ? source.children : []) {
    if (el.matches("ul, ol")) blocks.push(...el.querySelectorAll(":scope > li"));
    else if (!el.matches("figure, img, hr, pre, table")) blocks.push(el);
  }
  return blocks.filter((el) => el.textContent.trim());
}

/* The voice for `lang`: voices on the phone first (they work offline), then the visitor's own
   region (fr-BE for a Belgian phone), then the phone's default for the language. */
export function chooseVoice(voices, lang, preferred = []) {
  const wanted = base(lang);
  const mine = voices.filter((v) => base(v.lang) === wanted);
  if (!mine.length) return null;
  const tag = (v) => v.lang.replace("_", "-").toLowerCase();
  const regions = preferred.map((p) => p.toLowerCase()).filter((p) => base(p) === wanted && p.includes("-"));
  const score = (v) =>
    (v.localService ? 8 : 0) +
    (regions.includes(tag(v)) ? 4 - regions.indexOf(tag(v)) / 10 : 0) + (v.default ? 2 : 0);
  return mine.slice().sort((a, b) => score(b) - score(a))[0];
}

/* Voices load late in Chrome: wait for them a little. */
function voices(synth) {
  const now = synth.getVoices();
  if (now.length) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener?.("voiceschanged", done, { once: true });
    setTimeout(done, 1500);
  });
}

class Reader {
  constructor(box) {
    this.box = box;
    this.msg = box.dataset;
    this.lang = document.documentElement.lang;
    this.blocks = parts(document.querySelector(box.dataset.source));
    this.index = 0;
    this.state = "idle"; // idle | speaking | paused
    this.generation = 0; // utterances of an earlier start are ignored when they end
    this.play = box.querySelector("[data-listen-play]");
    this.prev = box.querySelector("[data-listen-prev]");
    this.next = box.querySelector("[data-listen-next]");
    this.rate = box.querySelector("[data-listen-rate]");
    this.statusLine = box.querySelector("[data-listen-status]");
  }

  async init() {
    this.box.hidden = false;
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return this.unavailable(this.msg.msgNoSpeech);
    this.synth = window.speechSynthesis;
    this.play.addEventListener("click", () => this.toggle());
    this.prev.addEventListener("click", () => this.skip(-1));
    this.next.addEventListener("click", () => this.skip(1));
    this.rate.addEventListener("change", () => {
      if (this.state === "speaking") this.speak(this.index); // the new speed from this part on
    });
    // leaving the page ends the reading; it does not follow the visitor to the next page
    window.addEventListener("pagehide", () => this.stop());
    this.voice = chooseVoice(await voices(this.synth), this.lang, navigator.languages || []);
    if (!this.voice) return this.unavailable(this.msg.msgNoVoice);
    this.box.dataset.voice = this.voice.name;
    return true;
  }

  unavailable(message) {
    this.play.disabled = true;
    this.play.setAttribute("aria-disabled", "true");
    this.rate.disabled = true;
    this.status(message);
    this.box.dataset.unavailable = "true";
    return false;
  }

  status(text) {
    this.statusLine.textContent = text;
  }

  label(text) {
    this.play.textContent = text;
  }

  toggle() {
    if (this.state === "speaking") this.pause();
    else if (this.state === "paused") this.resume();
    else this.start();
  }

  start() {
    if (!this.voice || !this.blocks.length) return false;
    this.speak(this.index >= this.blocks.length ? 0 : this.index);
    return true;
  }

  /* Android's voices cannot pause mid-sentence reliably: pausing stops, resuming restarts the part. */
  pause() {
    this.generation += 1;
    this.synth.cancel();
    this.state = "paused";
    this.label(this.msg.msgResume);
    this.status(this.msg.msgPaused);
  }

  resume() {
    this.speak(this.index);
  }

  skip(step) {
    const to = Math.min(Math.max(this.index + step, 0), this.blocks.length - 1);
    if (this.state === "speaking") this.speak(to);
    else {
      this.index = to;
      this.highlight();
    }
  }

  stop() {
    this.generation += 1;
    this.synth?.cancel();
    this.state = "idle";
    this.highlight(null);
  }

  speak(index) {
    this.generation += 1;
    const generation = this.generation;
    this.synth.cancel();
    this.index = index;
    this.state = "speaking";
    this.label(this.msg.msgPause);
    this.prev.disabled = false;
    this.next.disabled = false;
    this.highlight();
    this.status(fill(this.msg.msgReading, { number: index + 1, total: this.blocks.length }));
    const utterance = new SpeechSynthesisUtterance(this.blocks[index].textContent.trim().replace(/\s+/g, " "));
    utterance.lang = this.voice.lang.replace("_", "-");
    utterance.voice = this.voice;
    utterance.rate = Number(this.rate.value);
    utterance.addEventListener("end", () => {
      if (generation !== this.generation) return;
      if (index + 1 < this.blocks.length) this.speak(index + 1);
      else this.finish();
    });
    utterance.addEventListener("error", (event) => {
      if (generation !== this.generation) return;
      // "not-allowed": no tap yet (autoplay rules); "interrupted"/"canceled": our own cancel
      this.state = "idle";
      this.label(this.msg.msgListen);
      if (event.error === "not-allowed") this.status(this.msg.msgTap);
    });
    this.synth.speak(utterance);
  }

  finish() {
    this.state = "idle";
    this.index = 0;
    this.label(this.msg.msgListen);
    this.highlight(null);
    this.status(this.msg.msgDone);
  }

  /* Mark the part being read and keep it in view, without moving the keyboard focus. */
  highlight(target = this.blocks[this.index]) {
    for (const el of this.blocks) el.classList.toggle("listening", el === target);
    if (!target) return;
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
  }
}

class Player {
  constructor(box) {
    this.box = box;
    this.audio = box.querySelector("[data-listen-audio]");
    this.statusLine = box.querySelector("[data-listen-status]");
  }

  init() {
    const audio = this.audio;
    audio.addEventListener("play", () => this.session("playing"));
    audio.addEventListener("pause", () => this.session("paused"));
    audio.addEventListener("loadedmetadata", () => this.position());
    audio.addEventListener("ratechange", () => this.position());
    audio.addEventListener("seeked", () => this.position());
    window.addEventListener("pagehide", () => audio.pause());
    if (!audio.paused) this.session("playing"); // the play that loaded this module
    return true;
  }

  start() {
    return this.audio.play().then(() => true, () => {
      this.statusLine.textContent = this.box.dataset.msgTap;
      return false;
    });
  }

  /* Lock-screen controls: title, tour, the app icon; play, pause, seeking, next stop. */
  session(state) {
    if (!("mediaSession" in navigator)) return;
    const { title, album, artwork, next } = this.box.dataset;
    const audio = this.audio;
    const media = navigator.mediaSession;
    media.metadata = new MediaMetadata({
      title, artist: album, album,
      artwork: [{ src: artwork, sizes: "512x512", type: "image/png" }],
    });
    media.playbackState = state;
    const handlers = {
      play: () => audio.play(),
      pause: () => audio.pause(),
      seekto: (d) => { audio.currentTime = d.seekTime; },
      seekbackward: (d) => { audio.currentTime = Math.max(0, audio.currentTime - (d.seekOffset || 10)); },
      seekforward: (d) => { audio.currentTime = Math.min(audio.duration || 0, audio.currentTime + (d.seekOffset || 10)); },
      nexttrack: next ? () => { location.href = `${next}#listen`; } : null,
    };
    for (const [action, handler] of Object.entries(handlers)) {
      try {
        media.setActionHandler(action, handler);
      } catch {
        // an action this browser does not know
      }
    }
    this.position();
  }

  position() {
    const audio = this.audio;
    if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
    if (!Number.isFinite(audio.duration)) return;
    navigator.mediaSession.setPositionState({
      duration: audio.duration, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration),
    });
  }
}

/* The narration of the page, ready to start; null when this phone cannot give it. */
export async function main() {
  if (!box) return null;
  const candidate = box.querySelector("[data-listen-audio]") ? new Player(box) : new Reader(box);
  return (await candidate.init()) ? candidate : null;
}
