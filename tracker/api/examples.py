"""Examples for every endpoint of the API's documentation, taken from the report's data (ADB TA-9036). Lists
show one item; the documentation wraps it in a page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter


def path_parameter(name: str, description: str, example: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(example, value=example)],
    )


STRATEGY_CODE = path_parameter("strategy", "The strategy's code.", "ta9036")
CATEGORY_CODE = path_parameter("code", "The category's code within its strategy.", "2")
ACTION_CODE = path_parameter("code", "The action's code within its strategy.", "2.5")
AGENCY_CODE = path_parameter("code", "The agency's code.", "LNDRC")
SERIES_CODE = path_parameter("code", "The series' code.", "LN-GDP")
ROUND_ID = OpenApiParameter(
    "id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The round's id (rounds have no code; the round's page has the same id in its address).",
    examples=[OpenApiExample("3", value=3)],
)
PERIOD = path_parameter("period", "The observation's period: a year (2015) or a span (2008-2014).", "2013")

STRATEGY = OpenApiExample(
    "A strategy",
    response_only=True,
    value={
        "code": "ta9036",
        "title_en": "Strategy for Liaoning North Yellow Sea Regional Cooperation and Development",
        "title_zh_hans": "辽宁北黄海区域合作与发展战略",
        "short_title_en": "ADB TA-9036",
        "short_title_zh_hans": "亚行 TA-9036",
        "publisher_en": "Asian Development Bank",
        "publisher_zh_hans": "亚洲开发银行",
        "description_en": "Technical Report 5 of TA-9036.",
        "description_zh_hans": "",
        "published_on": "2017-12-01",
        "period_start": 2016,
        "period_end": 2030,
        "source_document": "ADB TA-9036 PRC Technical Report 5",
    },
)
STRATEGY_LIST = STRATEGY

CATEGORY = OpenApiExample(
    "A category",
    response_only=True,
    value={
        "strategy": "ta9036",
        "code": "2",
        "name_en": "Port Management",
        "name_zh_hans": "港口管理",
        "description_en": "",
        "description_zh_hans": "",
        "source": "¶121",
    },
)
CATEGORY_LIST = CATEGORY

AGENCY = OpenApiExample(
    "An agency",
    response_only=True,
    value={
        "code": "LNDRC",
        "name_en": "Liaoning Development and Reform Commission",
        "name_zh_hans": "辽宁省发展和改革委员会",
        "short_name_en": "Liaoning DRC",
        "short_name_zh_hans": "辽宁省发改委",
        "level": "provincial",
        "parent": None,
    },
)
AGENCY_LIST = AGENCY

STATUS_LIST = OpenApiExample(
    "A status",
    response_only=True,
    value={
        "code": "delayed",
        "name_en": "Delayed",
        "name_zh_hans": "延迟",
        "definition_en": "Work has started but is behind schedule.",
        "definition_zh_hans": "工作已开始但落后于计划。",
        "outcome": "open",
        "min_progress": 0,
        "default_progress": 50,
        "max_progress": 99,
        "colour": "amber",
        "needs_reason": True,
    },
)

REASON_LIST = OpenApiExample(
    "A reason",
    response_only=True,
    value={
        "code": "funding",
        "name_en": "Funding",
        "name_zh_hans": "资金",
        "description_en": "Money was not available in time.",
        "description_zh_hans": "",
    },
)

ACTION = OpenApiExample(
    "An action",
    response_only=True,
    value={
        "strategy": "ta9036",
        "code": "2.5",
        "category": "2",
        "title_en": "Integrate port operations along the North Yellow Sea",
        "title_zh_hans": "整合北黄海沿岸港口运营",
        "description_en": "",
        "description_zh_hans": "",
        "source_paragraphs": "¶121",
        "start_date": "2018-01-01",
        "due_date": "2025-12-31",
        "lead_agency": "LNDRC",
        "supporting_agencies": ["DLPORT"],
        "responsibility_basis": "named",
        "status": "in-progress",
        "progress": 60,
        "last_reported_on": "2026-03-31",
        "is_overdue": True,
        "series": [
            {"series": "LN-PORT-TEU", "expected_effect_en": "Rises", "expected_effect_zh_hans": "上升"}
        ],
        "page": "https://tracker.example.org/s/ta9036/actions/2.5/",
    },
)
ACTION_LIST = ACTION

UPDATE = OpenApiExample(
    "A status update",
    response_only=True,
    value={
        "strategy": "ta9036",
        "action": "2.5",
        "status": "in-progress",
        "progress": 60,
        "reported_on": "2026-03-31",
        "narrative": "The two port groups signed the merger agreement.",
        "evidence_url": "https://www.ln.gov.cn/example",
        "evidence_file": None,
        "evidence_filename": "",
        "reason": None,
        "reason_text": "",
        "agency": "LNDRC",
        "author": "Wang Li",
        "created_at": "2026-04-01T09:30:00+08:00",
        "corrected": False,
        "corrects_reported_on": None,
    },
)
UPDATE_LIST = UPDATE

UPDATE_WRITE = OpenApiExample(
    "Log progress",
    request_only=True,
    value={
        "status": "in-progress",
        "progress": 60,
        "reported_on": "2026-03-31",
        "narrative": "The two port groups signed the merger agreement.",
        "evidence_url": "https://www.ln.gov.cn/example",
    },
)

UPDATE_REFUSED = OpenApiExample(
    "Refused",
    response_only=True,
    status_codes=["400"],
    value={
        "progress": ["“In progress (on track)” allows progress from 1% to 99%."],
        "reported_on": ["The date of the update cannot be in the future."],
    },
)

SERIES = OpenApiExample(
    "An indicator series",
    response_only=True,
    value={
        "code": "LN-GDP",
        "name_en": "Gross domestic product, Liaoning",
        "name_zh_hans": "辽宁省地区生产总值",
        "unit_en": "CNY billion",
        "unit_zh_hans": "十亿元",
        "geography_en": "Liaoning",
        "geography_zh_hans": "辽宁",
        "notes_en": "",
        "notes_zh_hans": "",
        "frequency": "annual",
        "direction": "up",
        "source": "Table 2, Liaoning Statistical Yearbook",
        "baseline_period": "2015",
        "baseline_value": "2866.9",
        "baseline_source": "Table 2",
        "progress": "moderate",
        "comparison": None,
        "page": "https://tracker.example.org/indicators/LN-GDP/",
    },
)
SERIES_LIST = SERIES

TARGET_LIST = OpenApiExample(
    "A target",
    response_only=True,
    value={
        "series": "LN-GDP",
        "period": "2020",
        "value": "3500",
        "low": None,
        "high": None,
        "source": "¶114",
        "note": "",
    },
)

OBSERVATION = OpenApiExample(
    "An observation",
    response_only=True,
    value={
        "series": "LN-GDP",
        "period": "2016",
        "value": "2224.69",
        "source_ref": "Table 2",
        "note": "",
        "recorded_at": "2026-04-01T09:30:00+08:00",
        "earlier_values": [
            {
                "value": "2246.90",
                "source_ref": "Table 2 (first release)",
                "note": "",
                "recorded_at": "2025-02-01T10:00:00+08:00",
                "replaced_at": "2026-04-01T09:30:00+08:00",
            }
        ],
    },
)
OBSERVATION_LIST = OBSERVATION

OBSERVATION_WRITE = OpenApiExample(
    "Record a figure",
    request_only=True,
    value={"period": "2016", "value": "2224.69", "source_ref": "Table 2", "note": ""},
)

OBSERVATION_CHANGE = OpenApiExample(
    "Revise a figure",
    request_only=True,
    value={"value": "2224.69", "source_ref": "Table 2 (revised)", "note": ""},
)

ROUND = OpenApiExample(
    "A reporting round",
    response_only=True,
    value={
        "id": 3,
        "strategy": "ta9036",
        "name_en": "2026 first quarter",
        "name_zh_hans": "2026年第一季度",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "opens_on": "2026-04-01",
        "deadline": "2026-04-15",
        "state": "closed",
        "opened_at": "2026-04-01T09:00:00+08:00",
        "closed_at": "2026-04-30T17:00:00+08:00",
        "is_sample": False,
        "report_count": 41,
        "review_count": 38,
        "page": "https://tracker.example.org/s/ta9036/rounds/3/",
    },
)
ROUND_LIST = ROUND

REVIEW = OpenApiExample(
    "A review",
    response_only=True,
    value={
        "round": 3,
        "action": "2.5",
        "rating": "minor_delay",
        "evidence": "partly",
        "comment": "The port authority's rules are drafted but not yet adopted.",
        "reviewer": "Chen Ming",
        "created_at": "2026-04-20T10:15:00+08:00",
        "updated_at": "2026-04-22T16:40:00+08:00",
        "report_submitted_at": "2026-04-12T11:02:00+08:00",
        "report_late": False,
    },
)
REVIEW_LIST = REVIEW
