"""Several strategies side by side: two whose category and action codes overlap never touch each other's rows,
pages, filters and exports; an official's My actions spans both; old addresses still lead somewhere."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tracker.models import Action, ActionSeries, ActionSupport, Agency, Category, Strategy

from . import conftest, factories
from .test_export import csv_rows

# A small second strategy made for the tests (not shipped): its category 1 and actions 1.1 and 2.5 have the
# report's codes, and it names agency DALIAN differently.
PLAN_B = conftest.PLAN_B

pytestmark = pytest.mark.django_db


def load(folder=None, **options):
    out = io.StringIO()
    call_command("load_report", *([str(folder)] if folder else []), stdout=out, **options)
    return out.getvalue()


def rows_of(strategy_code):
    """Everything a load could change about one strategy, its history included."""
    categories = Category.objects.filter(strategy__code=strategy_code)
    actions = Action.objects.filter(strategy__code=strategy_code)
    return {
        "categories": list(categories.values()),
        "actions": list(actions.values()),
        "supports": list(ActionSupport.objects.filter(action__in=actions).values_list("action", "agency")),
        "series": list(ActionSeries.objects.filter(action__in=actions).values()),
        "history": (
            Category.history.filter(id__in=categories.values("pk")).count(),
            Action.history.filter(id__in=actions.values("pk")).count(),
        ),
    }


@pytest.fixture
def both(report_and_plan_b):
    """The shipped report (ta9036), then plan B beside it."""
    return Strategy.objects.get(code="ta9036"), Strategy.objects.get(code="plan-b")


# Loading


def test_loading_a_second_strategy_never_touches_the_first(db):
    load(verbosity=0)
    before = rows_of("ta9036")
    dalian = Agency.objects.get(code="DALIAN").name_en

    output = load(PLAN_B)

    assert rows_of("ta9036") == before
    plan_b = Strategy.objects.get(code="plan-b")
    assert list(plan_b.categories.values_list("code", "name_en")) == [
        ("1", "Port Integration"),
        ("2", "Logistics"),
    ]
    assert list(plan_b.actions.values_list("code", "category__strategy__code")) == [
        ("1.1", "plan-b"),
        ("2.5", "plan-b"),
    ]
    assert Category.objects.filter(code="1").count() == Action.objects.filter(code="2.5").count() == 2
    # Agencies are shared: plan B's other name for DALIAN does not overwrite the one loaded first.
    assert Agency.objects.get(code="DALIAN").name_en == dalian
    assert "agencies.csv: 1 new, kept 1 row that differs from the file" in output


def test_loading_the_first_again_after_the_second_changes_nothing(both):
    before = {code: rows_of(code) for code in ("ta9036", "plan-b")}

    output = load()

    assert {code: rows_of(code) for code in ("ta9036", "plan-b")} == before
    assert "actions.csv: 33 unchanged" in output
    assert "Kept" not in output


def test_loading_the_second_alone_into_an_empty_database(db):
    load(PLAN_B, verbosity=0)

    assert list(Strategy.objects.values_list("code", flat=True)) == ["plan-b"]
    assert Action.objects.get(code="2.5").series_links.get().series.code == "PLANB-FREIGHT"


def test_strategy_folder_needs_its_strategy_file(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    for name in ("categories.csv", "actions.csv"):
        (folder / name).write_text((PLAN_B / name).read_text(encoding="utf-8"), encoding="utf-8")

    with pytest.raises(Exception, match="strategy.csv is missing"):
        load(folder)

    assert not Category.objects.exists()


def test_strategy_file_holds_one_strategy(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    for name in ("strategy.csv", "categories.csv", "actions.csv"):
        (folder / name).write_text((PLAN_B / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (folder / "strategy.csv").open("a", encoding="utf-8") as file:
        file.write("plan-c,Plan C,丙,C,丙,,,,,,,,\n")

    with pytest.raises(Exception, match="strategy.csv must hold one strategy, in one row; it has 2"):
        load(folder)

    assert not Strategy.objects.exists()


def test_rows_naming_another_strategy_are_refused(tmp_path, both):
    folder = tmp_path / "plan"
    folder.mkdir()
    for name in ("strategy.csv", "categories.csv", "actions.csv"):
        (folder / name).write_text((PLAN_B / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "categories.csv").write_text(
        "strategy,code,name_en,name_zh_hans,description_en,description_zh_hans,source\n"
        "ta9036,1,Renamed,改名,,,\n",
        encoding="utf-8",
    )
    before = rows_of("ta9036")

    with pytest.raises(
        Exception, match="categories.csv, row 1, column strategy: This import is for strategy"
    ):
        load(folder)

    assert rows_of("ta9036") == before


# Pages, filters and exports


def test_overview_lists_each_strategy_with_its_figures(reviewer_client, both, statuses):
    report, plan_b = both
    factories.status_update(Action.objects.get(strategy=plan_b, code="1.1"), statuses["completed"])

    response = reviewer_client.get(reverse("tracker:home"))

    figures = {row.subject.code: row for row in response.context["strategies"]}
    assert (figures["ta9036"].total, figures["ta9036"].achieved, figures["ta9036"].average_progress) == (
        33,
        0,
        None,  # nothing reported yet: no average, rather than 0%
    )
    assert (figures["plan-b"].total, figures["plan-b"].achieved, figures["plan-b"].average_progress) == (
        2,
        1,
        100,  # 1.1 completed; 1.2 not reported yet, counted apart
    )
    content = response.content.decode()
    assert 'href="/s/plan-b/">Port and logistics plan (test data)</a>' in content
    assert "Asian Development Bank · published December 2017" in content
    assert "Test publisher · published March 2021 · covers 2021–2025" in content


def test_home_opens_on_the_only_strategy(reviewer_client, report):

    response = reviewer_client.get(reverse("tracker:home"))

    assert (response.status_code, response.url) == (302, "/s/ta9036/")


def test_home_without_strategies_says_how_to_load_one(reviewer_client, db):
    response = reviewer_client.get(reverse("tracker:home"))

    assert "No strategy has been loaded yet." in response.content.decode()


def test_dashboard_counts_only_its_strategy(reviewer_client, both):
    response = reviewer_client.get(reverse("tracker:strategy-detail", args=["plan-b"]))

    assert response.context["overall"].total == 2
    assert [figures.subject.name_en for figures in response.context["categories"]] == [
        "Port Integration",
        "Logistics",
    ]
    content = response.content.decode()
    assert "<title>Dashboard · Plan B · Policy Tracker</title>" in content
    assert 'href="/s/plan-b/actions/?category=1"' in content
    assert "Economic Structure" not in content


def test_action_list_filters_and_export_keep_to_their_strategy(reviewer_client, both):
    listed = reviewer_client.get(reverse("tracker:action-list", args=["plan-b"]), {"category": "1"})
    everything = reviewer_client.get(reverse("tracker:action-list", args=["ta9036"]), {"per_page": 100})
    export = reviewer_client.get(reverse("tracker:action-export", args=["plan-b", "csv"]))

    assert [row.record.pk for row in listed.context["table"].paginated_rows] == [
        Action.objects.get(strategy__code="plan-b", code="1.1").pk
    ]
    assert {row.record.strategy.code for row in everything.context["table"].paginated_rows} == {"ta9036"}
    assert "Merge the Dalian and Yingkou" not in everything.content.decode()
    assert [(row[0], row[1]) for row in csv_rows(export)[1:]] == [("plan-b", "1.1"), ("plan-b", "2.5")]
    today = timezone.localdate()
    assert export["Content-Disposition"] == f'attachment; filename="plan-b-actions-{today:%Y-%m-%d}.csv"'


def test_category_filter_offers_only_the_strategys_categories(reviewer_client, both):
    response = reviewer_client.get(reverse("tracker:action-list", args=["plan-b"]))

    choices = [label for _value, label in response.context["filter"].form.fields["category"].choices]
    assert [str(label) for label in choices] == ["1. Port Integration", "2. Logistics"]
    assert "strategy" not in response.context["filter"].form.fields  # the page's own


def test_all_actions_list_spans_strategies_and_filters_by_strategy(reviewer_client, both):
    everything = reviewer_client.get(reverse("tracker:all-actions"), {"per_page": 100})
    plan_b = reviewer_client.get(reverse("tracker:all-actions"), {"strategy": "plan-b", "category": "2"})
    export = reviewer_client.get(reverse("tracker:all-actions-export", args=["csv"]), {"strategy": "plan-b"})

    assert everything.context["table"].paginator.count == 35
    assert 'title="Port and logistics plan (test data)">Plan B</span>' in everything.content.decode()
    assert [
        (row.record.strategy.code, row.record.code) for row in plan_b.context["table"].paginated_rows
    ] == [("plan-b", "2.5")]
    assert [row[:2] for row in csv_rows(export)] == [
        ["Strategy", "Code"],
        ["plan-b", "1.1"],
        ["plan-b", "2.5"],
    ]
    today = timezone.localdate()
    assert export["Content-Disposition"] == f'attachment; filename="actions-{today:%Y-%m-%d}.csv"'


def test_all_actions_category_filter_needs_one_strategy(reviewer_client, both):
    response = reviewer_client.get(reverse("tracker:all-actions"), {"category": "1"})

    assert response.context["filter"].category_strategy is None
    assert "Choose one strategy to filter by its categories." in response.content.decode()
    assert "Some filters are not valid and were ignored." in response.content.decode()


def test_action_and_category_pages_name_their_strategy(reviewer_client, both):
    action = reviewer_client.get(reverse("tracker:action-detail", args=["plan-b", "2.5"]))
    category = reviewer_client.get(reverse("tracker:category-detail", args=["plan-b", "1"]))

    assert action.context["action"].title_en == "Open a rail freight link to the hinterland"
    content = action.content.decode()
    assert (
        "<title>2.5 Open a rail freight link to the hinterland · Plan B · Policy Tracker</title>" in content
    )
    assert '<a href="/">Strategies</a>' in content
    assert 'href="/s/plan-b/" title="Port and logistics plan (test data)">Plan B</a>' in content
    assert 'href="/s/plan-b/categories/2/">2. Logistics</a>' in content
    assert [row.record.code for row in category.context["table"].paginated_rows] == ["1.1"]


def test_my_actions_lists_both_strategies_actions_labelled(client, both, officials_group):
    official = factories.official(Agency.objects.get(code="DALIAN"), username="dalian")
    client.force_login(official)

    response = client.get(reverse("tracker:my-actions"))

    listed = [action for _key, _h, _d, group in response.context["sections"] for action in group.rows]
    assert {(action.strategy.code, action.code) for action in listed} >= {
        ("plan-b", "1.1"),
        ("plan-b", "2.5"),
        ("ta9036", "1.4"),
    }
    content = response.content.decode()
    assert 'title="Port and logistics plan (test data)">Plan B</span>' in content
    assert 'href="/s/plan-b/actions/2.5/log/"' in content and 'href="/s/ta9036/actions/1.4/log/"' in content


def test_official_logs_progress_on_the_action_of_the_strategy_in_the_address(client, both, statuses):
    official = factories.official(Agency.objects.get(code="PLANB-OFFICE"), username="planb")
    client.force_login(official)
    data = {
        "status": statuses["in-progress"].pk,
        "progress": "30",
        "reported_on": timezone.localdate().isoformat(),
        "narrative": "Timetable agreed.",
    }

    refused = client.post(reverse("tracker:status-update-create", args=["ta9036", "2.5"]), data)
    logged = client.post(reverse("tracker:status-update-create", args=["plan-b", "2.5"]), data)

    assert (refused.status_code, logged.status_code) == (403, 302)
    assert list(Action.objects.filter(code="2.5").values_list("strategy__code", "progress")) == [
        ("plan-b", 30),
        ("ta9036", 0),
    ]


# Addresses from before strategies


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/actions/3.1/", "/s/ta9036/actions/3.1/"),
        ("/actions/3.1/log/?corrects=4", "/s/ta9036/actions/3.1/log/?corrects=4"),
        ("/categories/7/", "/s/ta9036/categories/7/"),
    ],
)
def test_old_address_moved_permanently_when_one_strategy_has_the_code(reviewer_client, both, old, new):
    response = reviewer_client.get(old)

    assert (response.status_code, response["Location"]) == (301, new)


@pytest.mark.parametrize(
    "old", ["/actions/2.5/", "/actions/1.1/log/", "/categories/1/", "/categories/", "/actions/9.9/"]
)
def test_old_address_not_found_when_no_or_several_strategies_have_the_code(reviewer_client, both, old):
    assert reviewer_client.get(old).status_code == 404


def test_old_category_list_moves_to_the_only_strategys(reviewer_client, report):

    response = reviewer_client.get("/categories/")

    assert (response.status_code, response["Location"]) == (301, "/s/ta9036/categories/")


def test_old_address_asks_anonymous_visitors_to_sign_in(client, both):
    response = client.get("/actions/3.1/")

    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/actions/3.1/")


# An action's strategy is its category's


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


def action_add_data(category, lead, code="9.1"):
    return {
        "category": category.pk, "code": code, "title_en": "New action", "title_zh_hans": "",
        "description_en": "", "description_zh_hans": "", "source_paragraphs": "", "lead_agency": lead.pk,
        "responsibility_basis": "named", "start_date": "", "due_date": "",
        "supports-TOTAL_FORMS": "0", "supports-INITIAL_FORMS": "0",
        "series_links-TOTAL_FORMS": "0", "series_links-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0", "updates-INITIAL_FORMS": "0",
    }  # fmt: skip


def test_admin_action_takes_its_categorys_strategy(admin_client_, both):
    report, plan_b = both
    category = plan_b.categories.get(code="2")
    lead = Agency.objects.get(code="DALIAN")

    page = admin_client_.get(reverse("admin:tracker_action_add"))
    response = admin_client_.post(reverse("admin:tracker_action_add"), action_add_data(category, lead))

    assert "Plan B · 2. Logistics" in page.content.decode()  # categories named with their strategy
    assert response.status_code == 302
    assert Action.objects.get(code="9.1").strategy == plan_b


def test_admin_refuses_an_action_code_taken_in_the_strategy(admin_client_, both):
    report, plan_b = both
    lead = Agency.objects.get(code="DALIAN")

    taken = admin_client_.post(
        reverse("admin:tracker_action_add"),
        action_add_data(plan_b.categories.get(code="1"), lead, code="2.5"),
    )

    assert taken.status_code == 200
    assert taken.context["adminform"].form.errors["code"] == [
        "The strategy “Plan B” already has an action 2.5."
    ]
    assert Action.objects.filter(code="2.5").count() == 2


def test_action_moved_to_another_strategys_category_moves_with_it(both):
    report, plan_b = both
    action = Action.objects.get(strategy=report, code="7.4")

    action.category = plan_b.categories.get(code="2")
    action.full_clean()
    action.save()

    assert Action.objects.get(pk=action.pk).strategy == plan_b


def test_category_with_actions_cannot_move_to_another_strategy(both):
    report, plan_b = both
    category = report.categories.get(code="7")
    category.strategy = plan_b
    category.code = "7"

    with pytest.raises(Exception, match="This category has actions, so it cannot move to another strategy."):
        category.full_clean()


def test_import_resolves_categories_within_the_rows_strategy(both):
    from tracker.resources import ActionResource

    dataset = ActionResource().export(Action.objects.filter(strategy__code="plan-b", code="1.1"))
    assert dataset.headers[:3] == ["strategy", "code", "category"]
    assert dataset[0][:3] == ("plan-b", "1.1", "1")
    rows = [list(row) for row in dataset]
    rows[0][1] = "1.9"
    dataset = type(dataset)(*rows, headers=dataset.headers)

    result = ActionResource().import_data(dataset)

    assert not result.has_errors() and not result.has_validation_errors()
    added = Action.objects.get(code="1.9")
    assert (added.strategy.code, added.category.strategy.code, added.category.name_en) == (
        "plan-b",
        "plan-b",
        "Port Integration",
    )


@pytest.mark.parametrize(
    ("text", "choice", "outcome"),
    [
        (
            "code,name_en,name_zh_hans,description_en,description_zh_hans,source\n3,Finance,金融,,,§3\n",
            "plan-b",
            "plan-b",
        ),
        (
            "strategy,code,name_en,name_zh_hans,description_en,description_zh_hans,source\n"
            "plan-b,3,Finance,金融,,,§3\n",
            "",
            "plan-b",
        ),
        (
            "strategy,code,name_en,name_zh_hans,description_en,description_zh_hans,source\n"
            "ta9036,3,Finance,金融,,,§3\n",
            "plan-b",
            "Row 1, column strategy: This import is for strategy plan-b, not ta9036.",
        ),
        (
            "code,name_en,name_zh_hans,description_en,description_zh_hans,source\n3,Finance,金融,,,§3\n",
            "",
            "Row 1, column strategy: Name the strategy: fill in this column, or choose the strategy on the "
            "import form.",
        ),
    ],
    ids=["choice on the form", "strategy column", "row naming another", "neither"],
)
def test_admin_import_takes_the_strategy_from_the_form_or_the_column(
    admin_client_, both, text, choice, outcome
):
    from .test_admin import admin_import

    page, done = admin_import(admin_client_, "admin:tracker_category_import", text, strategy=choice)

    if outcome.startswith("Row"):
        assert done is None
        assert outcome in page.content.decode()
        assert not Category.objects.filter(code="3", name_en="Finance").exists()
    else:
        assert done.status_code == 302
        assert Category.objects.get(name_en="Finance").strategy.code == outcome
        assert Category.objects.get(strategy__code="ta9036", code="3").name_en != "Finance"
