# English for an international readership: unambiguous day-month order, one date format on every page
# (issue 13: short dates are the same as long ones, so a page never mixes "2026-12-03" and "3 Dec 2026").
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
