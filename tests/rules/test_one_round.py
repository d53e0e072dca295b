"""A rule set with mistakes in several files shows every one in one run (docs/errors.md, "Every error at once"):
the manifest's own sections, the catalogue, every rule file, without a cascade from an invalid catalogue entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkb_advisor.errors import RuleSetError
from kkb_advisor.policy.lint import lint_folder
from kkb_advisor.rules.load import load_rules
from tests.conftest import MINI_RULES


def _broken(folder: Path) -> Path:
    shutil.copytree(MINI_RULES, folder)
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "rules: [rules.yaml]", "rules: [rules.yaml, more.yaml, broken.yaml]") +
        "ranking: {answer: 2, size_weight: -1}\n", encoding="utf-8")
    catalogue = folder / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # the Pelatihan kewirausahaan entry gets a timing that does not exist: invalid, its id still readable
    at = text.index("id: KOP-LATIHWIRAUSAHA")
    catalogue.write_text(text[:at] + "timing: sometimes\n    " + text[at:], encoding="utf-8")
    (folder / "more.yaml").write_text(
        "rules:\n"
        "  - id: M.1\n    title: {id: t, en: t}\n    program: KOP-LATIHWIRAUSAHA\n    when:\n"
        "      - problem: {category: ECO.INCOME}\n    rationale: {id: r, en: r}\n"
        "  - id: M.2\n    title: {id: t, en: t}\n    program: KOP-LATIHWIRAUSAHAN\n    when:\n"
        "      - problem: {category: ECO.INCOME}\n    rationale: {id: r, en: r}\n"
        "  - id: M.3\n    title: {id: t, en: t}\n    program: DES-DANADESA\n    when:\n"
        "      - problem: {severity: {min: high}}\n    rationale: {id: r, en: r}\n", encoding="utf-8")
    (folder / "broken.yaml").write_text("rules:\n  - id: B.1\n    title: [unclosed\n", encoding="utf-8")
    return folder


def test_a_rule_set_with_mistakes_in_every_file_shows_them_all_in_one_run(tmp_path: Path) -> None:
    folder = _broken(tmp_path / "broken")
    with pytest.raises(RuleSetError) as caught:
        load_rules(folder)
    problems = caught.value.problems
    text = "\n".join(str(p) for p in problems)
    files = [Path(p.file).name for p in problems]
    assert "ruleset.yaml" in files and "catalogue.yaml" in files  # the manifest's ranking and the catalogue
    assert "more.yaml" in files and "broken.yaml" in files  # every rule file, the one that does not parse too
    assert sum("ranking" in p.location for p in problems) == 2, text  # both bad ranking values
    assert "sometimes" in text or "timing" in text
    # the invalid entry's id stays known: M.1 and the prerequisite naming it are no second error
    assert not any(p.subject == "M.1" for p in problems), text
    assert "unknown program 'KOP-LATIHWIRAUSAHA'" not in text
    assert "unknown program 'KOP-LATIHWIRAUSAHAN'" in text  # a real typo still is
    assert any(p.subject == "M.3" for p in problems), text
    keys = [(p.file, p.line, p.location) for p in problems]
    assert keys == sorted(keys)  # by file, then line


def test_lint_shows_the_same_errors_in_one_run(tmp_path: Path) -> None:
    folder = _broken(tmp_path / "broken")
    with pytest.raises(RuleSetError) as caught:
        load_rules(folder)
    findings = lint_folder(folder)
    assert {(f.file, f.line) for f in findings} == {(p.file, p.line) for p in caught.value.problems}


def test_a_taxonomy_that_does_not_parse_stops_before_the_files_that_depend_on_it(tmp_path: Path) -> None:
    folder = _broken(tmp_path / "broken")
    (folder / "taxonomy.yaml").write_text("problems: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rules(folder)
    files = {Path(p.file).name for p in caught.value.problems}
    # the manifest, and every file that does not parse; no check that would need the taxonomy
    assert files == {"ruleset.yaml", "taxonomy.yaml", "broken.yaml"}, caught.value


def test_lint_of_a_rule_set_that_does_not_load_shows_its_rule_tests_file_mistakes_too(tmp_path: Path) -> None:
    folder = _broken(tmp_path / "broken")
    (folder / "tests").mkdir()
    (folder / "tests" / "t.yaml").write_text(
        "tests:\n  - name: one\n    case: c.yaml\n    expect: {recomended: [OSS-NIB]}\n", encoding="utf-8")
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "tests: [tests/t.yaml]\n", encoding="utf-8")
    findings = lint_folder(folder)
    said = [f for f in findings if f.file.endswith("tests/t.yaml")]
    assert len(said) == 1 and "recomended" in said[0].message and said[0].line == 4, findings
    assert any(f.file.endswith("ruleset.yaml") for f in findings)  # beside the rule set's own errors
