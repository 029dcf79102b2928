"""Simplified Chinese is first-class: a complete catalog, and pages with no English left in them."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from indicators.models import Series
from tracker.models import Action, Agency, Category, ReasonCode, Status, Strategy
from tracker.services.updates import status_update_create

from . import factories

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# A language menu names each language in that language, so "English" stays English on a Chinese page.
SHOWN_IN_OWN_LANGUAGE = {"English"}
# Names that a Chinese page writes as they are (the method's name; the acronym API, as Chinese software
# writes it), left out before looking for English.
PROPER_NAMES = ["Open SDG", "API"]


def catalog():
    return polib.pofile(str(CATALOG))


def test_catalog_has_no_untranslated_or_fuzzy_entry():
    po = catalog()
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalog_matches_the_source():
    po = catalog()
    mo = polib.mofile(str(CATALOG.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in po.translated_entries()}
    assert compiled == source, "run: .venv/bin/python manage.py compilemessages --ignore=.venv"


def english_phrases():
    """The literal parts of every interface string, longest first, that are worth looking for on a page."""
    phrases = set()
    for entry in catalog().translated_entries():
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>", msgid):
                part = part.strip(" .,:;()“”\"'—-–·/\n")
                if len(part) >= 3 and re.search(r"[A-Za-z]{3}", part) and part not in SHOWN_IN_OWN_LANGUAGE:
                    phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


def visible_text(response):
    page = response.content.decode()
    page = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", page)
    attributes = " ".join(re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', page))
    text = html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return text


def english_left(text, phrases):
    return [p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)]


@pytest.fixture
def tracker_data(report):
    official = factories.official(Agency.objects.get(code="LNDOC"), username="official", first_name="Wei")
    action = Action.objects.get(code="2.1")
    status_update_create(
        action=action,
        status=Status.objects.get(code="delayed"),
        progress=20,
        reported_on=timezone.localdate(),
        narrative="目录已经研究完毕。",
        author=official,
        agency=official.memberships.get().agency,
        reason=ReasonCode.objects.get(code="coordination"),
        reason_text="需要与发展改革委协调。",
    )
    administrator = factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    return {"official": official, "administrator": administrator, "action": action}


PAGES = [
    ("official", "tracker:strategy-detail", ["ta9036"]),
    ("official", "tracker:action-list", ["ta9036"]),
    ("official", "tracker:all-actions", []),
    ("official", "tracker:action-detail", ["ta9036", "2.1"]),
    ("official", "tracker:category-list", ["ta9036"]),
    ("official", "tracker:category-detail", ["ta9036", "2"]),
    ("official", "indicators:series-list", []),
    ("official", "indicators:series-detail", ["LN-FDI"]),
    ("official", "tracker:my-actions", []),
    ("official", "tracker:status-update-create", ["ta9036", "2.1"]),
    ("official", "password_change", []),
    ("official", "api-tokens", []),
    ("administrator", "tracker:data-quality", []),
    (None, "login", []),
]


@pytest.mark.parametrize(("who", "name", "args"), PAGES)
def test_page_in_chinese_has_no_english_interface_text(client, tracker_data, who, name, args):
    if who:
        client.force_login(tracker_data[who])
    url = reverse(name, args=args)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english.status_code == chinese.status_code == 200
    phrases = english_left(visible_text(english), english_phrases())
    assert phrases, "the English page should show interface text from the catalog"
    assert english_left(visible_text(chinese), phrases) == []
    assert '<html lang="zh-hans">' in chinese.content.decode()


def test_chinese_page_shows_chinese_content(client, tracker_data):
    client.force_login(tracker_data["official"])
    url = reverse("tracker:action-detail", args=["ta9036", "2.1"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    action = tracker_data["action"]
    text = html.unescape(page.content.decode())
    assert action.title_zh_hans in text
    assert action.title_en not in text


def test_content_falls_back_to_the_other_language(client, tracker_data):
    Action.objects.filter(code="2.1").update(title_zh_hans="")
    client.force_login(tracker_data["official"])
    url = reverse("tracker:action-detail", args=["ta9036", "2.1"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert tracker_data["action"].title_en in html.unescape(page.content.decode())


def test_report_data_has_chinese_for_every_translated_field(report):
    missing = [
        f"{model.__name__} {obj.pk} {field}"
        for model, fields in [
            (Strategy, ["title", "short_title", "publisher", "description"]),
            (Category, ["name", "description"]),
            (Agency, ["name"]),
            (Action, ["title", "description"]),
            (Status, ["name", "definition"]),
            (ReasonCode, ["name"]),
            (Series, ["name", "unit", "geography"]),
        ]
        for obj in model.objects.all()
        for field in fields
        if not getattr(obj, f"{field}_zh_hans")
    ]
    assert missing == []
    assert Agency.objects.get(code="LPDF").name_zh_hans == "辽宁省财政厅"
