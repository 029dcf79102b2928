from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import as_printed, decimals_of, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015", (2015, 2015)),
        ("2008-2014", (2008, 2014)),
        ("2008–2014", (2008, 2014)),
        (" 2016 ", (2016, 2016)),
    ],
)
def test_parse_period_accepts_years_and_spans(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "15", "2015Q1", "2014-2008", "year 2015", "2015-", None])
def test_parse_period_rejects_other_text(text):
    with pytest.raises(ValidationError):
        parse_period(text)


@pytest.mark.parametrize(
    ("value", "decimals", "printed"),
    [("12.50", 2, "12.50"), ("1500", 0, "1500"), ("-2.5", 1, "-2.5"), ("0.05", 2, "0.05")],
)
def test_value_prints_as_written(value, decimals, printed):
    number = Decimal(value)
    assert decimals_of(number) == decimals
    stored = number.quantize(Decimal("0.000001"))  # what the database column gives back
    assert str(as_printed(stored, decimals)) == printed


def test_value_without_known_decimals_drops_trailing_zeros():
    assert str(as_printed(Decimal("1500.000000"), None)) == "1500"
    assert str(as_printed(Decimal("3.250000"), None)) == "3.25"
