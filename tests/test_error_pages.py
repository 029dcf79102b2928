"""Error pages look like the rest of the tracker and speak the reader's language."""

import pytest
from django.test import override_settings

from . import factories


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_forbidden_page_explains_and_keeps_navigation(client, other_official, action):
    client.force_login(other_official)
    response = client.get(factories.log_url(action))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You may not do this" in html and 'href="/s/plan-a/actions/"' in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_not_found_page_in_chinese(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/actions/99.99/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert "此页面不存在" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in html
