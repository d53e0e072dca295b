"""Rules as decision tables: the rule files of a rule set as one XLSX workbook (a sheet per rule file, a row per
rule) and back.

Export reads the rule files as written (not the compiled rules), so that import gives back the same rules: a
condition is one cell, written as the YAML of that condition (``problem: {category: ECO.INCOME, severity: {min:
3}}``), as many `when`/`unless` columns as the longest rule of the sheet needs. Program, role and priority cells
have dropdowns (the catalogue, the roles, 1-5); a `catalogue` sheet lists the programs for reference and is not
read back. Import rewrites the rule files the sheets are named after, only after the imported set loads and lints
without errors; every problem is reported by sheet and cell (a cell holding a formula is refused: the workbook holds
values). Only the files whose rules change are written (their rules as data compared, not their text): a
file the workbook leaves as it was is not touched, comments and all. The files are written all or none, each
atomically (io/output.write_outputs). A rewritten file keeps the comment block at its top; the comments among its
rules are not kept (the rules are written from the table), and the import says which files lost theirs.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem, RuleSetError, Text, UsageError, printable
from ..io.documents import read_bounded, read_document
from ..io.xlsx import WorkbookRefused, add_choices, add_table, new_workbook, open_workbook, workbook_bytes
from ..model.ruleset import ANY_PROGRAM, ROLES, RuleSet
from ..rules.load import load_rules

__all__ = ["CATALOGUE_SHEET", "Imported", "export_rules_xlsx", "import_rules_workbook", "import_rules_xlsx",
           "read_rules_xlsx", "read_workbook_file"]

CATALOGUE_SHEET = "catalogue"
# column key -> (Indonesian header, English header); `when N` / `unless N` follow `priority`
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("id aturan", "rule id"),
    "title.id": ("judul (id)", "title (id)"),
    "title.en": ("judul (en)", "title (en)"),
    "program": ("program", "program"),
    "role": ("peran", "role"),
    "priority": ("prioritas", "priority"),
    "rationale.id": ("alasan (id)", "reason (id)"),
    "rationale.en": ("alasan (en)", "reason (en)"),
    "source": ("sumber", "source"),
}
_LIST = {"when": ("syarat", "when"), "unless": ("kecuali", "unless")}
_HEAD_KEYS = ("id", "title.id", "title.en", "program", "role", "priority")
_TAIL_KEYS = ("rationale.id", "rationale.en", "source")


def _header(key: str, lang: str) -> str:
    base, _, n = key.partition(" ")
    words = _LIST[base] if n else HEADERS[key]
    text = words[1] if lang == "en" else words[0]
    return f"{text} {n}" if n else text


def _cell_yaml(item: Any) -> str:
    """One condition as a one-line YAML mapping without its outer braces."""
    text = yaml.safe_dump(item, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _rule_files(ruleset: RuleSet) -> list[Path]:
    manifest = read_document(Path(ruleset.folder) / "ruleset.yaml").data
    return [Path(ruleset.folder) / str(name) for name in (manifest.get("rules") or [])]


def _columns(rules: Sequence[dict[str, Any]]) -> list[str]:
    whens = max((len(r.get("when") or ()) for r in rules), default=1) or 1
    unlesses = max((len(r.get("unless") or ()) for r in rules), default=0)
    return [*_HEAD_KEYS, *(f"when {i}" for i in range(1, whens + 1)),
            *(f"unless {i}" for i in range(1, unlesses + 1)), *_TAIL_KEYS]


def _row(rule: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for key in columns:
        base, _, n = key.partition(" ")
        if n:
            items = rule.get(base) or ()
            out.append(_cell_yaml(items[int(n) - 1]) if int(n) <= len(items) else None)
        elif "." in key:
            parent, child = key.split(".")
            out.append((rule.get(parent) or {}).get(child))
        elif key == "source":
            source = rule.get("source", "")
            out.append("\n".join(source) if isinstance(source, list) else source or None)
        elif key == "role":
            out.append(rule.get("role", "answer"))
        elif key == "priority":
            out.append(rule.get("priority", 3))
        else:
            out.append(rule.get(key))
    return out


def export_rules_xlsx(ruleset: RuleSet, lang: str = "id") -> bytes:
    """The rule files of ``ruleset`` as a decision-table workbook (same rule set, same bytes)."""
    from openpyxl.utils import get_column_letter

    wb = new_workbook()
    programs = sorted(ruleset.programs)
    for path in _rule_files(ruleset):
        rules = list(read_document(path).data.get("rules") or [])
        columns = _columns(rules)
        ws = add_table(wb, path.stem, [_header(c, lang) for c in columns], [_row(r, columns) for r in rules])
        last = max(len(rules) + 1, 2)
        for key, choices in (("program", [ANY_PROGRAM, *programs]), ("role", list(ROLES)),
                             ("priority", ["1", "2", "3", "4", "5"])):
            add_choices(wb, ws, get_column_letter(columns.index(key) + 1), 2, last + 200, key, choices)
    head = ["id", "agency", "name (en)" if lang == "en" else "nama (id)", "addresses", "available from",
            "available until", "requires"] if lang == "en" else [
        "id", "instansi", "nama", "menangani", "tersedia sejak", "tersedia sampai", "syarat"]
    rows = [[p.id, p.agency, p.name.get(lang), ", ".join((*p.addresses_problems, *p.addresses_causes)),
             p.available_from, p.available_until, "; ".join(_requires(ruleset, p.id, lang))]
            for p in (ruleset.programs[i] for i in programs)]
    add_table(wb, CATALOGUE_SHEET, head, rows)
    return workbook_bytes(wb)


def _requires(ruleset: RuleSet, pid: str, lang: str) -> list[str]:
    from ..rules.wording import Wording
    from .review import condition_bullets

    return [line.strip(" -:") for line in condition_bullets(Wording(ruleset, lang), ruleset.programs[pid].requires)]


# ---------------------------------------------------------------- import

MAX_WORKBOOK_BYTES = 20 * 1048576
# the bundled rule set exports to 80 kB that unpack to 0.3 MB, 46 rows and 11 columns on its largest sheet: these
# leave room for a rule set many times larger, and cap a hostile workbook near 4 s and 200 MB
MAX_UNPACKED = 8 * 1048576
MAX_SHEET_ROWS = 5000
MAX_SHEET_COLUMNS = 100


def read_workbook_file(path: Path) -> bytes:
    """The bytes of a workbook file, refusing a folder, a special file or an oversized file with a clear error."""
    try:
        return read_bounded(path, max_bytes=MAX_WORKBOOK_BYTES, kind="a rule workbook is well under 1 MB",
                            what="the .xlsx file `rules export --format xlsx` wrote")
    except InputError as exc:
        raise RuleSetError(exc.problems) from None


@dataclass(frozen=True)
class _Cell:
    sheet: str
    ref: str


def _cell_problem(book: str, cell: _Cell, message: str, hint: str = "") -> Problem:
    return Problem(book, f"{cell.sheet}!{cell.ref}", message, hint, code="table")


def _key_of(header: Any) -> str | None:
    text = str(header or "").strip()
    for key, words in HEADERS.items():
        if text in words:
            return key
    m = re.fullmatch(r"(\S+) (\d+)", text)
    if m:
        for base, words in _LIST.items():
            if m.group(1) in words:
                return f"{base} {int(m.group(2))}"
    return None


_FORMULA = object()  # a cell that holds a formula: refused (its cell named), read as nothing
_FORMULA_SHOWN = 40  # characters of a formula quoted in its message


def _values(ws: Any, book: str, problems: list[Problem]) -> list[tuple[Any, ...]]:
    """The values of a sheet's rows, a cell holding a formula refused at its own cell (with or without a saved
    result: a rule workbook holds values, and a saved result may be stale; as a case workbook's cell) and read as
    _FORMULA. The workbook is opened without ``data_only``, so that a formula reads as itself, never as empty."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    rows: list[tuple[Any, ...]] = []
    for cells in ws.iter_rows():
        values: list[Any] = []
        for cell in cells:
            value = cell.value
            if cell.data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
                text = (value.text if isinstance(value, ArrayFormula) else
                        f"{{=TABLE({value.r1 or ''},{value.r2 or ''})}}" if isinstance(value, DataTableFormula) else
                        str(value))
                text = printable(str(text or "=").strip())
                shown = text if len(text) <= _FORMULA_SHOWN else text[:_FORMULA_SHOWN - 1] + "…"
                problems.append(_cell_problem(book, _Cell(ws.title, cell.coordinate),
                                              f"the cell holds a formula ({shown})",
                                              "type the value itself (copy, then Paste Special: Values)"))
                value = _FORMULA
            values.append(value)
        rows.append(tuple(values))
    return rows


def read_rules_xlsx(data: bytes, name: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, str]]]:
    """The rules of each sheet (catalogue sheet and hidden lists skipped), and where each rule field came from:
    ``{sheet: {"rules[3].when[0]": "G5", ...}}``. Bad cells raise RuleSetError naming sheet!cell."""
    from openpyxl.utils import get_column_letter

    try:  # the guards of a case workbook (zip bomb, unpacked size, merged ranges), with a rule workbook's limits
        wb = open_workbook(data, max_unpacked=MAX_UNPACKED, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS,
                           kind="a rule workbook")  # formulas as formulas (not their cached results): refused
    except WorkbookRefused as exc:
        raise RuleSetError(Problem(name, exc.where, str(exc), exc.hint or "give the file `rules export --format "
                                   "xlsx` wrote")) from None
    problems: list[Problem] = []
    sheets: dict[str, list[dict[str, Any]]] = {}
    places: dict[str, dict[str, str]] = {}
    for ws in wb.worksheets:
        if ws.title == CATALOGUE_SHEET or ws.sheet_state != "visible":
            continue
        if ws.max_row > MAX_SHEET_ROWS or ws.max_column > MAX_SHEET_COLUMNS:  # one far cell: rows x columns to read
            problems.append(Problem(name, ws.title, f"the sheet reaches {ws.max_row} rows and {ws.max_column} "
                                    f"columns; the limit is {MAX_SHEET_ROWS} rows and {MAX_SHEET_COLUMNS} columns",
                                    "delete the rows and columns after the data (select them, Delete)", code="table"))
            continue
        rows = _values(ws, name, problems)
        if not rows:
            continue
        keys = [_key_of(h) for h in rows[0]]
        for j, (k, h) in enumerate(zip(keys, rows[0], strict=False)):
            if k is None and h not in (None, "", _FORMULA):
                problems.append(_cell_problem(name, _Cell(ws.title, f"{get_column_letter(j + 1)}1"),
                                              f"unknown column '{h}'", "keep the headers the export wrote"))
        out: list[dict[str, Any]] = []
        where: dict[str, str] = {}
        for r, values in enumerate(rows[1:], start=2):
            if all(v in (None, "", _FORMULA) for v in values):
                continue
            i = len(out)
            rule: dict[str, Any] = {}
            for j, (key, value) in enumerate(zip(keys, values, strict=False)):
                cell = _Cell(ws.title, f"{get_column_letter(j + 1)}{r}")
                if key is None or value in (None, "", _FORMULA):
                    continue
                base, _, n = key.partition(" ")
                if n:
                    text = str(value)
                    try:
                        item = yaml.safe_load(text if text.lstrip().startswith("{") else f"{{{text}}}")
                    except yaml.YAMLError as exc:
                        problems.append(_cell_problem(name, cell, f"this condition is not readable: "
                                                      f"{str(exc).splitlines()[0]}",
                                                      "write it as the export did, e.g. problem: {category: ECO.X}"))
                        continue
                    rule.setdefault(base, []).append(item)
                    where[f"rules[{i}].{base}[{len(rule[base]) - 1}]"] = cell.ref
                elif "." in key:
                    parent, child = key.split(".")
                    rule.setdefault(parent, {})[child] = str(value)
                    where[f"rules[{i}].{parent}"] = cell.ref
                elif key == "priority":
                    try:
                        rule["priority"] = int(str(value))
                    except ValueError:
                        problems.append(_cell_problem(name, cell, f"priority '{value}' is not a whole number",
                                                      "use 1 (low) to 5 (high)"))
                elif key == "source":
                    lines = str(value).split("\n")
                    rule["source"] = lines if len(lines) > 1 else lines[0]
                else:
                    rule[key] = str(value)
                where.setdefault(f"rules[{i}].{key}", cell.ref)
            where.setdefault(f"rules[{i}]", f"A{r}")
            if rule.get("role") == "answer":
                del rule["role"]  # the default, left out as the rule files write it
            if rule.get("priority") == 3:
                del rule["priority"]
            out.append(_ordered(rule))
        sheets[ws.title] = out
        places[ws.title] = where
    if problems:
        raise RuleSetError(problems)
    return sheets, places


_ORDER = ("id", "title", "program", "role", "priority", "when", "unless", "rationale", "source")


def _ordered(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: rule[k] for k in _ORDER if k in rule}


def _rules_yaml(rules: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=False, width=120)


def _nearest(path: str, places: dict[str, str]) -> str:
    """The cell of the nearest field written above ``path`` (rules[3].when[0].problem.category -> rules[3].when[0])."""
    while path:
        if path in places:
            return places[path]
        trimmed = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)
        path = "" if trimmed == path else trimmed
    return ""


def _at(book: str, problem: Problem, sheet: str, ref: str) -> Problem:
    """A problem of an imported rule file, placed on its sheet and cell."""
    where = f"{sheet}!{ref}" if sheet and ref else sheet or problem.location
    return Problem(book, where, problem.message, problem.hint, code=problem.code, subject=problem.subject)


@dataclass(frozen=True)
class Imported:
    """What `rules import` did: the rule files rewritten (those whose rules changed), and those of them whose
    comments were dropped (a comment among the rules; the comment block at the top of a file is kept)."""

    written: list[Path]
    comments_dropped: list[Path]


def import_rules_xlsx(data: bytes, name: str, folder: Path) -> list[Path]:
    """Write the rules of the workbook into the rule files of the rule set in ``folder`` that its sheets are named
    after (import_rules_workbook); returns the files rewritten (only those that change)."""
    return import_rules_workbook(data, name, folder).written


def _comment_starts(text: str) -> list[int]:
    """Where each comment of a YAML text starts (the index of its '#'): in the gaps between the tokens of YAML's
    own scanner, so that a '#' inside a value is no comment."""
    try:
        tokens = list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return [text.index("#")] if "#" in text else []  # cannot tell: take the first '#' for one
    out, pos = [], 0
    for token in tokens:
        end = token.start_mark.index
        i = text.find("#", pos, end) if end > pos else -1
        while i != -1:
            out.append(i)
            line_end = text.find("\n", i, end)
            i = -1 if line_end == -1 else text.find("#", line_end, end)
        pos = max(pos, token.end_mark.index)
    return out


def _top_comments(text: str) -> str:
    """The comment block at the top of a rule file (its comment and empty lines before the first other line)."""
    kept = []
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        kept.append(line)
    return "".join(kept)


def _without_defaults(rule: Any) -> Any:
    """A rule of a rule file as the import reads it back: without the defaults the table leaves out (role answer,
    priority 3: the rule loader fills them in again)."""
    if not isinstance(rule, dict):
        return rule
    return {k: v for k, v in rule.items() if not ((k == "role" and v == "answer" and isinstance(v, str)) or
                                                  (k == "priority" and type(v) is int and v == 3))}


def _equal(a: Any, b: Any) -> bool:
    """The same data, of the same types (True is not 1, 5.0 not 5, a date not its text)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _same_rules(text: str | None, rel: str, rules: list[dict[str, Any]]) -> bool:
    """Whether the rule file ``text`` holds ``rules`` as data already (its comments, quoting, order of keys and
    written defaults aside): then the import leaves it as it is. The file is parsed as the rule loader parses it;
    a file that does not parse, holds more than `rules`, or differs in any rule is rewritten."""
    from ..io.documents import parse_text

    if text is None:
        return False
    try:
        data = parse_text(text, name=rel).data
    except (InputError, ValueError, RecursionError):
        return False
    if not isinstance(data, dict) or set(data) != {"rules"}:
        return False
    old = [] if data["rules"] is None else data["rules"]
    return isinstance(old, list) and _equal([_without_defaults(r) for r in old], rules)


def import_rules_workbook(data: bytes, name: str, folder: Path) -> Imported:
    """Write the rules of the workbook into the rule files of the rule set in ``folder`` that its sheets are named
    after. The imported set is loaded and linted first (in a copy): on any error nothing is written, and the
    RuleSetError names each problem's sheet and cell. The files are written all or none, each atomically (a
    UsageError, e.g. no space left, changes nothing). Only the files whose rules change are written: a file that
    holds the sheet's rules as data already (_same_rules: comments, quoting and written defaults aside) is left
    untouched. A rewritten file keeps the comment block at its top; other comments are not kept
    (``comments_dropped``)."""
    from ..io.output import os_reason, write_outputs
    from .lint import lint_folder

    sheets, places = read_rules_xlsx(data, name)
    manifest = read_document(folder / "ruleset.yaml").data
    by_stem = {Path(str(f)).stem: str(f) for f in (manifest.get("rules") or [])}
    unknown = [s for s in sheets if s not in by_stem]
    if unknown:
        raise RuleSetError([Problem(name, s, f"sheet '{s}' is not a rule file of {folder}",
                                    "name each sheet after a rule file the manifest lists: "
                                    + ", ".join(sorted(by_stem))) for s in unknown])
    before: dict[str, str | None] = {}
    for rel in (by_stem[s] for s in sheets):
        try:
            before[rel] = (folder / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            before[rel] = None  # missing or unreadable: loading the trial set says so
    # a file whose rules the workbook leaves as they are stays untouched, byte for byte (its comments too): only
    # the files whose rules change are written (and tried), from the table
    texts = {by_stem[s]: _top_comments(before[by_stem[s]] or "") + _rules_yaml(rules) for s, rules in sheets.items()
             if not _same_rules(before[by_stem[s]], by_stem[s], rules)}
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "rules"
        try:
            shutil.copytree(folder, trial)
            for rel, text in texts.items():
                (trial / rel).write_text(text, encoding="utf-8")
        except OSError as exc:  # shutil.Error too: the temporary folder is full or not writable
            if isinstance(exc, shutil.Error):  # copytree gathers the errors of its files as text
                code = re.search(r"\[Errno (\d+)\]", str(exc))
                exc = OSError(int(code.group(1)) if code else 0, "")
            why = os_reason(exc)
            raise UsageError(Problem(str(folder), "", Text(f"cannot make a trial copy of the rule set in {tmp}: "
                                                           f"{why.en}", f"tidak dapat membuat salinan uji set aturan "
                                                           f"di {tmp}: {why.id}"),
                                     Text("nothing was written; free space in the temporary folder (or set TMPDIR "
                                          "to another folder) and try again", "tidak ada yang ditulis; kosongkan "
                                          "ruang di folder sementara (atau arahkan TMPDIR ke folder lain) lalu coba "
                                          "lagi"))) from None
        sheet_of = {(trial / by_stem[s]).resolve(): s for s in sheets}

        def place(file: str, path: str, rule: str) -> tuple[str, str]:
            """The sheet and cell of a problem in an imported rule file."""
            sheet = sheet_of.get(Path(file).resolve(), "")
            if rule and not path:  # a lint finding names its rule: the row of its id
                i = next((k for k, r in enumerate(sheets.get(sheet, [])) if r.get("id") == rule), None)
                path = f"rules[{i}]" if i is not None else ""
            return sheet, _nearest(path, places.get(sheet, {}))

        try:
            load_rules(trial)
        except RuleSetError as exc:
            raise RuleSetError([_at(name, p, *place(p.file, p.path, p.subject)) for p in exc.problems]) from None
        errors = [f for f in lint_folder(trial) if f.severity == "error"]
        if errors:
            # a finding's own Indonesian (an engine limit's) goes along; the others read through the catalogue
            raise RuleSetError([_at(name, Problem(f.file, "", Text(f.message, f.said_id[0]) if f.said_id[0] else
                                                  f.message, Text(f.hint, f.said_id[1]) if f.said_id[1] else f.hint,
                                                  code=f.code, subject=f.rule),
                                    *place(f.file, "", f.rule)) for f in errors])
    changed = sorted(texts)
    write_outputs([(folder / rel, texts[rel]) for rel in changed], force=True)  # all or none
    dropped = [folder / rel for rel in changed if before[rel] and
               any(i >= len(_top_comments(before[rel] or "")) for i in _comment_starts(before[rel] or ""))]
    return Imported([folder / rel for rel in changed], dropped)
