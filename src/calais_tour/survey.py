"""The survey tool for pins (blueprint "survey"): a page a guide opens on site.

It averages the phone's GPS fixes for a chosen number of seconds and shows the position to
5 decimals, its spread, a suggested arrival radius, the distance to each stop's current pin
and the lines to paste into tour.toml. All of it happens in the page (static/js/survey.js);
the server only sends the stops as they are now.
"""

from __future__ import annotations

from flask import Blueprint
from flask import g
from flask import render_template

from .site import get_tour
from .views import walk_data

bp = Blueprint("survey", __name__)


@bp.get("/<lang:lang>/<tour_slug>/survey/")
def page(tour_slug: str) -> str:
    """The survey page for a tour's stops."""
    tour = get_tour(tour_slug)
    return render_template("survey.html", tour=tour, text=tour.texts[g.lang], data=walk_data(tour))
