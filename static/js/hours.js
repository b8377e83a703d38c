// Opening hours: today's status line ("Open today 10:00–18:00", "Closes in 40 min", "Closed
// today: reopens on 1 February"), computed in the browser from the hours in the page, so that
// a page saved for offline use stays right on later days. The same rules as hours.py, which
// writes the line the page shows without JavaScript. The page gives the hours, the town's
// time zone and the words, in its language, in <script type="application/json" id="hours-data">.

const CLOSING_SOON_MIN = 60; // as hours.py

/* The date and time in `timeZone` at `date`: {year, month, day, weekday (0 = Monday), minutes}. */
export function localParts(date, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric",
      minute: "numeric", hourCycle: "h23", weekday: "short",
    }).formatToParts(date).map((p) => [p.type, p.value]),
  );
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const ymd = (y, m, d) => y * 10000 + m * 100 + d;

/* A "MM-DD" or "YYYY-MM-DD" day: {year|null, month, day}. */
function dayRef(text) {
  const bits = text.split("-").map(Number);
  return bits.length === 3 ? { year: bits[0], month: bits[1], day: bits[2] } : { year: null, month: bits[0], day: bits[1] };
}

/* Day after {year, month, day}, with its weekday. */
function nextDay(d) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: (t.getUTCDay() + 6) % 7 };
}

function covers(season, d) {
  const a = dayRef(season.from);
  const b = dayRef(season.until);
  let inRange;
  if (a.year !== null && b.year !== null) {
    const here = ymd(d.year, d.month, d.day);
    inRange = ymd(a.year, a.month, a.day) <= here && here <= ymd(b.year, b.month, b.day);
  } else {
    const here = d.month * 100 + d.day;
    const from = a.month * 100 + a.day;
    const until = b.month * 100 + b.day;
    inRange = from <= until ? from <= here && here <= until : here >= from || here <= until;
  }
  return inRange && season.days.includes(d.weekday);
}

/* The season the place opens by on day d, or null when it is closed all day. */
export function seasonOn(hours, d) {
  const closed = hours.closed.some((c) => {
    const r = dayRef(c);
    return r.month === d.month && r.day === d.day && (r.year === null || r.year === d.year);
  });
  if (closed) return null;
  const dated = hours.seasons.filter((s) => s.from.length > 5);
  const yearly = hours.seasons.filter((s) => s.from.length <= 5);
  return [...dated, ...yearly].find((s) => covers(s, d)) || null;
}

/* Today's status at local time `now` ({year, month, day, weekday, minutes}). */
export function hoursStatus(hours, now) {
  const season = seasonOn(hours, now);
  if (season && now.minutes < toMinutes(season.close)) {
    const left = toMinutes(season.close) - now.minutes;
    if (now.minutes >= toMinutes(season.open) && left <= CLOSING_SOON_MIN) {
      return { kind: "closing", season, minutes: left };
    }
    return { kind: "open", season };
  }
  const kind = season ? "closed_now" : "closed_today";
  let day = now;
  for (let n = 0; n < 366; n += 1) {
    day = nextDay(day);
    const next = seasonOn(hours, day);
    if (next) return { kind, season, reopens: { year: day.year, month: day.month, day: day.day }, reopensAt: next.open };
  }
  return { kind, season };
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

/* The status line in the page's language; `msg` holds the page's words. */
export function statusText(status, msg, lang) {
  const s = status.season;
  if (status.kind === "open") {
    const values = { open: s.open, close: s.close, last: s.last_admission };
    return fill(s.last_admission ? msg.openLast : msg.open, values);
  }
  if (status.kind === "closing") return fill(msg.closing, { minutes: status.minutes });
  if (!status.reopens) return msg.closed;
  const { year, month, day } = status.reopens;
  // the site's English is British: "1 February", as hours.py writes it
  const date = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { day: "numeric", month: "long", timeZone: "UTC" })
    .format(new Date(Date.UTC(year, month - 1, day)));
  return fill(status.kind === "closing" || status.kind === "closed_now" ? msg.closedNow : msg.closedToday,
    { date, time: status.reopensAt });
}

function main() {
  const block = document.getElementById("hours-data");
  if (!block) return;
  const data = JSON.parse(block.textContent);
  const lang = document.documentElement.lang;
  const update = () => {
    const now = localParts(new Date(), data.tz);
    for (const el of document.querySelectorAll("[data-hours]")) {
      const hours = data.stops[el.dataset.hours];
      if (!hours) continue;
      const status = hoursStatus(hours, now);
      el.querySelector("[data-hours-text]").textContent = statusText(status, data.msg, lang);
      el.dataset.state = status.kind;
      const rendered = el.querySelector("[data-hours-rendered]");
      if (rendered) rendered.hidden = true; // computed now: no longer "as on the day it was rendered"
    }
  };
  update();
  setInterval(update, 60_000);
}

if (typeof document !== "undefined") main();
