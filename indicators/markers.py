"""Dated markers drawn on indicator charts, supplied by the apps that know about them.

The indicators app knows nothing of actions or strategies (it must not import the tracker). The tracker
registers a source in its AppConfig.ready(): a callable taking the series and the code of the action the
chart is drawn for (or None, on the series' own page), and returning (events, milestones), two lists of
indicators.charts.Marker: the status updates of the linked actions, and dates such as a strategy's
publication.
"""

_sources = []


def register(source):
    if source not in _sources:
        _sources.append(source)
    return source


def markers_for(series, action_code: str | None = None) -> tuple[list, list]:
    events, milestones = [], []
    for source in _sources:
        more_events, more_milestones = source(series, action_code)
        events += more_events
        milestones += more_milestones
    return events, milestones
