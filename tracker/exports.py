"""Spreadsheet exports of a table's rows (CSV and XLSX), safe to open in a spreadsheet program."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .resources import neutralise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_rows(rows):
    for row in rows:
        yield [neutralise(value) for value in row]


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in safe_rows(rows):
        writer.writerow(
            [
                "" if value is None else value.isoformat() if isinstance(value, datetime.date) else value
                for value in row
            ]
        )
    # The byte-order mark makes Excel read the file as UTF-8 (Chinese titles).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows, *, title: str = "Export") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for number, row in enumerate(safe_rows(rows)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl stores any text starting with "=" as a formula unless told it is text.
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if number == 0:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(rows, fmt: str, *, title: str = "Export") -> bytes:
    return to_csv(rows) if fmt == "csv" else to_xlsx(rows, title=title)
