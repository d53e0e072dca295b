"""What a facilitator does in Excel, done by openpyxl: a blank case workbook written, filled in, edited cell by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

PLACE = {"case_id": "DESA-MAJU-2025", "provenance": "source", "metadata.kampung_kb_name": "Kampung KB Maju",
         "metadata.unit_level": "desa", "metadata.kelurahan_or_desa": "Sukamaju", "metadata.is_desa": "ya",
         "metadata.kecamatan": "Cibeber", "metadata.kab_kota": "Kabupaten Cianjur",
         "metadata.province": "Jawa Barat", "metadata.setting": "rural", "metadata.date": "2025-08-14"}


def blank(cli: Callable[..., Result], folder: Path, *extra: str) -> Path:
    target = folder / "kasus.xlsx"
    result = cli("new", "--xlsx", target, *extra)
    assert result.exit_code == 0, result.output
    return target


def place_cell(path: Path, key: str) -> str:
    """The value cell of a field of the Tempat sheet (``metadata.date`` -> 'C14')."""
    ws = openpyxl.load_workbook(path)["Tempat"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value == key)
    return f"C{row}"


def fill_place(wb: openpyxl.Workbook, values: dict[str, object]) -> None:
    """The Tempat sheet's value cells of the fields in ``values`` (the keys are in column B)."""
    sheet = wb["Tempat"]
    for row in range(3, sheet.max_row + 1):
        key = sheet.cell(row=row, column=2).value
        if key in values:
            sheet.cell(row=row, column=3).value = values[key]


def fill(path: Path, *, category: str = "ECO.INCOME", place: dict[str, object] | None = None) -> None:
    """The place, a group, a problem, a cause and a link; the example rows kept (they are ignored)."""
    wb = openpyxl.load_workbook(path)
    fill_place(wb, PLACE if place is None else place)
    wb["Kelompok"].append([None, "G1", "Kader KB", None, 9])
    wb["Masalah"].append([None, "P1", "Penghasilan tidak tetap", None, category, None, None, 4, "G1"])
    wb["Penyebab"].append([None, "C1", "Kurang modal usaha", None, "CAU.CAPITAL"])
    wb["Hubungan"].append([None, "C1", "P1", "causes", 3])
    wb["Indikator"]["C5"] = 300 if wb["Indikator"]["B5"].value == "poor_households" else None
    wb.save(path)


def edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def filled(cli: Callable[..., Result], folder: Path) -> Path:
    path = blank(cli, folder)
    fill(path)
    return path
