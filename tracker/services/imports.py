"""Loading a strategy's folder of data files (the report's, or any other) through the spreadsheet resources.

A load adds what the database lacks and never overwrites: a row that differs from its record is kept as the
database has it (someone may have edited it since it was loaded), and listed. Overwriting is an explicit
update.
"""

import dataclasses

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.resources import RowDifference
from indicators.resources import ObservationResource, SeriesResource, TargetResource

from ..models import Strategy
from ..resources import (
    ActionResource,
    ActionSeriesResource,
    AgencyResource,
    CategoryResource,
    ReasonCodeResource,
    StatusResource,
    StrategyResource,
    StrategyScopedResource,
)

# The files of a data folder, in the order they must be read (what they refer to comes first).
DATA_FILES = [
    ("strategy.csv", StrategyResource),
    ("statuses.csv", StatusResource),
    ("reasons.csv", ReasonCodeResource),
    ("agencies.csv", AgencyResource),
    ("series.csv", SeriesResource),
    ("targets.csv", TargetResource),
    ("observations.csv", ObservationResource),
    ("categories.csv", CategoryResource),
    ("actions.csv", ActionResource),
    ("action_series.csv", ActionSeriesResource),
]
# A folder holds one strategy. The other files are shared by every strategy (statuses, agencies, series…) and
# may be left out by a strategy that adds none.
REQUIRED_FILES = ("strategy.csv", "categories.csv", "actions.csv")


@dataclasses.dataclass
class FileLoad:
    """What loading one file did, or would do."""

    filename: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[RowDifference] = dataclasses.field(default_factory=list)
    differences: list[RowDifference] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class FolderLoad:
    strategy: Strategy | None
    files: list[FileLoad]

    @property
    def kept(self) -> int:
        return sum(len(file.kept) for file in self.files)

    @property
    def changes(self) -> int:
        """Rows written, or to be written: new ones and updated ones."""
        return sum(len(file.differences) - len(file.kept) for file in self.files)


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


def read_dataset(path) -> tablib.Dataset:
    return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")


def folder_import(
    *, folder, update: bool = False, dry_run: bool = False, change_reason: str | None = None
) -> FolderLoad:
    """Load the data files of `folder`, all or nothing, and say what was (or would be) done to each.

    Rows missing from the database are created. A row that differs from its record keeps the record as it is
    (listed in `kept`), unless `update`, which writes the file's values (listed in `differences`). Rows are
    matched by code; categories, actions and their series within the folder's strategy (strategy.csv), so
    that another strategy's rows with the same codes are never touched. `change_reason` goes into the history
    of every record written. With `dry_run`, nothing is written.

    Raises ImportFailed, with nothing written, when a file is missing or any row of any file is bad.
    """
    problems = [
        _("%(file)s is missing.") % {"file": name} for name in REQUIRED_FILES if not (folder / name).exists()
    ]
    if problems:
        raise ImportFailed(problems)
    strategy_rows = read_dataset(folder / "strategy.csv")
    if len(strategy_rows) != 1:
        raise ImportFailed(
            [
                _("strategy.csv must hold one strategy, in one row; it has %(count)d.")
                % {"count": len(strategy_rows)}
            ]
        )
    loads, strategy = [], None
    with transaction.atomic():
        for filename, resource_class in DATA_FILES:
            path = folder / filename
            if not path.exists():
                continue
            options = {"overwrite": update, "change_reason": change_reason}
            if issubclass(resource_class, StrategyScopedResource):
                options["strategy"] = strategy
            resource = resource_class(**options)
            result = resource.import_data(read_dataset(path), dry_run=False, use_transactions=True)
            problems += import_problems(result, filename)
            totals = result.totals
            loads.append(
                FileLoad(
                    filename=filename,
                    new=totals["new"],
                    updated=totals["update"],
                    unchanged=totals["skip"] - len(resource.kept),
                    kept=resource.kept,
                    differences=resource.differences,
                )
            )
            if filename == "strategy.csv":
                strategy = Strategy.objects.filter(
                    code=str(strategy_rows.dict[0].get("code") or "").strip()
                ).first()
                if strategy is None:
                    break  # the row was refused: the files of the strategy cannot be matched to it
        if problems:
            raise ImportFailed(problems)  # leaving the block with an exception rolls everything back
        if dry_run:
            transaction.set_rollback(True)
    return FolderLoad(strategy=strategy, files=loads)
