"""The rule-set cache: a cached load is the same rule set; any edit or corruption falls back to a fresh load."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from kkb_advisor.rules import cache
from kkb_advisor.rules.load import load_rules
from tests.conftest import MINI_RULES


def _fields(ruleset: object) -> dict[str, object]:
    return {f.name: getattr(ruleset, f.name) for f in dataclasses.fields(ruleset) if f.name not in {"runtime", "lock"}}  # type: ignore[arg-type]


@pytest.fixture()
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KKB_ADVISOR_CACHE", str(folder))
    return folder


def test_cached_load_equals_fresh_load(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rules(MINI_RULES)
    assert len(list(private_cache.glob("*.json"))) == 1
    second = load_rules(MINI_RULES)  # from the cache
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")
    fresh = load_rules(MINI_RULES)
    assert _fields(second) == _fields(fresh) == _fields(first)
    assert second is not first


def test_edited_rule_file_is_reloaded(private_cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI_RULES, folder)
    before = load_rules(folder)
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("priority: 4", "priority: 5"), encoding="utf-8")
    after = load_rules(folder)
    assert before.rule("PIRT.UNLICENSED-FOOD").priority == 4  # type: ignore[union-attr]
    assert after.rule("PIRT.UNLICENSED-FOOD").priority == 5  # type: ignore[union-attr]
    assert after.hash != before.hash


def test_corrupt_cache_is_ignored(private_cache: Path) -> None:
    load_rules(MINI_RULES)
    for path in private_cache.glob("*.json"):
        path.write_text('{"__dc": "Nope", "f": {}}', encoding="utf-8")
    assert load_rules(MINI_RULES).name == "mini"


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")
    assert cache.cache_folder() is None
    assert load_rules(MINI_RULES).name == "mini"


def test_the_cache_keeps_the_newest_entries_and_nothing_else_is_touched(private_cache: Path) -> None:
    import os

    private_cache.mkdir(parents=True)
    for i in range(cache.KEEP + 8):
        old = private_cache / f"{i:064x}.json"
        old.write_text("[]", encoding="utf-8")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    mine = private_cache / "notes.json"
    mine.write_text("{}", encoding="utf-8")
    load_rules(MINI_RULES)  # writes a fresh entry and prunes
    entries = [p for p in private_cache.iterdir() if len(p.name) == 69]
    assert len(entries) == cache.KEEP
    assert not (private_cache / f"{0:064x}.json").exists() and (private_cache / f"{cache.KEEP + 7:064x}.json").exists()
    assert mine.exists()  # not an entry of this cache
    assert load_rules(MINI_RULES) is not None


def test_a_corrupt_entry_of_any_shape_is_ignored(private_cache: Path) -> None:
    load_rules(MINI_RULES)
    (entry,) = private_cache.glob("*.json")
    for text in ("[3, 1]", "[0, 99]", "[0, 0, 1]", "[7]", '"text"', "[]", "[1, [3, 2]]"):
        entry.write_text(text, encoding="utf-8")
        assert load_rules(MINI_RULES).name == "mini", text


def test_the_key_follows_the_code_that_reads_rule_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    package = tmp_path / "kkb_advisor"
    for part in ("rules", "io", "model"):
        shutil.copytree(cache._PACKAGE / part, package / part)
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.cache_key("rules", "abc")
    assert cache.cache_key("rules", "abc") == before  # the same code: the same key
    parse = package / "rules" / "parse.py"
    os.utime(parse, ns=(1, 1))  # an edited module
    assert cache.cache_key("rules", "abc") != before
    (package / "model" / "advice.py").write_text("# not read by the rule loader\n", encoding="utf-8")
    after = cache.cache_key("rules", "abc")
    os.utime(package / "model" / "advice.py", ns=(2, 2))
    assert cache.cache_key("rules", "abc") == after


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from kkb_advisor.rules import compiler

    calls: list[int] = []
    real = compiler.engine_problems

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(compiler, "engine_problems", counted)
    return calls


def test_a_definition_within_the_engine_limits_is_checked_once(private_cache: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kkb_advisor.rules import network
    from kkb_advisor.rules.compiler import compile_ruleset
    from kkb_advisor.rules.durable import engine_json, to_durable

    calls = _counting_checks(monkeypatch)
    first = compile_ruleset(load_rules(MINI_RULES))
    assert len(calls) == 1 and len(list(private_cache.glob("*.engine-ok"))) == 1
    again = compile_ruleset(load_rules(MINI_RULES))
    assert len(calls) == 1  # the same definition: not checked again
    assert again.rules == first.rules and again.durable == first.durable
    assert first.durable == engine_json(to_durable(first.rules), sort_keys=True)  # what the engine is given
    monkeypatch.setitem(network.LIMITS, "stack", network.LIMITS["stack"] + 1)
    compile_ruleset(load_rules(MINI_RULES))
    assert len(calls) == 2  # other limits: checked again
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")
    compile_ruleset(load_rules(MINI_RULES))
    compile_ruleset(load_rules(MINI_RULES))
    assert len(calls) == 4  # no cache: checked every time


def test_a_definition_past_the_engine_limits_is_refused_every_time(private_cache: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kkb_advisor.errors import RuleSetError
    from kkb_advisor.rules.compiler import compile_ruleset
    from tests.advice.test_engine_refusals import _thresholds

    calls = _counting_checks(monkeypatch)
    rules = load_rules(_thresholds(tmp_path / "many"))
    for attempt in (1, 2):
        with pytest.raises(RuleSetError, match="more tests at once than the rule engine can follow"):
            compile_ruleset(rules)
        assert len(calls) == attempt
    assert not list(private_cache.glob("*.engine-ok"))


# ---------------------------------------------------------------- only an entry this code wrote whole is used


def _split(raw: bytes) -> tuple[bytes, bytes]:
    """(the checksum line, the JSON) of an entry; an entry without a checksum line is all JSON."""
    head, sep, payload = raw.partition(b"\n")
    return (head + sep, payload) if sep else (b"", raw)


def _one_value_changed(raw: bytes, seed: int) -> bytes:
    """The entry with one value somewhere in its JSON replaced (the checksum line, if any, kept as it was)."""
    import json
    import random

    head, payload = _split(raw)
    data = json.loads(payload)
    places: list[tuple[list[Any], int]] = []
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            for i, item in enumerate(value):
                places.append((value, i))
                stack.append(item)
    rng = random.Random(seed)
    while True:
        container, i = rng.choice(places)
        new = rng.choice([None, "x", 12345, [], {}, True, -1, 1e300, 0, 1])
        if json.dumps(container[i]) != json.dumps(new):
            container[i] = new
            return head + json.dumps(data, separators=(",", ":")).encode()


def test_an_entry_with_one_value_changed_is_never_used(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The red-team's cache_corruption.sh: one value changed in a well-formed entry gave internal errors, an engine
    refusal blamed on a rule file, and other advice under the same rule-set hash. Now the entry is not used (the
    rule set is read from its files, the same as with no cache) and written anew."""
    load_rules(MINI_RULES)
    (entry,) = private_cache.glob("*.json")
    written = entry.read_bytes()
    monkeypatch.setenv("KKB_ADVISOR_CACHE", "off")
    fresh = _fields(load_rules(MINI_RULES))
    monkeypatch.setenv("KKB_ADVISOR_CACHE", str(private_cache))
    for seed in range(60):
        entry.write_bytes(_one_value_changed(written, seed))
        assert cache.read_cached(entry.stem) is None, seed
        assert _fields(load_rules(MINI_RULES)) == fresh, seed
        assert entry.read_bytes() == written, seed  # rebuilt and overwritten


def test_an_entry_cut_short_or_under_another_key_is_not_used(private_cache: Path) -> None:
    load_rules(MINI_RULES)
    (entry,) = private_cache.glob("*.json")
    written = entry.read_bytes()
    assert cache.read_cached(entry.stem) is not None
    for cut in (1, 64, 65, len(written) // 2, len(written) - 1):
        entry.write_bytes(written[:cut])
        assert cache.read_cached(entry.stem) is None, cut
    entry.write_bytes(written)
    other = private_cache / f"{'0' * 64}.json"
    other.write_bytes(written)  # a whole entry, but of another key
    assert cache.read_cached(other.stem) is None
    entry.write_bytes(_split(written)[1])  # the JSON alone, as the previous format wrote it
    assert cache.read_cached(entry.stem) is None


@pytest.mark.parametrize("error", [AttributeError, TypeError, ValueError, KeyError, RecursionError, MemoryError,
                                   OverflowError, AssertionError])
def test_an_entry_that_does_not_decode_is_ignored_whatever_it_raises(error: type[BaseException],
                                                                     private_cache: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(MINI_RULES)
    (entry,) = private_cache.glob("*.json")

    def broken(value: Any) -> Any:
        raise error("broken")

    monkeypatch.setattr(cache, "_decode", broken)
    assert cache.read_cached(entry.stem) is None
    assert load_rules(MINI_RULES).name == "mini"


def test_a_home_that_does_not_exist_is_never_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "nonexistent"
    monkeypatch.delenv("KKB_ADVISOR_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert cache.cache_folder() is None
    fresh = load_rules(MINI_RULES)  # no cache: read from the files, and nothing made
    assert fresh.hash and not home.exists()
    home.mkdir()
    assert cache.cache_folder() == home / ".cache" / "kkb-advisor"
