"""Errors, hints and --help in Indonesian (the default) and English: the catalogue covers every message the invalid
corpus produces, the CLI picks the language from --lang, KKB_ADVISOR_LANG or the default, and hints show values
the field accepts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import click
import pytest
from click.testing import Result
from pydantic import BaseModel, TypeAdapter

from kkb_advisor.cli import main
from kkb_advisor.cli.help_id import HELP_ID
from kkb_advisor.errors import KkbError, Problem, Text, say
from kkb_advisor.errors_id import indonesian, translate
from kkb_advisor.io.validation import _bounds, _field_info, example
from kkb_advisor.model.case import Case
from kkb_advisor.rules.compiler import compile_ruleset
from kkb_advisor.rules.load import load_rules
from kkb_advisor.rules.schema import ManifestFile, ProgramFile, RuleFile
from tests.case.test_invalid_corpus import BAD_CASES, BAD_RULE_FILES
from tests.conftest import INVALID, MINI_CASE, MINI_RULES, REPO

# ---------------------------------------------------------------- the catalogue covers the corpus


def _case_problems(path: Path) -> list[Problem]:
    from kkb_advisor.case.load import load_case

    with pytest.raises(KkbError) as err:
        load_case(path, load_rules(MINI_RULES))
    return list(err.value.problems)


def _rule_problems(bad: Path, tmp_path: Path) -> list[Problem]:
    folder = tmp_path / "mini"
    shutil.copytree(MINI_RULES, folder)
    (folder / (bad.stem.split("--")[0] + ".yaml")).write_bytes(bad.read_bytes())
    with pytest.raises(KkbError) as err:
        compile_ruleset(load_rules(folder))
    return list(err.value.problems)


def _untranslated(problems: list[Problem]) -> list[str]:
    out = []
    for p in problems:
        for part in (p.message, p.hint):
            if isinstance(part, str) and part and translate(part) is None:
                out.append(part)
        assert p.text("id") != p.text("en")
    return out


@pytest.mark.parametrize("bad", BAD_CASES, ids=[p.name for p in BAD_CASES])
def test_every_message_of_a_bad_case_has_its_indonesian(bad: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bad.parent)
    assert _untranslated(_case_problems(Path(bad.name))) == []


@pytest.mark.parametrize("bad", BAD_RULE_FILES, ids=[p.stem for p in BAD_RULE_FILES])
def test_every_message_of_a_bad_rule_file_has_its_indonesian(bad: Path, tmp_path: Path) -> None:
    assert _untranslated(_rule_problems(bad, tmp_path)) == []


def test_a_message_without_a_template_is_reported_as_untranslated() -> None:
    assert translate("the moon is made of cheese") is None
    assert indonesian("the moon is made of cheese") == "the moon is made of cheese"
    # a fragment ("'x' (text)") is translated only inside another message, never passed off as a whole one
    assert translate("made of 'cheese' (text)") is None
    assert translate("expected a list, got 'cheese' (text)") == "seharusnya daftar, tertulis 'cheese' (teks)"


def test_the_unsupported_python_sentence_has_its_indonesian() -> None:
    from kkb_advisor._pyversion import unsupported_message

    message = unsupported_message((3, 14))
    assert message is not None
    assert indonesian(message).startswith("kkb-advisor memerlukan Python 3.11, 3.12 atau 3.13; ini Python 3.14.")


def test_a_message_and_its_hint_are_translated_part_by_part() -> None:
    # a hole never swallows the "; " before a hint: each part reads in Indonesian
    assert translate("no rule 'X.Y' in kkb-default 1.0; did you mean 'X.Z'?") == \
        "tidak ada aturan 'X.Y' di kkb-default 1.0; maksud Anda 'X.Z'?"
    assert translate("unknown program 'OSS-NIP'; no such file") == "program 'OSS-NIP' tidak dikenal; berkas tidak ada"
    assert translate("unknown program 'OSS-NIP'; the moon") is None


def test_a_problem_reads_in_both_languages() -> None:
    p = Problem("kasus.yaml", "line 28, column 79 (problems[0].category)", "unknown problem category 'ECO.INCOM'",
                "did you mean 'ECO.INCOME'?", 28, column=79, path="problems[0].category")
    assert p.text("en") == ("kasus.yaml: line 28, column 79 (problems[0].category): unknown problem category "
                            "'ECO.INCOM'; did you mean 'ECO.INCOME'?")
    assert p.text("id") == ("kasus.yaml: baris 28, kolom 79 (problems[0].category): kategori masalah 'ECO.INCOM' "
                            "tidak dikenal; maksud Anda 'ECO.INCOME'?")
    line_only = Problem("mini/rules.yaml", "line 19", "duplicate rule id 'R1'", "", 19)
    assert line_only.text("id") == "mini/rules.yaml: baris 19: kode aturan 'R1' ganda"
    # a Text keeps its own wording in each language
    own = Problem("a.yaml", "", Text("in English", "dalam bahasa Indonesia"))
    assert (own.text("en"), own.text("id")) == ("a.yaml: in English", "a.yaml: dalam bahasa Indonesia")
    assert say("no such file", "id") == "berkas tidak ada" and say("no such file") == "no such file"


# ---------------------------------------------------------------- the command line: which language


def _bad(name: str) -> Path:
    return INVALID / "cases" / name


@pytest.fixture()
def advise_bad(run_in: Callable[..., Result]) -> Callable[..., Result]:
    def run(name: str, *extra: str) -> Result:
        return run_in(_bad(name).parent, "advise", name, "--rules", MINI_RULES, *extra)

    return run


SAMPLE = {  # a sample of errors, each in both languages
    "severity-too-high.yaml": (
        "Galat: severity-too-high.yaml: baris 28, kolom 101 (problems[0].severity): maksimal 5, tertulis 7; "
        "tingkat keparahan dari 1 (ringan) sampai 5 (mendesak, meluas)\n"),
    "unknown-problem-category.yaml": (
        "Galat: unknown-problem-category.yaml: baris 28, kolom 79 (problems[0].category): kategori masalah "
        "'ECO.INCOM' tidak dikenal; maksud Anda 'ECO.INCOME'?\n"),
    "thousands-dot.yaml": (
        "Galat: thousands-dot.yaml: baris 20, kolom 15 (profile.households): 1.200 terbaca sebagai pecahan 1.2 di "
        "sini: titik adalah tanda desimal dalam berkas kasus; tulis 1200, tanpa titik ribuan\n"),
    "decimal-comma.yaml": (
        "Galat: decimal-comma.yaml: baris 18, kolom 21 (facts.land_legal_share): seharusnya angka, tertulis '0,4' "
        "(teks); tulis pecahan desimal dengan titik, misalnya 0.4\n"),
    "date-dmy.yaml": (
        "Galat: date-dmy.yaml: baris 14, kolom 9 (metadata.date): '24/10/2018' (teks) bukan tanggal; tulis "
        "tanggal sebagai TTTT-BB-HH, misalnya 2018-10-24\n"),
    "empty.yaml": (
        "Galat: empty.yaml: berkas kosong; tulis datanya di dalamnya (untuk kasus baru: `kkb-advisor new "
        "--template`)\n"),
    "top-level-list.yaml": (
        "Galat: top-level-list.yaml: baris 1: di tingkat teratas seharusnya kumpulan kunci, tertulis daftar; "
        "berkas dimulai dengan kunci seperti `schema_version:`\n"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_errors_are_indonesian_by_default_and_english_on_request(name: str, advise_bad: Callable[..., Result],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    english = _bad(name).with_suffix(".expected").read_text(encoding="utf-8")
    monkeypatch.delenv("KKB_ADVISOR_LANG")
    by_default = advise_bad(name)
    assert (by_default.exit_code, by_default.stdout, by_default.stderr) == (2, "", SAMPLE[name])
    assert advise_bad(name, "--lang", "en").stderr == english
    monkeypatch.setenv("KKB_ADVISOR_LANG", "en")
    assert advise_bad(name).stderr == english
    assert advise_bad(name, "--lang=id").stderr == SAMPLE[name]  # --lang wins over the environment
    monkeypatch.setenv("KKB_ADVISOR_LANG", "id")
    assert advise_bad(name).stderr == SAMPLE[name]


def test_an_unknown_language_in_the_environment_means_the_default(advise_bad: Callable[..., Result],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKB_ADVISOR_LANG", "fr")
    assert advise_bad("empty.yaml").stderr == SAMPLE["empty.yaml"]


def test_a_wrong_option_is_explained_in_the_language_of_the_run(cli: Callable[..., Result],
                                                                 messages_default: None) -> None:
    result = cli("advise", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["Penggunaan: main advise [OPSI] CASE...",
                                          "Coba 'main advise -h' untuk bantuan.", "",
                                          "Galat: opsi '--bogus' tidak dikenal. Maksud Anda '--jobs'?"]
    assert cli("advise", "--format", "pdf", "x.yaml").stderr.endswith(
        "Galat: nilai tidak sah untuk '--format': 'pdf' bukan salah satu dari 'text', 'markdown', 'json', 'html', "
        "'csv', 'xlsx', 'jsonl'.\n")
    assert cli("advis").stderr.endswith("Galat: perintah 'advis' tidak dikenal. Maksud Anda 'advise'?\n")
    assert cli("--bogus").stderr.endswith("Galat: opsi '--bogus' tidak dikenal.\n")
    english = cli("advise", "--bogus", "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr.endswith("Error: No such option '--bogus'. Did you mean '--jobs'?\n")


def test_a_broken_rule_test_quotes_its_case_in_the_same_language(tmp_path: Path) -> None:
    from kkb_advisor.advice.advisor import Advisor
    from kkb_advisor.errors import RuleSetError
    from kkb_advisor.policy.ruletest import load_rule_tests, run_rule_test

    (tmp_path / "tests.yaml").write_text("tests:\n  - name: no case\n    case: missing.yaml\n"
                                         "    expect: {recommended: [OSS-NIB]}\n", encoding="utf-8")
    rules = load_rules(MINI_RULES)
    (test,) = load_rule_tests(rules, [tmp_path / "tests.yaml"])
    with Advisor(rules) as advisor, pytest.raises(RuleSetError) as err:
        run_rule_test(test, advisor)
    text = err.value.problems[0].text("id")
    assert "baris 2 (tests[0] 'no case'): kasusnya tidak sah: " in text
    assert text.endswith("missing.yaml: berkas tidak ada; periksa jalurnya; perbaiki berkas kasusnya")


# ---------------------------------------------------------------- --help


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name in sorted(group.commands):
        path = f"{prefix} {name}".strip()
        cmd = group.commands[name]
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)


COMMANDS = [("", main), *_commands(main)]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p or "kkb-advisor" for p, _ in COMMANDS])
def test_every_command_and_option_has_its_indonesian_help(path: str, command: click.Command) -> None:
    assert (path, "") in HELP_ID, f"add HELP_ID[({path!r}, '')] in kkb_advisor/cli/help_id.py"
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            assert (path, param.name) in HELP_ID or ("*", param.name) in HELP_ID, \
                f"add the Indonesian of {path} {param.opts[0]} to kkb_advisor/cli/help_id.py"


def test_help_is_indonesian_by_default_and_english_on_request(cli: Callable[..., Result],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    english = cli("advise", "--help").stdout
    assert english.startswith("Usage: main advise [OPTIONS] CASE...")
    assert "Options:" in english and "Write to FILE (atomically)" in english
    monkeypatch.delenv("KKB_ADVISOR_LANG")
    indonesian_help = cli("advise", "--help").stdout
    assert indonesian_help.startswith("Penggunaan: main advise [OPSI] CASE...\n\n  Sarankan program untuk FGD")
    assert "Opsi:\n" in indonesian_help and "Options" not in indonesian_help
    assert "Tulis ke FILE (secara atomik)" in indonesian_help
    assert "[bawaan: id]" in indonesian_help and "Tampilkan bantuan ini lalu keluar." in indonesian_help
    assert cli("advise", "--help", "--lang", "en").stdout == english
    top = cli("--help").stdout
    assert "Perintah:\n" in top and "  validate  Periksa berkas kasus tanpa memberi saran\n" in top
    assert "Penggunaan: main [OPSI] PERINTAH [ARG]..." in top
    assert "  lint      Periksa kesalahan dalam set aturan" in cli("rules", "-h").stdout


# ---------------------------------------------------------------- hints: Indonesian numbers, valid examples


def _number_fields(model: type[BaseModel], loc: tuple[Any, ...] = ()) -> Iterator[tuple[type[BaseModel], tuple]]:
    from kkb_advisor.io.validation import _inner_model

    for name, info in model.model_fields.items():
        here = (*loc, info.alias or name)
        inner = _inner_model(info.annotation)
        if inner is not None and inner is not model:
            yield from _number_fields(inner, here)
        elif _numeric(info.annotation):
            yield model, here


def _numeric(annotation: Any) -> bool:
    """A number field: int or float, alone, annotated or optional (not a list or mapping of them)."""
    if annotation in (int, float):
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated or origin in (typing.Union, types.UnionType):
        return any(_numeric(a) for a in typing.get_args(annotation)[:1 if origin is Annotated else None])
    return False


NUMBER_FIELDS = [(Case, loc) for _, loc in _number_fields(Case)] + [
    (ProgramFile, ("available", "from")), (ProgramFile, ("available", "until")), (RuleFile, ("priority",)),
    (ManifestFile, ("limit",))]


@pytest.mark.parametrize(("model", "loc"), NUMBER_FIELDS, ids=[".".join(map(str, loc)) for _, loc in NUMBER_FIELDS])
def test_the_example_in_a_number_hint_is_a_value_the_field_takes(model: type[BaseModel], loc: tuple) -> None:
    info = _field_info(model, loc)
    assert info is not None
    shown = example(model, loc)
    value = float(shown) if "." in shown else int(shown)
    field = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    TypeAdapter(field).validate_python(value)  # raises when the field refuses it


def test_the_number_fields_checked_include_the_bounded_ones() -> None:
    bounded = {".".join(map(str, loc)) for model, loc in NUMBER_FIELDS
               if _bounds(_field_info(model, loc)) != (None, None)}
    assert {"problems.severity", "links.strength", "facts.land_legal_share", "available.from", "priority",
            "limit"} <= bounded
    assert example(Case, ("problems", 0, "severity")) == "4"
    assert example(ProgramFile, ("available", "from")) == "2024"


@pytest.mark.parametrize(("written", "hint"), [
    ("1.200", "write 1200, without the thousands dot"),
    ("'1.200'", "write 1200 without the thousands dots or commas"),
    ("1,200", "write 1200 without the thousands dots or commas"),
    ("1.200.000", "write 1200000 without the thousands dots or commas"),
    ("'12'", "write the number without quotes: 12"),
    ("1.5", "write digits only, e.g. 12"),
])
def test_a_count_written_the_indonesian_way_is_explained(written: str, hint: str, tmp_path: Path) -> None:
    from kkb_advisor.case.load import load_case

    text = MINI_CASE.read_text(encoding="utf-8")
    assert "  households: " in text
    lines = [f"  households: {written}" if line.startswith("  households: ") else line for line in text.splitlines()]
    (tmp_path / "c.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KkbError) as err:
        load_case(tmp_path / "c.yaml", load_rules(MINI_RULES))
    (problem,) = err.value.problems
    assert problem.path == "profile.households" and problem.hint == hint
    assert translate(str(problem.message)) is not None and translate(hint) is not None


def test_the_error_catalogue_in_the_docs_is_current() -> None:
    run = subprocess.run([sys.executable, str(REPO / "docs" / "error_catalogue.py"), "--check"], check=False)
    assert run.returncode == 0, "run `python docs/error_catalogue.py` and review the diff of docs/errors.md"


@pytest.mark.parametrize("message", ["unknown rule 'X.Y'; use a rule id of this rule set",
                                     "unknown program 'P-Q'; use a program id from the catalogue"])
def test_a_rule_test_naming_nothing_close_reads_wholly_in_indonesian(message: str) -> None:
    # a rule test naming a rule or program with no near match gets the plain hint, not a did-you-mean
    text = indonesian(message)
    assert "use a" not in text and "tidak dikenal; pakai kode" in text, text


@pytest.mark.parametrize("message", [
    "1000 items; the limit is 200; an FGD case lists far fewer; check how the file was made",
    "300 items; the limit is 200; check how the file was made"])
def test_a_list_over_its_limit_reads_wholly_in_indonesian(message: str) -> None:
    assert indonesian(message).startswith(message.split(" ")[0] + " butir; batasnya "), indonesian(message)


@pytest.mark.parametrize("hint", ["a rule file is some kilobytes; is this the right file?",
                                  "a case workbook is some 30 kB; is this the right file?",
                                  "a rule workbook is well under 1 MB; is this the right file?"])
def test_every_reader_s_size_hint_reads_in_indonesian(hint: str) -> None:
    assert indonesian(hint).endswith("; benarkah ini berkasnya?") and "kilobytes" not in indonesian(hint)


def _constant_texts() -> list[tuple[str, str]]:
    """Every plain-string message or hint the library passes to a Problem or Finding (f-strings aside)."""
    import ast

    out = []
    root = Path(__file__).resolve().parents[1] / "kkb_advisor"
    for path in sorted(root.rglob("*.py")):
        if "errors_id" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "attr", getattr(name, "id", ""))
            if isinstance(node, ast.Call) and name in {"problem", "Problem", "Finding"}:
                for arg in node.args[-2:]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and " " in arg.value:
                        out.append((f"{path.relative_to(root.parent)}:{node.lineno}", arg.value))
    return out


def test_every_plain_message_and_hint_the_library_writes_has_its_indonesian() -> None:
    texts = _constant_texts()
    assert len(texts) > 40  # the scan finds the library's messages
    untranslated = [f"{where}: {text}" for where, text in texts if indonesian(text) == text]
    assert not untranslated, "\n".join(untranslated)
