"""Opening hours on the pages: the status line, the JSON that hours.js reads, the timetable.

The line a page is rendered with is the day's status (pages are kept per day, see
``snapshot``): "Open today 10:00–18:00" or "Closed today: reopens on 1 February", with the
date it was rendered. static/js/hours.js replaces it with the status at the visitor's
minute, from :func:`hours_data`, in the same words.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from babel import Locale
from babel.dates import format_skeleton
from flask import Blueprint
from flask import current_app
from flask import g
from flask_babel import gettext

from . import hours as opening_hours
from .hours import Hours
from .hours import Season
from .model import Stop
from .model import Tour
from .site import today

bp = Blueprint("hours", __name__)


def _(text: str, **values: object) -> str:
    return str(gettext(text, **values))


def day_month(day: date) -> str:
    """"1 February" in the page's language, as the browser's Intl writes it."""
    # the site's English is British: "1 February"
    return str(format_skeleton("MMMMd", day, locale="en_GB" if g.lang == "en" else g.lang))


def messages() -> dict[str, str]:
    """The status line's words in the page's language, with {placeholders} for hours.js."""
    return {
        "open": _("Open today %(open)s–%(close)s", open="{open}", close="{close}"),
        "openLast": _("Open today %(open)s–%(close)s, last admission %(last)s",
                      open="{open}", close="{close}", last="{last}"),
        "closing": _("Closes in %(minutes)s min", minutes="{minutes}"),
        "closedNow": _("Closed now: reopens on %(date)s at %(time)s", date="{date}",
                       time="{time}"),
        "closedToday": _("Closed today: reopens on %(date)s", date="{date}"),
        "closed": _("Closed today"),
    }


def status_text(status: opening_hours.Status) -> str:
    """The status line, as hours.js's statusText writes it."""
    s = status.season
    if status.kind == "open" and s is not None:
        values = {"open": opening_hours.hhmm(s.open), "close": opening_hours.hhmm(s.close)}
        if s.last_admission:
            return _("Open today %(open)s–%(close)s, last admission %(last)s",
                     last=opening_hours.hhmm(s.last_admission), **values)
        return _("Open today %(open)s–%(close)s", **values)
    if status.kind == "closing":
        return _("Closes in %(minutes)s min", minutes=status.minutes)
    if status.reopens is None:
        return _("Closed today")
    if status.kind == "closed_now" and status.reopens_at:
        return _("Closed now: reopens on %(date)s at %(time)s", date=day_month(status.reopens),
                 time=opening_hours.hhmm(status.reopens_at))
    return _("Closed today: reopens on %(date)s", date=day_month(status.reopens))


def hours_today(stop: Stop) -> dict[str, str] | None:
    """The day's status line of a stop (None when it has no hours), for pages without
    JavaScript: computed for the whole day, with the date it holds for."""
    if stop.hours is None:
        return None
    day = today()
    status = opening_hours.status(stop.hours, datetime.combine(day, time(0, 0)))
    return {
        "kind": status.kind,
        "text": status_text(status),
        "rendered": _("(on %(date)s)", date=day_month(day)),
    }


def hours_data(tour: Tour) -> dict[str, Any] | None:
    """What hours.js needs: each stop's hours, the town's time zone and the words."""
    stops = {s.slug: opening_hours.as_json(s.hours) for s in tour.stops if s.hours}
    if not stops:
        return None
    return {"tz": current_app.config["TIMEZONE"], "stops": stops, "msg": messages()}


def _days(season: Season) -> str:
    names = Locale.parse(g.lang).days["format"]["wide"]
    if len(season.days) == 7:
        return _("every day")
    missing = [d for d in range(7) if d not in season.days]
    if len(missing) == 1:
        return _("closed on %(day)s", day=names[missing[0]])
    return ", ".join(names[d] for d in season.days)


def timetable(hours: Hours) -> list[dict[str, str]]:
    """The hours as rows for the guide sheet: dates, days, times, and whether confirmed."""
    rows = []
    for s in hours.seasons:
        start = date(s.start.year or 2024, s.start.month, s.start.day)
        end = date(s.end.year or 2024, s.end.month, s.end.day)
        times = f"{opening_hours.hhmm(s.open)}–{opening_hours.hhmm(s.close)}"
        if s.last_admission:
            times += " · " + _("last admission %(time)s", time=opening_hours.hhmm(s.last_admission))
        rows.append({
            "dates": f"{day_month(start)} – {day_month(end)}"
            + (f" {s.end.year}" if s.end.year else ""),
            "days": _days(s),
            "times": times,
            "note": "" if s.confirmed else _("not confirmed for %(year)d", year=hours.checked),
        })
    return rows


@bp.app_context_processor
def _context() -> dict[str, Any]:
    return {
        "hours_today": hours_today,
        "hours_data": hours_data,
        "hours_timetable": timetable,
        "tel_href": opening_hours.tel_href,
    }
