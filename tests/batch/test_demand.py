"""`demand`: totals match the per-case advice; the jsonl route equals the case route; XLSX reads back."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from kkb_advisor.batch import advise_many, demand
from kkb_advisor.errors import InputError, UsageError
from kkb_advisor.model.advice import Advice

from ..conftest import CASES

Cli = Callable[..., Result]


def test_totals_match_the_per_case_advice() -> None:
    advices = [a for _, a in advise_many(CASES)]
    d = demand(advices)
    assert d.cases == len(CASES)
    for p in d.programs:
        assert p.main == sum(any(r.program == p.program for r in a.recommendations) for a in advices)
        assert p.keep == sum(any(r.program == p.program for r in a.keep) for a in advices)
        assert p.also_possible == sum(any(r.program == p.program for r in a.also_possible) for a in advices)
    totals = [a for a in d.areas if a.kecamatan == ""]
    assert sum(a.villages for a in totals) == len(CASES)


def test_jsonl_and_cases_give_the_same_demand(cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_text(cli("advise", *CASES, "--format", "jsonl").stdout, encoding="utf-8")
    from_lines = cli("demand", lines, "--format", "json")
    from_cases = cli("demand", *CASES, "--format", "json", "-j", "1")
    assert from_lines.exit_code == from_cases.exit_code == 0
    assert from_lines.stdout == from_cases.stdout


def test_csv_has_a_bom_and_xlsx_reads_back_cell_by_cell(cli: Cli, tmp_path: Path) -> None:
    csv_out = cli("demand", *CASES[:3], "--format", "csv", "--lang", "en").stdout_bytes
    assert csv_out.startswith(b"\xef\xbb\xbf")
    target = tmp_path / "d.xlsx"
    assert cli("demand", *CASES[:3], "-o", target, "--lang", "en").exit_code == 0
    wb = load_workbook(io.BytesIO(target.read_bytes()))
    assert wb.sheetnames == ["Per program", "Per area", "Unanswered", "Per Inpres 3-2022 target", "Per ministry"]
    d = demand(a for _, a in advise_many(CASES[:3]))
    ws = wb["Per program"]
    assert ws["A1"].value == "Program" and ws.freeze_panes == "A2"
    for row, p in enumerate(d.programs, 2):
        assert ws.cell(row, 1).value == p.program
        assert ws.cell(row, 4).value == p.main and isinstance(ws.cell(row, 4).value, int)
        assert ws.cell(row, 6).value == p.keep
    again = tmp_path / "e.xlsx"
    cli("demand", *CASES[:3], "-o", again, "--lang", "en")
    assert again.read_bytes() == target.read_bytes()


def test_a_bad_jsonl_line_is_located(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    result = cli("demand", bad, "--lang", "en")
    assert result.exit_code == 2 and "bad.jsonl: line 1" in result.stderr


def test_strategy_targets_and_ministries_add_up(bundled_rules) -> None:  # type: ignore[no-untyped-def]
    advices = [a for _, a in advise_many(CASES)]
    d = demand(advices, bundled_rules.taxonomy)
    assert [t.target for t in d.targets] == list(bundled_rules.taxonomy.strategy)
    for t in d.targets:
        needing = {a.case_id for a in advices for r in (*a.recommendations, *a.keep)
                   if bundled_rules.taxonomy.target_of(r.kinds) == t.target}
        assert t.villages == len(needing) <= d.cases
        assert all(bundled_rules.taxonomy.target_of(bundled_rules.programs[p].kinds) == t.target for p in t.programs)
    grouped = [a for m in d.ministries for a in m.agencies]
    assert len(grouped) == len(set(grouped))  # an agency sits under one ministry
    assert {p.agency for p in d.programs if p.villages} == set(grouped)
    assert demand(advices).targets == ()  # without a taxonomy, no strategy views


def test_a_kind_in_two_targets_is_refused(mini_copy: Path) -> None:
    from kkb_advisor import RuleSetError, load_rules

    tax = mini_copy / "taxonomy.yaml"
    tax.write_text(tax.read_text(encoding="utf-8") + "strategy:\n"
                   "  T1: {label: {id: a, en: a}, kinds: [permit]}\n"
                   "  T2: {label: {id: b, en: b}, kinds: [permit, helth]}\n", encoding="utf-8")
    try:
        load_rules(mini_copy)
    except RuleSetError as exc:
        text = str(exc)
        assert "kind 'permit' is already in target T1" in text and "unknown program kind 'helth'" in text, text
    else:
        raise AssertionError("the taxonomy should be refused")


def test_a_village_given_twice_is_an_error_naming_both_places(cli: Cli, tmp_path: Path) -> None:
    # two runs added up, or a folder given twice, would count a village twice: refused, and nothing is written
    one = cli("advise", *CASES[:2], "--format", "jsonl").stdout.splitlines(keepends=True)
    first, again = tmp_path / "run1.jsonl", tmp_path / "run2.jsonl"
    first.write_text("".join(one), encoding="utf-8")
    again.write_text(one[1], encoding="utf-8")
    target = tmp_path / "d.csv"
    result = cli("demand", first, again, "-o", target, "--lang", "en")
    assert result.exit_code == 2 and not target.exists()
    assert result.stderr.startswith(f"Error: {again}: line 1: the case id '"), result.stderr
    assert f"is also the id of the advice in {first} (line 2): a village is counted once" in result.stderr
    assert "internal error" not in result.stderr
    said = cli("demand", first, again, "--lang", "id")
    assert f"{again}: baris 1: kode kasus '" in said.stderr and f"{first} (baris 2)" in said.stderr


def test_two_case_files_of_one_village_are_an_error(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(CASES[0], tmp_path / "a.yaml")
    shutil.copy(CASES[0], tmp_path / "b.yaml")
    result = cli("demand", tmp_path, "-j", "1", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'b.yaml'}: the case id '"), result.stderr
    assert f"also the id of the advice in {tmp_path / 'a.yaml'}" in result.stderr


def test_the_library_counts_no_village_twice() -> None:
    (_, advice), = advise_many(CASES[:1])
    with pytest.raises(InputError, match=r"advice 2: the case id .* is also the id of the advice in advice 1"):
        demand([advice, advice])


def test_output_into_an_input_folder_never_replaces_a_case(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(CASES[0], tmp_path / "a.yaml")
    shutil.copy(CASES[1], tmp_path / "b.yaml")
    before = (tmp_path / "b.yaml").read_bytes()
    result = cli("demand", tmp_path, "--format", "json", "-o", tmp_path / "b.yaml", "--force", "-j", "1",
                 "--lang", "en")
    assert result.exit_code == 2 and "this is an input file of this run" in result.stderr, result.stderr
    assert (tmp_path / "b.yaml").read_bytes() == before


@pytest.mark.parametrize(("line", "en", "id_"), [
    ('{"schema_id": "kkb-advisor/advice/2"}', "line 1: not an advice line: case_id: a required field is missing",
     "baris 1: bukan baris saran: case_id: kolom wajib tidak ada"),
    ('{"case_id": ' + "9" * 5000 + "}", "not an advice line: a number of more than 4,300 digits",
     "bukan baris saran: angka lebih dari 4.300 digit"),
    ("[" * 100_000 + "]" * 100_000, "not an advice line: the JSON is nested too deeply",
     "bukan baris saran: JSON-nya bersarang terlalu dalam"),
    ("{oops", "not an advice line: not JSON (column 2)", "bukan baris saran: bukan JSON (kolom 2)"),
    ("[1, 2]", "not an advice line: not a JSON object", "bukan baris saran: bukan objek JSON"),
])
def test_a_bad_line_says_what_is_wrong_in_words(line: str, en: str, id_: str, cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    english, indonesian = cli("demand", bad, "--lang", "en"), cli("demand", bad, "--lang", "id")
    assert english.exit_code == indonesian.exit_code == 2
    assert en in english.stderr, english.stderr[:400]
    assert id_ in indonesian.stderr and "validation error" not in indonesian.stderr, indonesian.stderr[:400]


def test_a_byte_order_mark_is_read_as_in_yaml(cli: Cli, tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_bytes(b"\xef\xbb\xbf" + cli("advise", *CASES[:2], "--format", "jsonl").stdout.encode("utf-8"))
    result = cli("demand", lines, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"cases": 2' in result.stdout or '"cases":2' in result.stdout


def test_a_folder_without_cases_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text("", encoding="utf-8")
    result = cli("demand", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path}: no case files (.yaml, .yml, .json, .xlsx) there")


def test_ids_that_differ_only_in_capitals_are_one_village(cli: Cli, tmp_path: Path) -> None:
    line = cli("advise", CASES[0], "--format", "jsonl").stdout
    data = json.loads(line)
    other = json.dumps({**data, "case_id": data["case_id"].lower()}, ensure_ascii=False)
    lines = tmp_path / "a.jsonl"
    lines.write_text(line + other + "\n", encoding="utf-8")
    result = cli("demand", lines, "--lang", "en")
    assert result.exit_code == 2 and "a village is counted once" in result.stderr, result.stderr


def test_an_advice_made_without_validation_is_refused() -> None:
    with pytest.raises(UsageError, match=r"advices\[0\] is an Advice made without validation"):
        demand([Advice.model_construct()])
