"""A workbook mistake in the words of the sheet: each message names the label of its row or column as the secretary
sees it ("Nama Kampung KB", "Tingkat keparahan"), in the language of the messages, besides its Sheet!Cell; a
required cell left empty is asked for with what to write there (sheets.FIELD_HINTS), and the field key stays out of
the Indonesian (the English names it in brackets, for whoever compares the workbook with a YAML case).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import Message, Text, say
from .sheets import FIELD_HINTS, FIELD_SHEETS, TABLE_SHEETS, short_label

__all__ = ["Label", "field_label", "labelled", "sheet_of_list"]

Label = tuple[str, str]  # (Indonesian, English), each as short_label gives it
_MISSING = re.compile(r"^missing required field '([^']+)'$")
_LIST_SHEETS = {sheet.path: sheet.name for sheet in TABLE_SHEETS if "*" not in sheet.path}
_FIELD_LABELS: dict[tuple[str, ...], Label] = {
    (*sheet.path, *row.key.split(".")): (short_label(row.id), short_label(row.en))
    for sheet in FIELD_SHEETS for row in sheet.rows}


def field_label(path: Sequence[Any]) -> Label | None:
    """The label of a row of a field sheet (Tempat), by its path, whether or not the workbook has the row."""
    return _FIELD_LABELS.get(tuple(path))


def sheet_of_list(path: Sequence[Any]) -> str:
    """The sheet whose rows are the list at ``path`` ('Masalah' for problems), or ''."""
    return _LIST_SHEETS.get(tuple(path), "")


def labelled(path: Sequence[Any], message: Message, hint: Message, label: Label | None) -> tuple[Message, Message]:
    """(message, hint) naming ``label``: an empty required cell as `"Nama Kampung KB" wajib diisi`, an empty sheet
    as such, any other message after its label (`"Kategori": kategori masalah ... tidak dikenal`)."""
    if not isinstance(message, str):
        return message, hint
    missing = _MISSING.match(message)
    sheet = sheet_of_list(path)
    if missing and sheet:
        return (Text(f"sheet {sheet} has no rows ({missing[1]})", say(f"sheet {sheet} has no rows", "id")),
                "add a row to this sheet")
    if label is None:
        return message, hint
    said_id, said_en = (f'"{label[0]}"', f'"{label[1]}"')
    if missing:
        dotted = ".".join(str(p) for p in path)
        if dotted in FIELD_HINTS and (not hint or hint == "fill in this cell"):
            hint = FIELD_HINTS[dotted]
        return Text(f"{said_en} is required ({missing[1]})", say(f"{said_id} is required", "id")), hint
    return Text(f"{said_en}: {message}", f"{said_id}: {say(message, 'id')}"), hint
