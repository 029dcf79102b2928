"""The spreadsheet format: all-or-nothing imports, idempotent loads, exports that read back unchanged."""

import csv
import datetime
import io

import pytest
import tablib

from indicators.models import Observation, Series, Target
from tracker.models import Action, ActionSeries, ActionSupport, Agency, Category, ReasonCode, Status, Strategy
from tracker.services.imports import DATA_FILES, ImportFailed, folder_import

FILES = {
    "strategy.csv": [
        "code,title_en,title_zh_hans,short_title_en,short_title_zh_hans,publisher_en,publisher_zh_hans,"
        "published_on,period_start,period_end,source_document,description_en,description_zh_hans",
        "plan-a,Plan A,甲计划,A,甲,Province,省政府,2017-12-01,2018,2022,Plan A (2017),The first plan.,"
        "第一个计划。",
    ],
    "statuses.csv": [
        "code,name_en,name_zh_hans,definition_en,definition_zh_hans,outcome,min_progress,default_progress,"
        "max_progress,colour,icon,needs_reason,order",
        "not-started,Not started,未启动,No work yet.,尚未开展工作。,open,0,0,0,grey,circle,0,10",
        "delayed,Delayed,延迟,Behind plan.,落后于计划。,open,0,50,99,amber,warning,1,30",
    ],
    "reasons.csv": [
        "code,name_en,name_zh_hans,description_en,description_zh_hans,order",
        "funding,Funding,资金,Money is short.,资金不足。,10",
    ],
    "categories.csv": [
        "code,name_en,name_zh_hans,description_en,description_zh_hans,source",
        '1,Economic Structure,经济结构,"Rebalance the economy, slowly.",调整经济结构。,¶112',
        "2,Port Management,港口管理,Ports.,港口。,¶112",
    ],
    "agencies.csv": [
        "code,name_en,name_zh_hans,short_name_en,short_name_zh_hans,level,parent",
        "LPDF,Liaoning Provincial Department of Finance,辽宁省财政厅,LPDF,省财政厅,provincial,LNPG",
        "LNPG,Liaoning Provincial Government,辽宁省人民政府,Liaoning,辽宁省,provincial,",
        "DALIAN,Dalian Municipal Government,大连市人民政府,Dalian,大连市,municipal,",
    ],
    "series.csv": [
        "code,name_en,name_zh_hans,unit_en,unit_zh_hans,geography_en,geography_zh_hans,frequency,direction,source,"
        "notes_en,notes_zh_hans,baseline_period,baseline_value,baseline_source,comparison",
        "LN-GROWTH,Real GDP growth,实际GDP增长率,%,%,Liaoning,辽宁,annual,up,¶29,,,2014,2.80,¶28,CN-GROWTH",
        "CN-GROWTH,Real GDP growth,实际GDP增长率,%,%,China,中国,annual,none,¶30,,,,,,",
        "LN-CAPACITY,Capacity utilisation,产能利用率,%,%,Liaoning,辽宁,annual,range,¶53,=SUM(A1),,,,,",
    ],
    "targets.csv": [
        "series,period,value,low,high,source,note",
        "LN-CAPACITY,,,80,85,¶53,a reasonable level",
        "LN-GROWTH,2020,6.5,,,¶30,",
        "LN-GROWTH,2021-2025,7,,,¶31,average",
    ],
    "observations.csv": [
        "series,period,value,source_ref,note",
        "LN-GROWTH,2015,3.0,¶29,",
        "LN-GROWTH,2016,-2.5,¶29,first fall",
        "CN-GROWTH,2008-2014,12.50,¶30,average",
    ],
    "actions.csv": [
        "code,category,title_en,title_zh_hans,description_en,description_zh_hans,source_paragraphs,start_date,"
        "due_date,lead_agency,supporting_agencies,responsibility_basis",
        "1.1,1,Export services,出口服务,Shenyang exports.,沈阳出口。,¶113,,,LPDF,DALIAN;LNPG,named",
        "2.1,2,Clean ports,清洁港口,Regulate.,管控。,¶129,2018-01-01,2020-12-31,DALIAN,,assigned",
    ],
    "action_series.csv": [
        "action,series,expected_effect_en,expected_effect_zh_hans",
        "1.1,LN-GROWTH,Growth should rise.,增长率应上升。",
        "2.1,LN-CAPACITY,Stay in range.,保持在区间内。",
    ],
}
MODELS = [
    Strategy,
    Status,
    ReasonCode,
    Category,
    Agency,
    Series,
    Target,
    Observation,
    Action,
    ActionSupport,
    ActionSeries,
]


def write_folder(folder, files=FILES, **replace):
    folder.mkdir(exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("\n".join(replace.get(name, lines)) + "\n", encoding="utf-8")
    return folder


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def export_all():
    return {filename: resource_class().export().csv for filename, resource_class in DATA_FILES}


@pytest.mark.django_db
def test_folder_import_loads_every_file(tmp_path):
    folder_import(folder=write_folder(tmp_path / "data"))
    assert counts() == {
        "Strategy": 1, "Status": 2, "ReasonCode": 1, "Category": 2, "Agency": 3, "Series": 3, "Target": 3,
        "Observation": 3, "Action": 2, "ActionSupport": 2, "ActionSeries": 2,
    }  # fmt: skip
    strategy = Strategy.objects.get()
    assert (strategy.code, strategy.title_zh_hans, strategy.published_on, strategy.period) == (
        "plan-a",
        "甲计划",
        datetime.date(2017, 12, 1),
        "2018–2022",
    )
    assert {action.strategy for action in Action.objects.all()} == {strategy}
    growth = Series.objects.get(code="LN-GROWTH")
    assert [(t.period, t.figure, t.source) for t in growth.targets.all()] == [
        ("2020", "6.5", "¶30"),
        ("2021-2025", "7", "¶31"),
    ]
    assert (growth.baseline_period, str(growth.baseline_value.normalize()), growth.baseline_source) == (
        "2014",
        "2.8",
        "¶28",
    )
    # The loaded data's verdicts are stored: 2.80 (2014) -> -2.5 (2016) crosses zero: not assessable.
    assert growth.progress == "not_assessable"
    capacity = Series.objects.get(code="LN-CAPACITY").targets.get()
    assert (capacity.period, capacity.low, capacity.high) == ("", 80, 85)
    action = Action.objects.get(code="1.1")
    assert (action.title_en, action.title_zh_hans, action.lead_agency.code) == (
        "Export services",
        "出口服务",
        "LPDF",
    )
    assert sorted(a.code for a in action.supporting_agencies.all()) == ["DALIAN", "LNPG"]
    assert Agency.objects.get(code="LPDF").parent.code == "LNPG"  # the parent came later in the file
    assert Series.objects.get(code="LN-GROWTH").comparison.code == "CN-GROWTH"
    span = Observation.objects.get(series__code="CN-GROWTH")
    assert (span.period, str(span.display_value)) == ("2008-2014", "12.50")
    assert Series.objects.get(code="LN-CAPACITY").notes == "=SUM(A1)"


@pytest.mark.django_db
def test_folder_import_twice_changes_nothing(tmp_path):
    folder = write_folder(tmp_path / "data")
    folder_import(folder=folder)
    before = counts()
    history_before = Action.history.count()
    load = folder_import(folder=folder)
    assert counts() == before
    assert Action.history.count() == history_before
    assert all(file.new == file.updated == 0 and not file.kept for file in load.files)
    assert (load.changes, load.kept) == (0, 0)


@pytest.mark.parametrize(
    ("filename", "bad_line", "message"),
    [
        ("actions.csv", "1.1,1,A,甲,d,d,¶113,,,NOPE,,named", "actions.csv, row 1, column lead_agency"),
        (
            "actions.csv",
            "1.1,1,A,甲,d,d,¶113,,,LPDF,NOPE,named",
            "actions.csv, row 1, column supporting_agencies",
        ),
        (
            "actions.csv",
            "1.1,1,A,甲,d,d,¶113,,,LPDF,LPDF,named",
            "actions.csv, row 1, column supporting_agencies",
        ),
        ("observations.csv", "LN-GROWTH,2015,three,¶29,", "observations.csv, row 1, column value"),
        ("observations.csv", "LN-GROWTH,2015Q1,3,¶29,", "observations.csv, row 1, column period"),
        ("observations.csv", "LN-GROWTH,2016,3,¶29,", "observations.csv, row 2, column period"),
        ("observations.csv", "LN-GROWTH,1800,3,¶29,", "observations.csv, row 1, column period"),
        (
            "observations.csv",
            "NOPE,2015,3,¶29,",
            "observations.csv, row 1, column series: Unknown indicator series code",
        ),
        ("agencies.csv", "LPDF,Finance,财政厅,LPDF,财政厅,cosmic,", "agencies.csv, row 1, column level"),
    ],
)
@pytest.mark.django_db
def test_one_bad_row_rejects_everything(tmp_path, filename, bad_line, message):
    lines = [*FILES[filename]]
    lines[1] = bad_line
    with pytest.raises(ImportFailed) as failure:
        folder_import(folder=write_folder(tmp_path / "data", **{filename: lines}))
    assert any(problem.startswith(message) for problem in failure.value.problems), failure.value.problems
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_missing_column_rejects_the_file(tmp_path):
    lines = ["series,period,source_ref,note", "LN-GROWTH,2015,¶29,"]
    with pytest.raises(ImportFailed) as failure:
        folder_import(folder=write_folder(tmp_path / "data", **{"observations.csv": lines}))
    assert "Missing column(s): value." in "\n".join(failure.value.problems)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    load = folder_import(folder=write_folder(tmp_path / "data"), dry_run=True)
    assert {file.filename: file.new for file in load.files}["actions.csv"] == 2
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_export_neutralises_formulas_but_not_negative_numbers(tmp_path):
    folder_import(folder=write_folder(tmp_path / "data"))
    files = export_all()
    series = {row["code"]: row for row in csv.DictReader(io.StringIO(files["series.csv"]))}
    assert series["LN-CAPACITY"]["notes_en"] == "'=SUM(A1)"
    values = [row["value"] for row in csv.DictReader(io.StringIO(files["observations.csv"]))]
    assert sorted(values) == ["-2.5", "12.50", "3.0"]


@pytest.mark.django_db
def test_export_then_import_into_empty_database_round_trips(tmp_path):
    folder_import(folder=write_folder(tmp_path / "data"))
    first = export_all()
    for model in reversed(MODELS):
        for row in model.objects.all():
            row.delete()
    assert set(counts().values()) == {0}
    exported = tmp_path / "exported"
    exported.mkdir()
    for filename, text in first.items():
        (exported / filename).write_text(text, encoding="utf-8")
    folder_import(folder=exported)
    assert export_all() == first
    # An export names each row's strategy; the folder's files may leave it to strategy.csv.
    headers = tablib.Dataset().load(first["actions.csv"], format="csv").headers
    assert headers == ["strategy", *FILES["actions.csv"][0].split(",")]
