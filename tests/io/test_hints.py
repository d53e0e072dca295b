"""A message's hint fits the field it is about: the real length limit, a lower bound above 0, a rule-set file's
format, a key that is not text shown as the file spells it, and a number that is not finite."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kkb_advisor import CaseError, RuleSetError, load_rules, parse_case

from ..conftest import MINI_CASE, MINI_RULES


def _case_error(text: str) -> str:
    with pytest.raises(CaseError) as caught:
        parse_case(text, name="c.yaml", rules=load_rules(MINI_RULES))
    return "\n".join(p.text("en") for p in caught.value.problems)


def test_a_too_long_id_names_its_own_limit() -> None:
    text = re.sub(r"(?m)^case_id: .*$", "case_id: " + "A" * 65, MINI_CASE.read_text(encoding="utf-8"))
    assert "(case_id): the text is too long; keep it to at most 64 characters" in _case_error(text)


@pytest.mark.parametrize(("key", "shown"), [("2018-01-01", "the key 2018-01-01 (a date)"),
                                            ("true", "the key true (yes/no)")])
def test_a_key_that_is_not_text_is_shown_as_written(key: str, shown: str) -> None:
    text = MINI_CASE.read_text(encoding="utf-8").replace("\nfacts:\n", f"\nfacts:\n  {key}: 1\n", 1)
    assert "\nfacts:\n" in MINI_CASE.read_text(encoding="utf-8")
    said = _case_error(text)
    assert f"(facts.{key}): {shown} is not a name" in said, said
    assert "datetime" not in said


def _ruleset_error(tmp_path: Path, added: str) -> str:
    folder = tmp_path / "rules"
    shutil.copytree(MINI_RULES, folder)
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + added, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rules(folder)
    return "\n".join(p.text("en") for p in caught.value.problems)


def test_an_infinite_weight_is_said_in_words(tmp_path: Path) -> None:
    said = _ruleset_error(tmp_path, "ranking:\n  answer: .inf\n")
    assert "(ranking.answer): inf is not a finite number; write an ordinary number, e.g. 0.5" in said, said


def test_a_lower_bound_above_zero_does_not_speak_of_negative_counts(tmp_path: Path) -> None:
    said = _ruleset_error(tmp_path, "ranking:\n  severe: 0\n")
    assert "must be at least 1, got 0" in said and "negative" not in said, said


def test_an_unknown_key_in_a_rule_set_file_points_to_the_rule_set_format(tmp_path: Path) -> None:
    said = _ruleset_error(tmp_path, "rankingg: {}\n")
    assert "unknown key 'rankingg'" in said and "the case format" not in said, said


def test_a_socket_given_as_a_case_is_called_what_it_is(tmp_path: Path) -> None:
    import socket

    from kkb_advisor import InputError, load_case

    path = tmp_path / "case.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError) as caught:
            load_case(path, load_rules(MINI_RULES))
    assert caught.value.problems[0].text("en").endswith(
        "is not a regular file (a pipe, device or socket); give the path of a .yaml or .json file saved on disk")


@pytest.mark.parametrize(("english", "indonesian"), [
    ("'catalogue.yaml': the file is 10.8 MB; the limit is 10 MB",
     "'catalogue.yaml': berkas berukuran 10.8 MB; batasnya 10 MB"),
    ("give the path of a .yaml or .json file saved on disk",
     "beri jalur berkas .yaml atau .json yang tersimpan di disk"),
    ("give the path of a .yaml rule file", "beri jalur berkas aturan .yaml"),
])
def test_messages_once_half_english_are_whole_in_indonesian(english: str, indonesian: str) -> None:
    from kkb_advisor.errors import say

    assert say(english, "id") == indonesian
