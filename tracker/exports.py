"""Spreadsheet exports of a table's rows (CSV and XLSX), safe to open in a spreadsheet program."""

import csv
import datetime
import io
import itertools
import tempfile
import unicodedata

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.resources import neutralise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_rows(rows):
    for row in rows:
        yield [neutralise(value) for value in row]


def _csv_value(value):
    return "" if value is None else value.isoformat() if isinstance(value, datetime.date) else value


def stream_csv(rows):
    """The CSV file of `rows`, in pieces of a few hundred rows: never the whole file in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes Excel read the file as UTF-8 (Chinese titles).
    buffer.write("\ufeff")
    for number, row in enumerate(safe_rows(rows), start=1):
        writer.writerow([_csv_value(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(rows) -> bytes:
    return b"".join(stream_csv(rows))


def _display_width(value) -> int:
    """Roughly how many characters wide a value shows; Chinese characters take two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Column widths come from the header and the first rows (the file is written row by row, and the widths
# go before the rows).
WIDTH_SAMPLE_ROWS = 1000
CHUNK_BYTES = 256 * 1024


def _about_sheet(workbook, about, title: str) -> None:
    """A first sheet saying what the export holds: (label, value) pairs such as the filters and the time."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.column_dimensions["A"].width = min(40, max(12, *(_display_width(label) for label, _ in about)) + 2)
    sheet.column_dimensions["B"].width = 80
    for label, value in about:
        cells = []
        for number, text in enumerate((label, value)):
            cell = WriteOnlyCell(sheet, value=neutralise(text))
            if isinstance(text, str):
                cell.data_type = "s"
            elif isinstance(text, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            if number == 0:
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)


def stream_xlsx(rows, *, title: str = "Export", about=None, about_title: str = "About"):
    """The XLSX file of `rows`, written row by row (openpyxl's write-only mode keeps rows in a temporary file,
    not in memory), then sent in pieces. `about`: (label, value) pairs for a first sheet named
    `about_title`, before the rows' sheet."""
    rows = iter(safe_rows(rows))
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    workbook = Workbook(write_only=True)
    if about:
        _about_sheet(workbook, about, about_title)
    sheet = workbook.create_sheet(title=title[:31])
    # Ready to read: columns as wide as their contents (within reason), the header frozen and filterable.
    for index, column in enumerate(zip(*sample, strict=True), start=1):
        width = min(60, max(8, *(_display_width(value) for value in column)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    count = 0
    for number, row in enumerate(itertools.chain(sample, rows)):
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
        count, columns = number + 1, len(row)
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{count}"
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


def to_xlsx(rows, *, title: str = "Export", about=None, about_title: str = "About") -> bytes:
    return b"".join(stream_xlsx(rows, title=title, about=about, about_title=about_title))


def stream(rows, fmt: str, *, title: str = "Export", about=None, about_title: str = "About"):
    """The file in pieces, for a StreamingHttpResponse. CSV stays plain (comment lines are not portable);
    XLSX gets `about` on a sheet of its own, first."""
    if fmt == "csv":
        return stream_csv(rows)
    return stream_xlsx(rows, title=title, about=about, about_title=about_title)


def render(rows, fmt: str, *, title: str = "Export", about=None, about_title: str = "About") -> bytes:
    return b"".join(stream(rows, fmt, title=title, about=about, about_title=about_title))
