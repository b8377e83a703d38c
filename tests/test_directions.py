"""Walking directions to a stop in the phone's map app: plain links, from the previous stop."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def directions(html: str) -> str:
    match = re.search(r'<p class="maps directions">(.*?)</p>', html, re.S)
    assert match, "no directions on the stop page"
    return match.group(1)


def test_each_stop_links_walking_directions_in_three_map_apps(client: FlaskClient) -> None:
    links = directions(client.get("/en/harbour-walk/fort/").text)
    # Android's map app, at the stop
    assert 'href="geo:50.96368,1.8476?q=50.96368,1.8476(The%20Fort)"' in links
    # Apple Maps, walking (dirflg=w) from where the phone is
    assert 'href="https://maps.apple.com/?daddr=50.96368,1.8476&amp;dirflg=w"' in links
    # OpenStreetMap's foot routing from the previous stop, the lighthouse
    assert (
        'href="https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot'
        '&amp;route=50.9643%2C1.8529%3B50.96368%2C1.8476"'
    ) in links
    assert "<script" not in links and "<img" not in links


def test_the_first_stop_leaves_the_start_to_the_map(client: FlaskClient) -> None:
    links = directions(client.get("/fr/harbour-walk/lighthouse/").text)
    assert "route=%3B50.9643%2C1.8529" in links
    assert ">Ouvrir dans votre application de cartes</a>" in links
