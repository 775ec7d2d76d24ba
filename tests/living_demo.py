"""The living demo for tests: the Partheland carried on to a fixed day. Building it
issues five status reports, and rendering their five formats each is most of its
time; the data are the same in every build for the same day, so each rendering is
kept for the rest of the test session."""

import contextlib
import datetime
import hashlib
import json

from ikz.reports.exporters import EXPORTERS
from ikz.sample.demo import load_demo

# A Monday: the cockpit's "normal week".
LIVING_TODAY = datetime.date(2026, 12, 7)

_RENDERED: dict[tuple[str, str], bytes] = {}


@contextlib.contextmanager
def renderings_kept():
    """Each exporter renders a report's data once per session."""
    originals = {identifier: exporter.render for identifier, exporter in EXPORTERS.items()}

    def kept(identifier, render):
        def render_once(report):
            data = json.dumps(report.as_json(), sort_keys=True, default=str)
            key = (identifier, hashlib.sha256(data.encode()).hexdigest())
            if key not in _RENDERED:
                _RENDERED[key] = render(report)
            return _RENDERED[key]

        return render_once

    for identifier, exporter in EXPORTERS.items():
        exporter.render = kept(identifier, originals[identifier])
    try:
        yield
    finally:
        for identifier, exporter in EXPORTERS.items():
            exporter.render = originals[identifier]


def build_living_demo(today: datetime.date = LIVING_TODAY):
    with renderings_kept():
        return load_demo(today=today)
