// The opening-hours status of hours.js, on the museum's published hours (tour.toml).
import assert from "node:assert/strict";
import { test } from "node:test";

import { hoursStatus, localParts, statusText } from "../../static/js/hours.js";

const MUSEUM = {
  seasons: [
    { from: "02-01", until: "04-30", days: [0, 2, 3, 4, 5, 6], open: "11:00", close: "17:00", last_admission: null },
    { from: "05-01", until: "09-30", days: [0, 1, 2, 3, 4, 5, 6], open: "10:00", close: "18:00", last_admission: "17:15" },
    { from: "10-01", until: "11-15", days: [0, 2, 3, 4, 5, 6], open: "11:00", close: "17:00", last_admission: null },
  ],
  closed: ["05-01"],
};
const MSG = {
  open: "Open today {open}–{close}",
  openLast: "Open today {open}–{close}, last admission {last}",
  closing: "Closes in {minutes} min",
  closedNow: "Closed now: reopens on {date} at {time}",
  closedToday: "Closed today: reopens on {date}",
  closed: "Closed today",
};
const at = (iso) => localParts(new Date(iso), "Europe/Paris");
const line = (iso, lang = "en") => statusText(hoursStatus(MUSEUM, at(iso)), MSG, lang);

test("local time is the town's, whatever the phone's zone", () => {
  assert.deepEqual(at("2026-12-02T23:30:00Z"), { year: 2026, month: 12, day: 3, weekday: 3, minutes: 30 });
  assert.equal(at("2026-07-15T08:00:00Z").minutes, 10 * 60); // summer time: UTC+2
});

test("winter: closed until 1 February", () => {
  assert.equal(line("2026-12-02T10:00:00Z"), "Closed today: reopens on 1 February");
  assert.equal(line("2026-12-02T10:00:00Z", "fr"), "Closed today: reopens on 1 février");
  assert.equal(line("2026-12-02T10:00:00Z", "de"), "Closed today: reopens on 1. Februar");
});

test("summer: open, then closing soon, then closed until the next morning", () => {
  assert.equal(line("2026-07-15T07:00:00Z"), "Open today 10:00–18:00, last admission 17:15");
  assert.equal(line("2026-07-15T15:20:00Z"), "Closes in 40 min");
  assert.equal(line("2026-07-15T16:30:00Z"), "Closed now: reopens on 16 July at 10:00");
});

test("closed on Tuesdays in spring, and on a closed date", () => {
  assert.equal(line("2027-03-02T12:00:00Z"), "Closed today: reopens on 3 March"); // a Tuesday
  assert.equal(line("2027-05-01T12:00:00Z"), "Closed today: reopens on 2 May");
  assert.equal(line("2027-04-30T16:30:00Z"), "Closed now: reopens on 2 May at 10:00");
});

test("a season across the new year, and one-year dates first", () => {
  const hours = {
    seasons: [
      { from: "12-01", until: "01-31", days: [0, 1, 2, 3, 4, 5, 6], open: "09:00", close: "12:00", last_admission: null },
      { from: "2027-01-10", until: "2027-01-10", days: [6], open: "14:00", close: "16:00", last_admission: null },
    ],
    closed: [],
  };
  const now = (iso) => statusText(hoursStatus(hours, at(iso)), MSG, "en");
  assert.equal(now("2027-01-05T08:00:00Z"), "Open today 09:00–12:00");
  assert.equal(now("2027-01-10T08:00:00Z"), "Open today 14:00–16:00");
  assert.equal(now("2027-02-05T08:00:00Z"), "Closed today: reopens on 1 December");
});
