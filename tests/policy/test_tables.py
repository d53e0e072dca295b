"""Rules as decision tables: export to XLSX, import back, losslessly; every problem by sheet and cell."""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kkb_advisor.errors import RuleSetError, UsageError
from kkb_advisor.policy import tables
from kkb_advisor.policy.tables import export_rules_xlsx, import_rules_xlsx
from kkb_advisor.rules.load import load_rules
from tests.conftest import REPO


def _meaning(folder: Path) -> list[object]:
    return [dataclasses.replace(r, file="", line=0) for r in load_rules(folder).rules]


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(REPO / "rules", target)
    return target


def _files(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file of ``folder``: its bytes, inode and time of change (an atomic rewrite gives a new inode)."""
    return {p.name: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())
            if p.is_file()}


def test_round_trip_of_the_bundled_rule_set_is_lossless(copy: Path) -> None:
    first = export_rules_xlsx(load_rules(copy))
    stems = {ws for ws in load_workbook(io.BytesIO(first)).sheetnames if ws not in ("catalogue", "_lists")}
    for stem in stems:  # every rule file emptied: the import writes them all back in the table's form ...
        (copy / f"{stem}.yaml").write_text("rules: []\n", encoding="utf-8")
    written = import_rules_xlsx(first, "rules.xlsx", copy)
    assert sorted(p.stem for p in written) == sorted(stems) and len(stems) == 11
    assert _meaning(copy) == _meaning(REPO / "rules")  # ... and they compile to the same rules
    files = _files(copy)
    second = export_rules_xlsx(load_rules(copy))
    assert second == first
    assert import_rules_xlsx(second, "rules.xlsx", copy) == []  # a second round trip changes nothing
    assert _files(copy) == files


def test_an_unedited_export_leaves_every_rule_file_untouched_comments_and_all(copy: Path) -> None:
    files = _files(copy)
    done = tables.import_rules_workbook(export_rules_xlsx(load_rules(copy)), "rules.xlsx", copy)
    assert done.written == [] and done.comments_dropped == []
    assert _files(copy) == files  # byte for byte, not even rewritten with the same bytes


def test_only_the_files_whose_rules_change_are_rewritten(copy: Path) -> None:
    files = _files(copy)
    assert files["economy.yaml"][0].count(b"\n  # ---") > 1  # comments among the rules of the edited file
    done = tables.import_rules_workbook(_edited({"F2": 4}), "rules.xlsx", copy)
    assert done.written == [copy / "economy.yaml"] and done.comments_dropped == [copy / "economy.yaml"]
    after = _files(copy)
    assert {n for n in files if after[n] != files[n]} == {"economy.yaml"}
    assert [r.priority for r in load_rules(copy).rules if r.id == "ECO.TRAINING.SOFT-SKILL-INCOME"] == [4]


def test_unchanged_is_decided_on_the_rules_as_data_not_on_the_text(copy: Path) -> None:
    import yaml

    rules = yaml.safe_load((copy / "fgd.yaml").read_text(encoding="utf-8"))["rules"]
    for rule in rules:  # the defaults written out, keys in another order, flow style, other quoting
        rule.setdefault("role", "answer")
        rule.setdefault("priority", 3)
    text = "# my notes\n" + yaml.safe_dump({"rules": rules}, sort_keys=True, default_flow_style=True, width=80)
    (copy / "fgd.yaml").write_text(text + "# the end\n", encoding="utf-8")
    raw = export_rules_xlsx(load_rules(copy))
    files = _files(copy)
    assert import_rules_xlsx(raw, "rules.xlsx", copy) == []
    assert _files(copy) == files
    # the same value of another type is another value: the file is rewritten
    assert not tables._equal([{"priority": 1}], [{"priority": True}])
    assert not tables._equal({"source": "2024"}, {"source": 2024})
    assert tables._same_rules("rules:\n", "x.yaml", []) and not tables._same_rules("rules: []\nx: 1\n", "x.yaml", [])
    assert not tables._same_rules("rules: [\n", "x.yaml", []) and not tables._same_rules(None, "x.yaml", [])


def test_the_workbook_reads_as_a_decision_table() -> None:
    wb = load_workbook(io.BytesIO(export_rules_xlsx(load_rules(REPO / "rules"))))
    assert "economy" in wb.sheetnames and "catalogue" in wb.sheetnames
    ws = wb["economy"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["id aturan", "judul (id)", "judul (en)", "program", "peran", "prioritas"]
    assert ws.freeze_panes == "A2"
    assert ws["A2"].value == "ECO.TRAINING.SOFT-SKILL-INCOME"
    assert ws["G2"].value.startswith("reach: {cause_category: CAU.SKILL.SOFT")
    validated = {str(dv.sqref).split(":")[0][0] for dv in ws.data_validations.dataValidation}
    assert validated == {"D", "E", "F"}  # program, role, priority
    assert wb["_lists"].sheet_state == "hidden"
    english = load_workbook(io.BytesIO(export_rules_xlsx(load_rules(REPO / "rules"), "en")))
    assert [c.value for c in english["economy"][1]][:2] == ["rule id", "title (id)"]


def _edited(cells: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(export_rules_xlsx(load_rules(REPO / "rules"))))
    ws = wb["economy"]
    for ref, value in cells.items():
        ws[ref] = value(ws[ref].value) if callable(value) else value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("cells", "expected"), [
    ({"G3": lambda v: v.replace("SKL.SOFT", "SKL.SOFTT")},
     ["economy!G3: unknown problem category 'SKL.SOFTT'; did you mean 'SKL.SOFT'?"]),
    ({"D4": "OSS-NIP"}, ["economy!D4: unknown program 'OSS-NIP'; did you mean 'OSS-NIB'?"]),
    ({"F4": "high"}, ["economy!F4: priority 'high' is not a whole number; use 1 (low) to 5 (high)"]),
    ({"G3": "problem: {category: [ECO"}, ["economy!G3: this condition is not readable: while parsing a flow "
                                          "sequence; write it as the export did, e.g. problem: {category: ECO.X}"]),
    ({"G3": "problem: {severity: {min: 6}}"},
     ["economy!A3: no case can meet problem.severity >= 6: outside the severity scale 1-5; use a value on the "
      "severity scale 1-5"]),
])
def test_problems_are_reported_by_sheet_and_cell_and_nothing_is_written(
        copy: Path, cells: dict[str, object], expected: list[str]) -> None:
    before = {p.name: p.read_bytes() for p in copy.glob("*.yaml")}
    with pytest.raises(RuleSetError) as exc:
        import_rules_xlsx(_edited(cells), "rules.xlsx", copy)
    assert [p.text("en").removeprefix("rules.xlsx: ") for p in exc.value.problems] == expected
    assert {p.name: p.read_bytes() for p in copy.glob("*.yaml")} == before


def test_a_sheet_that_is_no_rule_file_and_a_file_that_is_no_workbook_are_refused(copy: Path) -> None:
    wb = load_workbook(io.BytesIO(export_rules_xlsx(load_rules(copy))))
    wb["economy"].title = "ekonomi"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(RuleSetError, match="sheet 'ekonomi' is not a rule file"):
        import_rules_xlsx(out.getvalue(), "rules.xlsx", copy)
    with pytest.raises(RuleSetError, match="not an XLSX workbook"):
        import_rules_xlsx(b"rules: []", "rules.xlsx", copy)


def _with_sheet(raw: bytes, sheet: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook ``raw`` with the XML of ``sheet`` passed through ``edit``."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    part = f"xl/worksheets/sheet{load_workbook(io.BytesIO(raw)).sheetnames.index(sheet) + 1}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for n in src.namelist():
            dst.writestr(n, edit(src.read(n)) if n == part else src.read(n))
    return out.getvalue()


def _bare_rows(n: int) -> Callable[[bytes], bytes]:
    row = b"<row>" + b"<c><v>1</v></c>" * 5 + b"</row>"
    return lambda xml: xml.split(b"<sheetData>")[0] + b"<sheetData>" + row * n + b"</sheetData></worksheet>"


def _after_data(tail: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + tail, 1)


@pytest.mark.parametrize(("sheet", "edit", "expected"), [
    # a few hundred kB that unpack to 12 MB of bare cells (the reference sheet is loaded too, though not read)
    ("catalogue", _bare_rows(150_000), "the workbook unpacks to more than 8 MB (part xl/worksheets/sheet13.xml); "
                                       "a rule workbook unpacks to less than 1 MB"),
    ("economy", _after_data(b'<mergeCells count="1"><mergeCell ref="A2:CZ6000"/></mergeCells>'),
     "economy!A2: merged cells A2:CZ6000 reach beyond the sheet's limit of 5000 rows and 100 columns"),
    ("economy", lambda xml: xml.replace(b"</sheetData>", b'<row r="6000"><c r="A6000" t="inlineStr"><is><t>x</t>'
                                        b"</is></c></row></sheetData>", 1),
     "economy: the sheet reaches 6000 rows and 11 columns; the limit is 5000 rows and 100 columns"),
])
def test_a_workbook_far_larger_than_a_rule_set_is_refused_quickly_and_nothing_is_written(
        copy: Path, sheet: str, edit: Callable[[bytes], bytes], expected: str) -> None:
    """The guards of a case workbook (io/xlsx.open_workbook), with limits many times a real export's."""
    raw = _with_sheet(export_rules_xlsx(load_rules(copy)), sheet, edit)
    before = {p.name: p.read_bytes() for p in copy.glob("*.yaml")}
    start = time.perf_counter()
    with pytest.raises(RuleSetError) as exc:
        import_rules_xlsx(raw, "rules.xlsx", copy)
    assert time.perf_counter() - start < 10  # under 2 s alone; before the guard: 30 s and 1.8 GB for 1M rows
    said = exc.value.problems[0]
    assert said.text("en").startswith(f"rules.xlsx: {expected}"), said.text("en")
    assert said.text("id") != said.text("en")
    assert {p.name: p.read_bytes() for p in copy.glob("*.yaml")} == before


def _cell_xml(ref: str, xml: bytes) -> Callable[[bytes], bytes]:
    """Replace the cell ``ref`` of a sheet's XML by ``xml`` (a formula as Excel saves it, or as another tool does)."""
    return lambda sheet: re.sub(rb'<c r="' + ref.encode() + rb'"[^>]*>.*?</c>', lambda _: xml, sheet, count=1)


@pytest.mark.parametrize(("edit", "expected"), [
    # no saved result (written by a tool, or Excel's "Manual" calculation): read as empty, the priority became 3
    (_cell_xml("F2", b'<c r="F2"><f>2+3</f></c>'), ["economy!F2: the cell holds a formula (=2+3)"]),
    # a saved result is refused too: a rule workbook holds values, and the result may be stale (as a case workbook)
    (_cell_xml("F2", b'<c r="F2"><f>2+3</f><v>5</v></c>'), ["economy!F2: the cell holds a formula (=2+3)"]),
    (_cell_xml("B2", b'<c r="B2" t="str"><f>UPPER("x")</f><v>X</v></c>'),
     ['economy!B2: the cell holds a formula (=UPPER("x"))']),
    (_cell_xml("G3", b'<c r="G3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'), ["economy!G3: the cell holds a formula (=1/0)"]),
    (_cell_xml("A1", b'<c r="A1" t="str"><f>"id aturan"</f><v>id aturan</v></c>'),
     ['economy!A1: the cell holds a formula (="id aturan")']),
    (_cell_xml("F2", b'<c r="F2"><f t="array" ref="F2">SUM(2,3)</f><v>5</v></c>'),
     ["economy!F2: the cell holds a formula (=SUM(2,3))"]),
    (_cell_xml("F2", b'<c r="F2"><f>' + b"1+" * 40 + b"1</f><v>41</v></c>"),
     ["economy!F2: the cell holds a formula (=" + "1+" * 19 + "…)"]),
])
def test_a_formula_is_refused_at_its_own_cell_and_nothing_is_written(
        copy: Path, edit: Callable[[bytes], bytes], expected: list[str]) -> None:
    raw = _with_sheet(export_rules_xlsx(load_rules(copy)), "economy", edit)
    before = {p.name: p.read_bytes() for p in copy.glob("*.yaml")}
    with pytest.raises(RuleSetError) as exc:
        import_rules_xlsx(raw, "rules.xlsx", copy)
    hint = "; type the value itself (copy, then Paste Special: Values)"
    assert [p.text("en").removeprefix("rules.xlsx: ") for p in exc.value.problems] == [e + hint for e in expected]
    assert exc.value.problems[0].text("id").endswith("sel berisi rumus " + expected[0].split(" formula ")[1]
                                                     + "; ketik nilainya langsung (salin, lalu Tempel Spesial: Nilai)")
    assert {p.name: p.read_bytes() for p in copy.glob("*.yaml")} == before


def test_a_formula_typed_in_excel_is_refused_and_text_starting_with_an_equals_sign_is_not(copy: Path) -> None:
    raw = _edited({"B2": '=UPPER("x")', "G3": "=1/0"})  # openpyxl saves these as formulas without a result
    with pytest.raises(RuleSetError) as exc:
        import_rules_xlsx(raw, "rules.xlsx", copy)
    assert [p.location for p in exc.value.problems] == ["economy!B2", "economy!G3"]
    wb = load_workbook(io.BytesIO(export_rules_xlsx(load_rules(copy))))
    wb["economy"]["C2"] = "= the same in English"
    wb["economy"]["C2"].data_type = "s"  # text, as the export writes a title that starts with '='
    out = io.BytesIO()
    wb.save(out)
    sheets, _ = tables.read_rules_xlsx(out.getvalue(), "rules.xlsx")
    assert sheets["economy"][0]["title"]["en"] == "= the same in English"


def test_a_shared_formula_openpyxl_cannot_copy_is_a_clean_error(copy: Path) -> None:
    edit = _cell_xml("F2", b'<c r="F2"><f t="shared" ref="F2:F3" si="0">A1+[</f></c>')
    raw = _with_sheet(export_rules_xlsx(load_rules(copy)), "economy",
                      lambda xml: _cell_xml("F3", b'<c r="F3"><f t="shared" si="0"/></c>')(edit(xml)))
    with pytest.raises(RuleSetError) as exc:
        import_rules_xlsx(raw, "rules.xlsx", copy)
    assert exc.value.problems[0].text("en").startswith("rules.xlsx: the workbook cannot be read (TokenizerError: ")


def test_a_real_export_is_far_within_the_rule_workbook_limits() -> None:
    raw = export_rules_xlsx(load_rules(REPO / "rules"))
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()) < tables.MAX_UNPACKED / 10
    for ws in load_workbook(io.BytesIO(raw)).worksheets:
        assert ws.max_row < tables.MAX_SHEET_ROWS / 10 and ws.max_column < tables.MAX_SHEET_COLUMNS / 5


def test_cli_export_and_import(cli, tmp_path: Path, copy: Path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "rules.xlsx"
    assert cli("rules", "export", copy, "--format", "xlsx", "-o", book).exit_code == 0
    files = _files(copy)
    result = cli("rules", "import", book, copy, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "0 rule files changed\n" and result.stderr == ""  # an unedited export: nothing written
    assert _files(copy) == files
    (copy / "fgd.yaml").write_text("rules: []\n", encoding="utf-8")
    again = cli("rules", "import", book, copy)
    assert again.exit_code == 0 and again.stdout == f"{copy / 'fgd.yaml'}\n1 rule files changed\n"
    no_output = cli("rules", "export", copy, "--format", "xlsx")
    assert no_output.exit_code == 2 and "-o FILE.xlsx" in no_output.stderr
    missing = cli("rules", "import", tmp_path / "none.xlsx", copy)
    assert missing.exit_code == 2 and "no such file" in missing.stderr


class _FullDisk:
    """A disk with ``free`` bytes left for the files written into ``folder`` (however they are opened: a path, or
    the descriptor of a temporary file): a write past it writes what fits, then fails with ENOSPC."""

    def __init__(self, folder: Path, free: int) -> None:
        self.folder, self.free = folder.resolve(), free

    def open(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real(file, mode, *args, **kwargs)
            where = Path(os.readlink(f"/proc/self/fd/{file}")) if isinstance(file, int) else Path(file).resolve()
            if not any(m in mode for m in "wax+") or where.parent != self.folder:
                return handle
            return _Metered(handle, self)

        return opened


class _Metered:
    def __init__(self, handle: Any, disk: _FullDisk) -> None:
        self._handle, self._disk = handle, disk

    def __enter__(self) -> _Metered:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def write(self, data: Any) -> int:
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        if size > self._disk.free:
            self._handle.write(data[: self._disk.free])
            self._handle.flush()
            self._disk.free = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._disk.free -= size
        return int(self._handle.write(data))


def test_a_full_disk_changes_no_rule_file_and_is_a_clean_error(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule files are written all or none, each atomically: with room for the first file (civil-registration,
    7 kB) but not the second (economy, 40 kB), none is changed (not one left half written), no temporary file stays,
    and the error names the file and says the disk is full."""
    raw = export_rules_xlsx(load_rules(copy))
    for stem in ("civil-registration", "economy"):
        (copy / f"{stem}.yaml").write_text("rules: []\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in copy.iterdir() if p.is_file()}
    monkeypatch.setattr(io, "open", _FullDisk(copy, 20_000).open(io.open))
    with pytest.raises(UsageError) as exc:
        import_rules_xlsx(raw, "rules.xlsx", copy)
    monkeypatch.undo()
    assert exc.value.problems[0].text("en") == (f"{copy / 'economy.yaml'}: no space left on the disk; nothing was "
                                                "written; choose another output path, or free the space and try again")
    assert exc.value.problems[0].text("id").startswith(f"{copy / 'economy.yaml'}: ruang disk habis; tidak ada")
    assert {p.name: p.read_bytes() for p in copy.iterdir() if p.is_file()} == before


def test_cli_says_which_files_lost_their_comments_and_keeps_the_top_block(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                           copy: Path) -> None:
    book = tmp_path / "rules.xlsx"
    assert cli("rules", "export", copy, "--format", "xlsx", "-o", book).exit_code == 0
    top = (copy / "economy.yaml").read_text(encoding="utf-8").split("rules:")[0]
    assert top.startswith("# Economy and livelihood") and "\n  # ---" in (copy / "economy.yaml").read_text()
    unedited = cli("rules", "import", book, copy, "--lang", "en")  # no file changes, none loses a comment
    assert unedited.exit_code == 0 and unedited.stdout == "0 rule files changed\n" and unedited.stderr == ""
    book.write_bytes(_edited({"F2": 4}))  # economy's first rule: priority 5 -> 4
    files = _files(copy)
    result = cli("rules", "import", book, copy, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{copy / 'economy.yaml'}\n1 rule files changed\n"
    assert result.stderr == ("Note: comments among the rules are not kept; 1 files lost theirs (the comment block at "
                             "the top of a file stays): economy.yaml\n")
    assert {n for n, f in _files(copy).items() if f != files[n]} == {"economy.yaml"}
    text = (copy / "economy.yaml").read_text(encoding="utf-8")
    assert text.startswith(top + "rules:\n- id: ") and "\n  # ---" not in text
    assert _meaning(copy) != _meaning(REPO / "rules")  # the one priority edited
    again = cli("rules", "import", book, copy)  # nothing changes, nothing is lost: no note
    assert again.stdout == "0 rule files changed\n" and again.stderr == ""
    (copy / "fgd.yaml").write_text("# top\nrules: []  # none yet\n", encoding="utf-8")
    said = cli("rules", "import", book, copy, "--lang", "id").stderr
    assert said.startswith("Catatan: komentar di antara aturan tidak disimpan; 1 berkas kehilangan komentarnya")
    assert said.endswith(": fgd.yaml\n") and (copy / "fgd.yaml").read_text().startswith("# top\nrules:\n- id:")


def test_a_hash_inside_a_value_is_no_comment() -> None:
    text = '# top\nrules:\n- id: A#1\n  source: "x # y"\n  title: {id: "#"}  # a comment\n- when: |\n    a # b\n'
    starts = tables._comment_starts(text)
    assert [text[i:i + 11] for i in starts] == ["# top\nrules", "# a comment"]
