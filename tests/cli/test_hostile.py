"""Hostile files: refused or handled within bounded time and memory, with a message; they never run code."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result

from kkb_advisor.advice.advisor import advise
from kkb_advisor.case.load import MAX_CASE_NODES, load_case, parse_case
from kkb_advisor.errors import CaseError, InputError, KkbError, RuleSetError
from kkb_advisor.io.documents import parse_text
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.rules.load import load_rules
from tests.casegen import case_text
from tests.conftest import MINI_CASE, MINI_RULES

SECONDS = 5.0  # every hostile input is dealt with well within this
MAX_GROWTH_MB = 300  # ... and without the process growing by more than this


@contextmanager
def bounded(seconds: float = SECONDS) -> Iterator[None]:
    """Fail if the block takes longer than ``seconds`` or raises the process's peak memory by too much."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert grown < MAX_GROWTH_MB, f"peak memory grew by {grown:.0f} MB"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(MINI_RULES)


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
) + "\n"


def test_alias_bomb_is_refused_quickly(rules: RuleSet) -> None:
    with bounded(), pytest.raises(CaseError) as info:
        parse_case(BILLION_LAUGHS, rules=rules)
    assert "expands to more than 1,000,000 values" in str(info.value)
    assert "anchors and aliases that multiply data are refused" in str(info.value)


def test_alias_bomb_in_a_rule_file_is_refused(mini_copy: Path) -> None:
    (mini_copy / "rules.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    with bounded(), pytest.raises(RuleSetError, match="expands to more than"):
        load_rules(mini_copy)


def test_harmless_anchors_still_work(rules: RuleSet) -> None:
    text = MINI_CASE.read_text(encoding="utf-8").replace("label_id: \"Ibu-ibu PKK\"", "label_id: &pkk \"Ibu-ibu PKK\"")
    text = text.replace('label_en: "PKK women"', "label_en: *pkk")
    assert parse_case(text, rules=rules).metadata.fgd_groups[0].label_en == "Ibu-ibu PKK"


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path, run_in: Callable[..., Result]) -> None:
    big = tmp_path / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with big.open("wb") as handle:
        for _ in range(50 * 1024):
            handle.write(line)
    with bounded(2.0):
        result = run_in(tmp_path, "advise", "big.yaml", "--rules", MINI_RULES)
    assert result.exit_code == 2
    assert result.stderr == ("Error: big.yaml: the file is 50.0 MB; the limit is 1 MB; "
                             "a case or rule file is a few kilobytes; is this the right file?\n")


def test_50_mb_of_text_given_directly_is_refused(rules: RuleSet) -> None:
    with bounded(2.0), pytest.raises(CaseError, match=r"the text is 50\.0 MB; the limit is 1 MB"):
        parse_case("notes: " + "x" * (50 * 1024 * 1024), rules=rules)


def _graph_case(problems: int, causes: int, links_per_cause: int) -> str:
    lines = MINI_CASE.read_text(encoding="utf-8").split("problems:\n")[0].splitlines(keepends=True)
    lines.append("problems:\n")
    lines += [f"  - {{id: P{i}, label_id: p, category: ECO.INCOME, severity: {1 + i % 5}}}\n" for i in range(problems)]
    lines.append("causes:\n")
    lines += [f"  - {{id: C{i}, label_id: c, category: CAU.SKILL.SOFT}}\n" for i in range(causes)]
    lines.append("links:\n")
    for i in range(causes):  # a chain of causes with loops, each also feeding a few problems
        lines.append(f"  - {{from: C{i}, to: C{(i + 1) % causes}, strength: 2}}\n")
        lines += [f"  - {{from: C{i}, to: P{(i * 7 + k) % problems}, strength: {1 + k % 3}}}\n"
                  for k in range(links_per_cause)]
    return "".join(lines)


def test_a_10000_node_graph_is_refused_with_a_message(rules: RuleSet) -> None:
    text = _graph_case(5000, 5000, 1)
    with bounded(), pytest.raises(CaseError, match=r"the limit is (1 MB|200)"):
        parse_case(text, rules=rules)


def test_too_many_nodes_is_refused_with_a_message(rules: RuleSet) -> None:
    with bounded(), pytest.raises(CaseError) as info:
        parse_case(_graph_case(150, 150, 1), rules=rules)
    assert str(info.value) == (f"<case>: the case has 300 problems and causes; the limit is {MAX_CASE_NODES}; "
                               "an FGD case names a few dozen; split the file or check how it was generated")


def test_the_largest_allowed_graph_advises_in_bounded_time(rules: RuleSet) -> None:
    case = parse_case(_graph_case(MAX_CASE_NODES // 2, MAX_CASE_NODES // 2, 8), rules=rules)
    with bounded(10.0):
        advice = advise(case, rules)
    assert advice.recommendations


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
@pytest.mark.parametrize("opener", ["[", "{a: "], ids=["lists", "mappings"])
def test_deep_nesting_is_refused_or_parsed_never_a_crash(depth: int, opener: str, rules: RuleSet) -> None:
    closer = "]" if opener == "[" else "}"
    text = "notes: " + opener * depth + "1" + closer * depth + "\n"
    with bounded(), pytest.raises(CaseError):
        parse_case(text, rules=rules)


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deep_json_nesting_is_refused(depth: int, rules: RuleSet) -> None:
    with bounded(), pytest.raises(CaseError, match=r"nested too deeply|expected"):
        parse_case('{"notes": ' + "[" * depth + "]" * depth + "}", rules=rules, is_json=True)


MARKER = "kkb-hostile-marker"
CODE_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/module:os",
    '!!python/object:builtins.open {{file: "{marker}", mode: "w"}}',
    '!include "/etc/passwd"',
    "!!binary aGVsbG8=",
]


@pytest.mark.parametrize("tag", CODE_TAGS, ids=[t.split()[0] for t in CODE_TAGS])
def test_tags_that_build_objects_never_run_code(tag: str, tmp_path: Path, run_in: Callable[..., Result]) -> None:
    marker = tmp_path / MARKER
    (tmp_path / "case.yaml").write_text(MINI_CASE.read_text(encoding="utf-8")
                                        + f"notes: {tag.format(marker=marker)}\n", encoding="utf-8")
    with bounded():
        result = run_in(tmp_path, "advise", "case.yaml", "--rules", MINI_RULES)
    assert result.exit_code == 2
    assert not marker.exists()
    assert result.stderr.startswith("Error: case.yaml: line 37, column 8")
    assert len(result.stderr.splitlines()) == 1
    assert "root:" not in result.stderr  # nothing of /etc/passwd was read


@pytest.mark.parametrize("tag", CODE_TAGS[:5], ids=[t.split()[0] for t in CODE_TAGS[:5]])
def test_tags_in_rule_files_never_run_code(tag: str, mini_copy: Path) -> None:
    marker = mini_copy / MARKER
    text = (mini_copy / "rules.yaml").read_text(encoding="utf-8")
    (mini_copy / "rules.yaml").write_text(text.replace('source: "seed"', "source: " + tag.format(marker=marker)),
                                          encoding="utf-8")
    with pytest.raises(RuleSetError, match="is not allowed here; case and rule files hold plain data"):
        load_rules(mini_copy)
    assert not marker.exists()


def test_a_case_cannot_make_the_loader_read_another_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n", encoding="utf-8")
    for value in (f"!include {secret}", f"'file://{secret}'", f"{secret}"):
        case = tmp_path / "case.yaml"
        case.write_text(MINI_CASE.read_text(encoding="utf-8") + f"notes: {value}\n", encoding="utf-8")
        try:
            loaded = load_case(case, load_rules(MINI_RULES))
        except KkbError as exc:
            assert "TOP-SECRET" not in str(exc)
            continue
        assert "TOP-SECRET" not in loaded.model_dump_json()


@pytest.mark.parametrize("name", ["/etc/hostname", "../../../../../../etc/hostname", "../outside.yaml"])
def test_a_rule_set_cannot_name_files_outside_its_folder(name: str, mini_copy: Path) -> None:
    (mini_copy.parent / "outside.yaml").write_text((mini_copy / "taxonomy.yaml").read_text(encoding="utf-8"))
    manifest = mini_copy / "ruleset.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("taxonomy: taxonomy.yaml", f"taxonomy: {name}"))
    with pytest.raises(RuleSetError, match="outside the rule-set folder"):
        load_rules(mini_copy)


def test_json_and_yaml_parsers_take_no_code_paths() -> None:
    """Only plain data comes back: dicts, lists, text, numbers, booleans, dates, None."""
    doc = parse_text(case_text({"a": [1, 2.5, "x", True, None], "b": {"c": "2019-03-01"}}), name="x.yaml")
    assert doc.data == {"a": [1, 2.5, "x", True, None], "b": {"c": "2019-03-01"}}
    with pytest.raises(InputError, match="is not allowed"):
        parse_text("a: !!python/tuple [1, 2]\n", name="x.yaml")
