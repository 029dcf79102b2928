"""Loading a folder of data files (the report's, or any strategy's) through the spreadsheet resources."""

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.resources import ObservationResource, SeriesResource, TargetResource

from ..resources import (
    ActionResource,
    ActionSeriesResource,
    AgencyResource,
    CategoryResource,
    ReasonCodeResource,
    StatusResource,
)

# The files of a data folder, in the order they must be read (what they refer to comes first).
DATA_FILES = [
    ("statuses.csv", StatusResource),
    ("reasons.csv", ReasonCodeResource),
    ("categories.csv", CategoryResource),
    ("agencies.csv", AgencyResource),
    ("series.csv", SeriesResource),
    ("targets.csv", TargetResource),
    ("observations.csv", ObservationResource),
    ("actions.csv", ActionResource),
    ("action_series.csv", ActionSeriesResource),
]


class ImportFailed(Exception):
    """An import was rejected as a whole; `problems` names each bad file, row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def import_problems(result, label: str) -> list[str]:
    """Readable messages for everything an import-export Result rejected: file, row, column, message."""

    def text(error):
        return "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)

    problems = [
        _("%(file)s: %(message)s") % {"file": label, "message": text(error.error)}
        for error in result.base_errors
    ]
    for number, errors in result.row_errors():
        problems += [
            _("%(file)s, row %(row)s: %(message)s")
            % {"file": label, "row": number, "message": text(error.error)}
            for error in errors
        ]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                names = {"file": label, "row": row.number, "column": column, "message": message}
                if column == "__all__":
                    problems.append(_("%(file)s, row %(row)s: %(message)s") % names)
                else:
                    problems.append(_("%(file)s, row %(row)s, column %(column)s: %(message)s") % names)
    return problems


def folder_import(*, folder, dry_run: bool = False) -> dict[str, dict[str, int]]:
    """Import every data file of `folder`, all or nothing. Returns the totals per file (new, update, skip…).

    Raises ImportFailed, with nothing written, when any row of any file is bad.
    """
    totals, problems = {}, []
    with transaction.atomic():
        for filename, resource_class in DATA_FILES:
            path = folder / filename
            if not path.exists():
                problems.append(_("%(file)s is missing.") % {"file": filename})
                continue
            dataset = tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
            result = resource_class().import_data(dataset, dry_run=False, use_transactions=True)
            problems += import_problems(result, filename)
            totals[filename] = dict(result.totals)
        if problems:
            raise ImportFailed(problems)  # leaving the block with an exception rolls everything back
        if dry_run:
            transaction.set_rollback(True)
    return totals
