"""Opening hours as data: read from a stop's ``[stops.hours]`` table, checked, and turned
into today's status line, a timetable and schema.org ``openingHoursSpecification``.

In tour.toml, after a stop's other fields::

    [stops.hours]
    checked = 2025                # the year the hours were published or checked
    phone = "+33 3 21 34 21 57"
    website = "https://example.org/"
    confirm = ["https://example.org/hours"]   # where a visitor or a guide confirms them
    closed = ["12-25", 2026-05-08]            # closed dates: every year ("MM-DD") or one day

    [[stops.hours.seasons]]
    from = "05-01"                # "MM-DD" every year, or a date (2026-05-01) for one year
    until = "09-30"               # the last day, included; may wrap the new year
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]   # default: every day
    open = "10:00"
    close = "18:00"
    last_admission = "17:15"      # optional
    confirmed = false             # optional: from an undated listing, not confirmed

Outside every season the place is closed. The browser computes the same status from
:func:`as_json` (static/js/hours.js), so a page saved for offline use stays right on
later days; :func:`status` is the line a page shows without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from .errors import ContentError
from .sourcefile import TomlLines
from .sourcefile import unknown_keys

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS_FIELDS = ("checked", "phone", "website", "confirm", "closed", "seasons")
SEASON_FIELDS = ("from", "until", "days", "open", "close", "last_admission", "confirmed")
TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
MONTH_DAY_RE = re.compile(r"(\d\d)-(\d\d)")
PHONE_RE = re.compile(r"\+?[0-9 ().-]{6,24}")
#: minutes before closing when the line says "Closes in N min"
CLOSING_SOON_MIN = 60
#: hours checked longer ago than this many years get a warning
CHECK_AGAIN_YEARS = 2


@dataclass(frozen=True)
class DayRef:
    """A day of the year ("MM-DD", every year) or one date (``year`` set)."""

    month: int
    day: int
    year: int | None = None

    def key(self, day: date) -> tuple[int, int]:
        return (self.month, self.day)

    def matches(self, day: date) -> bool:
        return (day.month, day.day) == (self.month, self.day) and self.year in (None, day.year)

    def iso(self) -> str:
        md = f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{md}" if self.year else md


@dataclass(frozen=True)
class Season:
    """Opening times on some days of the week between two days of the year."""

    start: DayRef
    end: DayRef  # included
    days: tuple[int, ...]  # 0 = Monday
    open: time
    close: time
    last_admission: time | None = None
    confirmed: bool = True

    def covers(self, day: date) -> bool:
        if self.start.year is not None and self.end.year is not None:
            first = date(self.start.year, self.start.month, self.start.day)
            last = date(self.end.year, self.end.month, self.end.day)
            in_range = first <= day <= last
        else:
            here, a, b = (day.month, day.day), self.start.key(day), self.end.key(day)
            in_range = a <= here <= b if a <= b else (here >= a or here <= b)
        return in_range and day.weekday() in self.days


@dataclass(frozen=True)
class Hours:
    """A place's published opening hours."""

    seasons: tuple[Season, ...]
    checked: int
    phone: str | None = None
    website: str | None = None
    confirm: tuple[str, ...] = ()
    closed: tuple[DayRef, ...] = ()

    def on(self, day: date) -> Season | None:
        """The season the place opens by on ``day``, or None when it is closed all day."""
        if any(c.matches(day) for c in self.closed):
            return None
        # a season for one year's dates (a special opening) wins over the yearly ones
        dated = [s for s in self.seasons if s.start.year is not None]
        yearly = [s for s in self.seasons if s.start.year is None]
        return next((s for s in [*dated, *yearly] if s.covers(day)), None)

    def next_opening(self, after: date) -> tuple[date, Season] | None:
        """The first day after ``after`` that the place opens, within a year."""
        for n in range(1, 367):
            day = after + timedelta(days=n)
            season = self.on(day)
            if season:
                return day, season
        return None


@dataclass(frozen=True)
class Status:
    """What the status line says: ``kind`` is open, closing, closed_now or closed_today."""

    kind: str
    season: Season | None = None
    minutes: int = 0  # closing: minutes left
    reopens: date | None = None
    reopens_at: time | None = None


def status(hours: Hours, now: datetime) -> Status:
    """Today's status at ``now`` (local time in the place's town)."""
    today, clock = now.date(), now.time().replace(second=0, microsecond=0)
    season = hours.on(today)
    if season and clock < season.close:
        left = _minutes(season.close) - _minutes(clock)
        if clock >= season.open and left <= CLOSING_SOON_MIN:
            return Status("closing", season, minutes=left)
        return Status("open", season)
    found = hours.next_opening(today)
    kind = "closed_now" if season else "closed_today"
    if found is None:
        return Status(kind)
    day, next_season = found
    return Status(kind, season, reopens=day, reopens_at=next_season.open)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def as_json(hours: Hours) -> dict[str, Any]:
    """The hours as hours.js reads them (days 0 = Monday)."""
    return {
        "seasons": [
            {
                "from": s.start.iso(), "until": s.end.iso(), "days": list(s.days),
                "open": hhmm(s.open), "close": hhmm(s.close),
                "last_admission": hhmm(s.last_admission) if s.last_admission else None,
            }
            for s in hours.seasons
        ],
        "closed": [c.iso() for c in hours.closed],
    }


def opening_hours_specification(hours: Hours, year: int) -> list[dict[str, Any]]:
    """schema.org ``OpeningHoursSpecification`` items; yearly seasons are dated in ``year``."""

    def day(ref: DayRef, wrap: bool = False) -> str:
        y = ref.year or (year + 1 if wrap else year)
        return f"{y:04d}-{ref.month:02d}-{ref.day:02d}"

    specs: list[dict[str, Any]] = []
    for s in hours.seasons:
        wraps = s.start.year is None and (s.end.month, s.end.day) < (s.start.month, s.start.day)
        specs.append({
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{SCHEMA_DAYS[d]}" for d in s.days],
            "opens": hhmm(s.open),
            "closes": hhmm(s.close),
            "validFrom": day(s.start),
            "validThrough": day(s.end, wraps),
        })
    for c in hours.closed:
        specs.append({
            "@type": "OpeningHoursSpecification",
            "opens": "00:00", "closes": "00:00",
            "validFrom": day(c), "validThrough": day(c),
        })
    return specs


def api(hours: Hours | None, year: int | None = None) -> dict[str, Any]:
    """A stop's ``opening_hours`` in the JSON API (nothing when it has none); yearly seasons
    are dated in ``year`` (default: this year) in ``openingHoursSpecification``."""
    if hours is None:
        return {}
    return {"opening_hours": {
        "checked": hours.checked,
        "phone": hours.phone,
        "website": hours.website,
        "confirm": list(hours.confirm),
        **as_json(hours),
        "confirmed": [s.confirmed for s in hours.seasons],
        "openingHoursSpecification": opening_hours_specification(
            hours, year or date.today().year),
    }}


def jsonld(hours: Hours | None, year: int | None = None) -> dict[str, Any]:
    """A place's hours and phone for schema.org JSON-LD (nothing when it has none)."""
    if hours is None:
        return {}
    data: dict[str, Any] = {"openingHoursSpecification": opening_hours_specification(
        hours, year or date.today().year)}
    if hours.phone:
        data["telephone"] = hours.phone
    return data


def tel_href(phone: str) -> str:
    """A ``tel:`` link target: the digits and a leading +."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


# --- reading tour.toml -------------------------------------------------------------------


class _Lines:
    """The lines of one stop's hours tables in tour.toml, for messages."""

    def __init__(self, lines: TomlLines, index: int) -> None:
        self.text = lines.lines
        first = lines.headers[index] if index < len(lines.headers) else 1
        last = lines.headers[index + 1] - 1 if index + 1 < len(lines.headers) else len(self.text)
        self.first, self.last = first, last
        self.fallback = lines.field(index, "[stops.hours]")
        self.seasons = [n for n in range(first, last + 1)
                        if self.text[n - 1].strip() == "[[stops.hours.seasons]]"]
        hours = [n for n in range(first, last + 1) if self.text[n - 1].strip() == "[stops.hours]"]
        self.hours = hours[0] if hours else self.fallback

    def line(self, season: int | None, key: str) -> int:
        if season is None:
            start = self.hours
            end = self.seasons[0] - 1 if self.seasons else self.last
        elif season < len(self.seasons):
            start = self.seasons[season]
            end = self.seasons[season + 1] - 1 if season + 1 < len(self.seasons) else self.last
        else:
            return self.hours
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for n in range(start, end + 1):
            if pattern.match(self.text[n - 1]):
                return n
        return start


def parse(
    raw: object, lines: TomlLines, index: int, label: str, path: Path, today: date,
) -> tuple[Hours | None, list[ContentError]]:
    """Read a stop's ``hours`` table; return the hours (None on errors) and the problems:
    errors for what cannot be read, warnings for overlaps and hours long out of date."""
    where = _Lines(lines, index)
    problems: list[ContentError] = []

    def err(season: int | None, key: str, message: str, severity: str = "error") -> None:
        prefix = f"{label}: hours" + (f", season {season + 1}" if season is not None else "")
        problems.append(ContentError(path, where.line(season, key), f"{prefix}: {message}",
                                     severity))

    if not isinstance(raw, dict):
        err(None, "hours", "must be a table: [stops.hours] with [[stops.hours.seasons]] below")
        return None, problems
    for key, hint in unknown_keys(raw, HOURS_FIELDS):
        err(None, key, f'unknown field "{key}"{hint}')
    checked = raw.get("checked")
    if not isinstance(checked, int) or isinstance(checked, bool) or not 1900 < checked < 3000:
        err(None, "checked", 'needs "checked", the year the hours were published or checked, '
            "e.g. checked = 2025")
        checked = 0
    elif checked > today.year:
        err(None, "checked", f"checked = {checked} is in the future")
    elif today.year - checked >= CHECK_AGAIN_YEARS:
        err(None, "checked", f"these hours were checked in {checked}: check them again and "
            "update checked", "warning")
    phone = raw.get("phone")
    if phone is not None and (not isinstance(phone, str) or not PHONE_RE.fullmatch(phone)):
        err(None, "phone", f'phone {phone!r} must be a number like "+33 3 21 34 21 57"')
        phone = None
    website = raw.get("website")
    if website is not None and (not isinstance(website, str)
                                or not re.match(r"https?://[^\s/]+", website)):
        err(None, "website", "website must start with https:// or http://")
        website = None
    confirm = raw.get("confirm", [])
    if not isinstance(confirm, list) or not all(
        isinstance(u, str) and re.match(r"https?://[^\s/]+", u) for u in confirm
    ):
        err(None, "confirm", 'confirm must list web addresses, e.g. ["https://..."]')
        confirm = []
    closed: list[DayRef] = []
    raw_closed = raw.get("closed", [])
    for value in raw_closed if isinstance(raw_closed, list) else [None]:
        ref = _day(value)
        if ref is None:
            err(None, "closed", f'closed date {value!r} must be "MM-DD" (every year) or a '
                "date like 2026-12-25")
        else:
            closed.append(ref)
    seasons = []
    raw_seasons = raw.get("seasons")
    if not isinstance(raw_seasons, list) or not raw_seasons:
        err(None, "seasons", "needs at least one [[stops.hours.seasons]] table")
        raw_seasons = []
    for n, item in enumerate(raw_seasons):
        season = _season(n, item, err, today)
        if season is not None:
            seasons.append(season)
    _overlaps(seasons, err)
    if any(not p.is_warning for p in problems):
        return None, problems
    assert isinstance(checked, int)
    return Hours(
        seasons=tuple(seasons), checked=checked, phone=phone, website=website,
        confirm=tuple(confirm), closed=tuple(closed),
    ), problems


Err = Callable[..., None]


def _day(value: object) -> DayRef | None:
    if type(value) is date:
        return DayRef(value.month, value.day, value.year)
    if isinstance(value, str) and (m := MONTH_DAY_RE.fullmatch(value.strip())):
        month, day = int(m.group(1)), int(m.group(2))
        try:
            date(2024, month, day)  # a leap year: 02-29 is a day of the year
        except ValueError:
            return None
        return DayRef(month, day)
    return None


def _time(value: object) -> time | None:
    if isinstance(value, str) and (m := TIME_RE.fullmatch(value.strip())):
        return time(int(m.group(1)), int(m.group(2)))
    return None


def _season(n: int, item: object, err: Err, today: date) -> Season | None:
    if not isinstance(item, dict):
        err(n, "from", "must be a table with from, until, open and close")
        return None
    count = 0

    def bad(key: str, message: str) -> None:
        nonlocal count
        count += 1
        err(n, key, message)

    for key, hint in unknown_keys(item, SEASON_FIELDS):
        bad(key, f'unknown field "{key}"{hint}')
    start, end = _day(item.get("from")), _day(item.get("until"))
    for key, ref in (("from", start), ("until", end)):
        if ref is None:
            bad(key, f'"{key}" must be "MM-DD" (every year, e.g. "05-01") or a date like '
                f"2026-05-01, not {item.get(key)!r}")
    if start and end and (start.year is None) != (end.year is None):
        bad("until", '"from" and "until" must both be "MM-DD" or both be dates')
    elif start and end and start.year and end.year and (
        date(end.year, end.month, end.day) < date(start.year, start.month, start.day)
    ):
        bad("until", f"it ends ({end.iso()}) before it starts ({start.iso()})")
    raw_days = item.get("days", list(DAYS))
    if not isinstance(raw_days, list) or not raw_days or not all(d in DAYS for d in raw_days):
        bad("days", f'"days" must list days of the week from {", ".join(DAYS)}, e.g. ["mon"]')
        raw_days = []
    times = {k: _time(item.get(k)) for k in ("open", "close", "last_admission")}
    for key in ("open", "close"):
        if times[key] is None:
            bad(key, f'"{key}" must be a time like "10:00" (24-hour clock), '
                f"not {item.get(key)!r}")
    if item.get("last_admission") is not None and times["last_admission"] is None:
        bad("last_admission", f'"last_admission" must be a time like "17:15", '
            f"not {item.get('last_admission')!r}")
    opens, closes, last = times["open"], times["close"], times["last_admission"]
    if opens and closes and closes <= opens:
        bad("close", f"it closes ({hhmm(closes)}) before it opens ({hhmm(opens)})")
    elif opens and closes and last and not opens <= last <= closes:
        bad("last_admission", f"last admission {hhmm(last)} is outside the opening times "
            f"{hhmm(opens)}–{hhmm(closes)}")
    confirmed = item.get("confirmed", True)
    if not isinstance(confirmed, bool):
        bad("confirmed", '"confirmed" must be true or false')
    if count or not (start and end and opens and closes):
        return None
    if end.year is not None and date(end.year, end.month, end.day) < today:
        err(n, "until", f"this season ended on {end.iso()}: remove it, or write the dates as "
            '"MM-DD" if they hold every year', "warning")
    return Season(start, end, tuple(sorted(DAYS.index(d) for d in set(raw_days))), opens,
                  closes, last, confirmed)


def _overlaps(seasons: list[Season], err: Err) -> None:
    """Two seasons that open on the same day: which times hold is unclear."""
    year = date(2024, 1, 1)  # a leap year, from a Monday: every day of the year and week
    for day in (year + timedelta(days=n) for n in range(366 + 6)):
        covering = [i for i, s in enumerate(seasons)
                    if s.start.year is None and s.covers(day)]
        if len(covering) > 1:
            a, b = covering[:2]
            err(b, "from", f"overlaps season {a + 1} (both open on {day:%d %B}, a "
                f"{SCHEMA_DAYS[day.weekday()]}): say which times hold by splitting the dates")
            return
