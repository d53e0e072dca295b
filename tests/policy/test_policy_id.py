"""The policy tools speak the language of the run: `rules lint` findings and `rules test` results are Indonesian by
default and English with --lang en or KKB_ADVISOR_LANG=en; codes, file:line and ids stay as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from kkb_advisor.errors_id import translate
from kkb_advisor.policy.lint import Finding, lint_folder, render_findings
from tests.conftest import LINT_CORPUS, REPO, RULESETS

CORPUS = sorted(p for p in LINT_CORPUS.iterdir() if (p / "ruleset.yaml").is_file() and p.name != "clean")


def _untranslated(finding: Finding) -> list[str]:
    """The parts of a finding that would stay English in Indonesian output."""
    out = []
    for part, own in ((finding.message, finding.said_id[0]), (finding.hint, finding.said_id[1])):
        if part and not own and translate(part) is None:
            out.append(part)
    return out


@pytest.mark.parametrize("folder", CORPUS, ids=[p.name for p in CORPUS])
def test_every_finding_of_the_lint_corpus_has_its_indonesian(folder: Path) -> None:
    findings = lint_folder(folder)
    assert findings
    assert [part for f in findings for part in _untranslated(f)] == []
    for f in findings:
        english, indonesian = f.text("en"), f.text("id")
        assert english != indonesian
        # what a tool matches on stays the same: the place, the code and the rule id
        assert indonesian.startswith(f"{f.file}:{f.line}: ")
        assert f"[{f.code}]{' ' + f.rule + ':' if f.rule else ''} " in indonesian


def test_every_lint_code_is_in_the_corpus() -> None:
    # the corpus is what the Indonesian is checked on: a code without an example would go unchecked
    codes = {f.code for folder in CORPUS for f in lint_folder(folder)}
    documented = {line.split("`")[1] for line in (REPO / "docs" / "policy-tools.md").read_text(
        encoding="utf-8").splitlines() if line.startswith("| `") and ("| error |" in line or "| warning |" in line)}
    assert documented - codes <= {"unknown-placeholder"}  # a loader error (rules/placewords.py), tested there


NEVER_FIRES_YEAR = ("tests/data/lint/never-fires-year/rules.yaml:26: galat [never-fires] NIB.OLD-FGDS: tidak pernah "
                    "dapat berlaku: OSS-NIB tersedia sejak 2018, tidak pernah pada tahun yang diizinkan aturan (case: "
                    "year >= 2018 dan year <= 2016 tidak dapat terpenuhi bersamaan); perbaiki syarat yang saling "
                    "bertentangan (persyaratan dan masa berlaku program di katalog ikut dihitung)\n"
                    "1 galat, 0 peringatan\n")


def test_lint_is_indonesian_by_default_and_english_on_request(cli: Callable[..., Result], in_repo: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = "tests/data/lint/never-fires-year"
    english = (LINT_CORPUS / "never-fires-year" / "expected.txt").read_text(encoding="utf-8")
    monkeypatch.delenv("KKB_ADVISOR_LANG")
    by_default = cli("rules", "lint", folder)
    assert (by_default.exit_code, by_default.stdout) == (1, NEVER_FIRES_YEAR)
    assert cli("rules", "lint", folder, "--lang", "en").stdout == english
    monkeypatch.setenv("KKB_ADVISOR_LANG", "en")
    assert cli("rules", "lint", folder).stdout == english
    assert cli("rules", "lint", folder, "--lang", "id").stdout == NEVER_FIRES_YEAR  # --lang wins


def test_lint_warnings_read_in_indonesian(cli: Callable[..., Result], in_repo: Path, messages_default: None) -> None:
    result = cli("rules", "lint", "tests/data/lint/shadowed", "--strict")
    assert result.exit_code == 1
    assert result.stdout == (
        "tests/data/lint/shadowed/rules.yaml:26: peringatan [shadowed] PIRT.SEVERE-LEGAL: tertutup: setiap kali "
        "aturan ini berlaku, PIRT.UNLICENSED-FOOD (rules.yaml:2) juga berlaku untuk KES-SPPIRT, dengan syarat lebih "
        "lemah dan prioritas 4 (peran answer) terhadap 2 (peran answer) milik aturan ini, sehingga aturan ini tidak "
        "pernah mengubah saran; hapus aturan ini, atau beri prioritas lebih tinggi dari PIRT.UNLICENSED-FOOD\n"
        "0 galat, 1 peringatan\n")


def test_an_engine_limit_keeps_the_indonesian_the_engine_check_wrote(cli: Callable[..., Result], in_repo: Path,
                                                                     messages_default: None) -> None:
    (finding,) = lint_folder(LINT_CORPUS / "engine-limit")
    assert finding.said_id[0].startswith("mulai aturan ini, satu fakta 'case' dapat lolos")
    line = cli("rules", "lint", "tests/data/lint/engine-limit").stdout.splitlines()[0]
    assert line.startswith("tests/data/lint/engine-limit/rules.yaml:387: galat [engine-limit] YEAR.T64: mulai aturan")
    assert "aturan 'YEAR.T64'" not in line  # the finding names its rule once, as in English


@pytest.mark.parametrize(("english", "indonesian"), [
    ("can never fire: case: setting in ['urban', 'rural'] and setting = coastal cannot all hold",
     "tidak pernah dapat berlaku: case: setting salah satu dari ['urban', 'rural'] dan setting = coastal tidak dapat "
     "terpenuhi bersamaan"),
    ("can never fire: asset: has_nib exists: false and has_nib = true cannot all hold",
     "tidak pernah dapat berlaku: asset: has_nib tidak ada dan has_nib = true tidak dapat terpenuhi bersamaan"),
    ("can never fire: problem.severity = 'high' compares a int field with another type",
     "tidak pernah dapat berlaku: problem.severity = 'high' membandingkan isian angka dengan jenis nilai lain"),
    ("recommends OSS-NIB where NIB.A (rules.yaml:3) excludes it (unless case setting = upland and case is_desa = "
     "true), and both can hold together",
     "merekomendasikan OSS-NIB padahal NIB.A (rules.yaml:3) mengecualikannya (kecuali case setting = upland dan "
     "case is_desa = true), dan keduanya dapat berlaku bersamaan"),
    ("expected OSS-NIB before KES-SPPIRT, got ranks kept and a step before 2",
     "OSS-NIB diharapkan sebelum KES-SPPIRT, ternyata peringkatnya dipertahankan dan langkah sebelum peringkat 2"),
    ("expected A before B; A and B were not recommended", "A diharapkan sebelum B; A dan B tidak direkomendasikan"),
    ("can never fire: asset.has_nib must be absent and tested at once",
     "tidak pernah dapat berlaku: asset.has_nib harus tidak ada sekaligus diuji"),
    ("expects OSS-NIB to be recommended, but no rule recommends it and no prerequisite leads to it",
     "mengharapkan OSS-NIB direkomendasikan, padahal tidak ada aturan yang merekomendasikannya dan tidak ada "
     "prasyarat yang mengarah ke sana"),
    ("no case can meet case.month >= 13: outside a month (1-12)",
     "tidak ada kasus yang memenuhi case.month >= 13: di luar bulan (1-12)"),
    ("use a value on the link strength scale 1-3", "pakai nilai pada skala kekuatan hubungan 1-3"),
    ("use one of the values of the case format", "pakai salah satu nilai dari format kasus"),
    ("cause: reaches includes any of ['ECO.X', 'ECO.Y'] and reaches includes ECO.Z cannot all hold",
     "cause: reaches memuat salah satu dari ['ECO.X', 'ECO.Y'] dan reaches memuat ECO.Z tidak dapat terpenuhi "
     "bersamaan"),
])
def test_composed_policy_sentences_read_in_indonesian(english: str, indonesian: str) -> None:
    assert translate(english) == indonesian


def test_the_count_line_follows_the_language() -> None:
    assert render_findings([], "id") == "0 galat, 0 peringatan\n"
    assert render_findings([]) == "0 errors, 0 warnings\n"


def test_rule_test_results_are_indonesian_by_default(cli: Callable[..., Result], in_repo: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = RULESETS.relative_to(REPO) / "failing"
    english = cli("rules", "test", folder).stdout
    assert english.endswith("     - expected KES-SPPIRT with status continue, got new\n2 tests, 1 passed, 1 failed\n")
    monkeypatch.delenv("KKB_ADVISOR_LANG")
    result = cli("rules", "test", folder)
    assert result.exit_code == 1
    assert result.stdout == (
        "LULUS tests/data/rulesets/failing/tests/failing.yaml:2 passes\n"
        "GAGAL tests/data/rulesets/failing/tests/failing.yaml:6 every expectation wrong\n"
        "     - DES-DANADESA diharapkan direkomendasikan; ternyata tidak\n"
        "     - KOP-LATIHWIRAUSAHA diharapkan tidak direkomendasikan; ternyata direkomendasikan, di peringkat 1\n"
        "     - KES-SPPIRT diharapkan sebelum OSS-NIB, ternyata peringkatnya 3 dan 2\n"
        "     - DES-DANADESA diharapkan sebelum OSS-NIB; DES-DANADESA tidak direkomendasikan\n"
        "     - aturan VILLAGE.FUND diharapkan berlaku; ternyata tidak\n"
        "     - aturan PIRT.UNLICENSED-FOOD diharapkan tidak berlaku; ternyata berlaku\n"
        "     - DES-DANADESA diharapkan berstatus new; ternyata tidak direkomendasikan\n"
        "     - KES-SPPIRT diharapkan berstatus continue, ternyata new\n"
        "2 uji, 1 lulus, 1 gagal\n")
    assert cli("rules", "test", folder, "--lang", "en").stdout == english


def test_rule_coverage_lines_are_indonesian_by_default(cli: Callable[..., Result], in_repo: Path,
                                                        messages_default: None) -> None:
    result = cli("rules", "test", "tests/data/rulesets/tested", "--coverage", "--cases", "tests/data/diff-cases")
    assert result.exit_code == 0
    assert result.stdout.endswith("6 uji, 6 lulus, 0 gagal\ncakupan: 3 dari 3 aturan berlaku di 6 uji dan 1 kasus\n"
                                  "  berlaku   6x  PIRT.UNLICENSED-FOOD\n  berlaku   5x  TRAINING.SOFT-SKILL\n"
                                  "  berlaku   1x  VILLAGE.FUND\n")
