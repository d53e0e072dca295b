"""CSV written for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents right), CRLF line ends."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["BOM", "excel_csv"]

BOM = "\ufeff"


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table as CSV text that Excel and LibreOffice open as it is: a BOM, the header, one line a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + buffer.getvalue()
