"""Chinese pages use the terms of Chinese government task-tracking documents and no English paragraph
references (issue 13, point 9)."""

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tracker.templatetags.display import paragraph_ref

from . import factories

CATALOG = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(
    ("reference", "chinese"),
    [
        ("¶121, item 2", "第121段第2项"),
        ("¶130, measure 1", "第130段第1项措施"),
        ("¶114", "第114段"),
        ("", ""),
    ],
)
def test_paragraph_reference_written_in_chinese_on_chinese_pages(reference, chinese):
    with translation.override("zh-hans"):
        assert paragraph_ref(reference) == chinese
    with translation.override("en"):
        assert paragraph_ref(reference) == reference


def test_catalog_uses_task_tracking_terms():
    translations = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOG)) if e.msgstr and not e.obsolete}

    assert translations["Lead agency"] == "牵头单位"
    assert translations["Supporting agencies"] == "配合单位"
    assert translations["Actions"] == "任务"
    assert translations["Log progress"] == "填报进展情况"
    assert not [msgid for msgid, text in translations.items() if "行动" in text]


@pytest.mark.django_db
def test_action_page_in_chinese_shows_the_paragraph_in_chinese(reviewer_client, statuses):
    action = factories.ActionFactory(code="3.2", source_paragraphs="¶121, item 2")
    reviewer_client.cookies["django_language"] = "zh-hans"

    html = reviewer_client.get(action.get_absolute_url()).content.decode()

    assert "第121段第2项" in html
    assert "item 2" not in html
