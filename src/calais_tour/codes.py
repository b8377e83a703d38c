"""The "number on the sign" box, forgiving: what a visitor types becomes a stop's code.

" 2 ", "Stop 2", "#2", "étape 2", a full-width "２" and an Arabic-Indic "٢" all find stop 2.
When nothing matches, the page repeats what was typed and lists the stops with their numbers.
static/js/code.js does the same in the browser, for a static copy and offline.
"""

from __future__ import annotations

import re
import unicodedata

from flask import Response
from flask import current_app
from flask import render_template
from flask_babel import force_locale

from .i18n import preferred_language
from .model import Catalog

#: the most of what was typed that the answer repeats
MAX_ECHO = 40


def plain(text: str) -> str:
    """Fold what was typed: width, case and every script's digits to ASCII."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in folded
    ).strip()


def candidates(text: str) -> list[str]:
    """What the visitor may have meant, best first: the whole, then its words, digits last."""
    whole = plain(text)
    words = re.findall(r"[a-z0-9]+", whole)
    numbers = [w for w in words if w.isdigit()]
    return [c for c in [whole, *numbers[::-1], *words[::-1]] if c]


def find(catalog: Catalog, text: str) -> str | None:
    """The printed code of the stop meant by ``text``, or None."""
    for candidate in candidates(text[:200]):
        found = catalog.by_code(candidate)
        if found is not None:
            return found[1].code
        if candidate.isdigit():  # "02" is stop 2
            found = catalog.by_code(str(int(candidate)))
            if found is not None:
                return found[1].code
    return None


def unknown(catalog: Catalog, typed: str) -> Response:
    """A 404 page that repeats what was typed and lists the stops with their numbers."""
    lang = preferred_language(current_app.config["LANGUAGES"])
    echo = typed.strip()[:MAX_ECHO]
    with force_locale(lang):
        html = render_template(
            "code_unknown.html", lang=lang, typed=echo,
            tours=[t for t in catalog.tours if lang in t.languages] or list(catalog.tours),
        )
    return Response(html, 404, mimetype="text/html")
