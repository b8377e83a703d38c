"""What a guide still has to check on site, gathered for printing with the guide sheet.

- pins that may be off (a stop's ``pin_uncertainty_m``), until surveyed;
- notices that end soon (within :data:`SOON_DAYS`), to confirm or replace;
- facts a guide marked as still to confirm: ``to_confirm = ["..."]`` in a stop's front
  matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph

from .model import Tour

#: a notice whose last day is within this many days is listed
SOON_DAYS = 30


@dataclass(frozen=True)
class Item:
    """One thing to check: at which stop (its number and title), and what."""

    number: int
    title: str
    what: str


@dataclass(frozen=True)
class CheckList:
    pins: tuple[Item, ...]
    notices: tuple[Item, ...]
    facts: tuple[Item, ...]

    def __bool__(self) -> bool:
        return bool(self.pins or self.notices or self.facts)


def check_list(tour: Tour, lang: str, day: date) -> CheckList:
    """Gather what to check on site for ``tour``, its texts in ``lang``, as of ``day``."""
    pins, notices, facts = [], [], []
    for number, stop in enumerate(tour.stops, 1):
        text = stop.texts[lang]
        if stop.pin_uncertainty_m:
            pins.append(Item(number, text.title, str(_(
                "the pin (%(lat).5f, %(lon).5f) may be up to %(metres)d m off",
                lat=stop.lat, lon=stop.lon, metres=round(stop.pin_uncertainty_m)))))
        for notice in stop.texts[lang].notices:
            if notice.end is not None and day <= notice.end <= day + timedelta(days=SOON_DAYS):
                notices.append(Item(number, text.title, str(_(
                    "%(text)s (ends %(day)s)", text=notice.text, day=notice.end.isoformat()))))
        facts += [Item(number, text.title, fact) for fact in text.to_confirm]
    return CheckList(tuple(pins), tuple(notices), tuple(facts))


def flowables(
    tour: Tour, lang: str, day: date, body: ParagraphStyle, label: ParagraphStyle,
    heading: ParagraphStyle,
) -> list[Flowable]:
    """The check list as PDF paragraphs (nothing when there is nothing to check)."""
    found = check_list(tour, lang, day)
    if not found:
        return []
    result: list[Flowable] = []
    for title, items in ((_("Pins to survey"), found.pins),
                         (_("Notices ending soon"), found.notices),
                         (_("Facts to confirm"), found.facts)):
        if items:
            block: list[Flowable] = [] if result else [
                Paragraph(_esc(_("Check on site")), heading)]
            block.append(Paragraph(_esc(title), label))
            block += [Paragraph(_esc(f"[  ] {i.number}. {i.title}: {i.what}"), body)
                      for i in items]
            result.append(KeepTogether(block))
    return result


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
