"""Seeded defects: realistic mistakes a policy team makes when it edits a rule set, one small function each.

Each mutation edits a copy of the bundled rule set (the YAML text of one file, as a person in an editor would) and
says where the mistake is: the file, and the rule, program or test it is in (its id and its lines). Where to apply
it is chosen by a random generator seeded with the mutation's name, so every run makes the same copies. Used by
``bench/seeded.py`` and ``tests/policy/test_seeded.py``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["MUTATIONS", "Block", "Copy", "Mutation", "Place"]


@dataclass(frozen=True)
class Place:
    """Where a mistake is: a file of the rule set, and (when it is in one) the item's id and lines."""

    file: str
    item: str = ""
    lines: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Block:
    """One item of a top-level list (a rule, program, prerequisite, test): its id and first/last line (1-based)."""

    id: str
    start: int
    end: int
    index: int

    def place(self, file: str) -> Place:
        return Place(file, self.id, (self.start, self.end))


class Skip(Exception):
    """The rule set has nothing this mutation can apply to."""


class Copy:
    """A copy of a rule set being edited: the text of its files, their items, a seeded choice."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng

    def read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.folder / name).write_text(text, encoding="utf-8")

    def rule_files(self) -> list[str]:
        return [str(n) for n in yaml.safe_load(self.read("ruleset.yaml"))["rules"]]

    def test_files(self) -> list[str]:
        return [str(n) for n in yaml.safe_load(self.read("ruleset.yaml")).get("tests", [])]

    def blocks(self, name: str, key: str) -> list[Block]:
        text = self.read(name)
        lines = text.split("\n")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        seq = next((v for k, v in root.value if k.value == key), None)
        nodes = seq.value if seq is not None else []
        out = []
        for i, node in enumerate(nodes):
            fields = {k.value: v for k, v in node.value}
            ident = fields.get("id") or fields.get("name")
            if ident is not None:
                label = ident.value
            else:
                label = f"{fields['program'].value}>{fields['needs'].value}" if "needs" in fields else ""
            start = node.start_mark.line + 1
            # up to the line before the next item (or the end of the list), less blank and comment lines
            end = nodes[i + 1].start_mark.line if i + 1 < len(nodes) else seq.end_mark.line + (  # type: ignore
                1 if seq.end_mark.column else 0)  # type: ignore[union-attr]
            while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1
            out.append(Block(label, start, end, i))
        return out

    def pick(self, items: list[tuple[str, Block]]) -> tuple[str, Block]:
        if not items:
            raise Skip()
        return self.rng.choice(sorted(items, key=lambda x: (x[0], x[1].start)))

    def rules(self, where: Callable[[str], bool] = lambda text: True) -> list[tuple[str, Block]]:
        """Every rule (file, block) whose text passes ``where``."""
        return [(n, b) for n in self.rule_files() for b in self.blocks(n, "rules") if where(self.lines(n, b))]

    def tests(self, where: Callable[[str], bool] = lambda text: True) -> list[tuple[str, Block]]:
        return [(n, b) for n in self.test_files() for b in self.blocks(n, "tests") if where(self.lines(n, b))]

    def programs(self, where: Callable[[str], bool] = lambda text: True) -> list[tuple[str, Block]]:
        return [("catalogue.yaml", b) for b in self.blocks("catalogue.yaml", "programs")
                if where(self.lines("catalogue.yaml", b))]

    def lines(self, name: str, block: Block) -> str:
        return "\n".join(self.read(name).split("\n")[block.start - 1:block.end])

    def edit(self, name: str, block: Block, pattern: str, repl: str | Callable[[re.Match[str]], str],
             count: int = 1) -> None:
        """Replace ``pattern`` in the block's lines (``count`` times; 0: all)."""
        lines = self.read(name).split("\n")
        text = "\n".join(lines[block.start - 1:block.end])
        new, n = re.subn(pattern, repl, text, count=count)
        if not n:
            raise Skip()
        lines[block.start - 1:block.end] = new.split("\n")
        self.write(name, "\n".join(lines))

    def insert_after(self, name: str, block: Block, text: str) -> Block:
        """Insert lines after the block; the new lines' block (same id as the first line's)."""
        lines = self.read(name).split("\n")
        new = text.rstrip("\n").split("\n")
        lines[block.end:block.end] = ["", *new]
        self.write(name, "\n".join(lines))
        return Block("", block.end + 2, block.end + 1 + len(new), block.index + 1)


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str  # the mistake, in a line
    apply: Callable[[Copy], list[Place]]  # the edit; where the mistake is (one of these places must be named)
    harmless: bool = False  # the loader takes it as the author meant: no finding expected
    tags: tuple[str, ...] = field(default=())


def _typo(word: str, rng: random.Random) -> str:
    """A one-letter slip: a letter dropped, from the last part of an id."""
    head, _, tail = word.rpartition(".") if "." in word else word.rpartition("-")
    sep = "." if "." in word else "-"
    letters = [i for i, c in enumerate(tail) if c.isalpha()]
    i = letters[-1] if len(letters) < 3 else rng.choice(letters[1:])
    tail = tail[:i] + tail[i + 1:]
    return f"{head}{sep}{tail}" if head else tail


_PROBLEM = r"\b(?:ECO|SKL|ADM|SPR|HLT|KB|FAM|ENV|SOC)\.[A-Z]+\b"
_CAUSE = r"\bCAU\.[A-Z.]+[A-Z]\b"


def _when(text: str) -> str:
    """The part of a rule's text from `when:` to `rationale:` (its conditions)."""
    return text.split("when:", 1)[-1].split("rationale:", 1)[0]


# ---------------------------------------------------------------- codes and ids

def category_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(_PROBLEM, _when(t)) is not None))
    code = re.search(_PROBLEM, _when(c.lines(name, b))).group(0)  # type: ignore[union-attr]
    c.edit(name, b, rf"(when:[\s\S]*?){re.escape(code)}\b", lambda m: m.group(1) + _typo(code, c.rng))
    return [b.place(name)]


def cause_for_problem(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"problem: \{category: " + _PROBLEM, t) is not None))
    c.edit(name, b, r"(problem: \{category: )" + _PROBLEM, r"\1CAU.CAPITAL")
    return [b.place(name)]


def problem_for_cause(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"cause_category: " + _CAUSE, t) is not None))
    c.edit(name, b, r"(cause_category: )" + _CAUSE, r"\1ECO.INCOME")
    return [b.place(name)]


def family_for_category(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"problem: \{category: " + _PROBLEM, t) is not None))
    c.edit(name, b, r"(problem: \{category: )(ECO|SKL|ADM|SPR|HLT|KB|FAM|ENV|SOC)\.[A-Z]+\b", r"\1\2")
    return [b.place(name)]


def invisible_char_in_code(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(_PROBLEM, _when(t)) is not None))
    c.edit(name, b, rf"(when:[\s\S]*?{_PROBLEM})", lambda m: m.group(1) + "\u200b")
    return [b.place(name)]


def program_typo_rule(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"program: [A-Z]", t) is not None))
    c.edit(name, b, r"(program: )([A-Z][\w-]+)", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def program_typo_prerequisite(c: Copy) -> list[Place]:
    name, b = c.pick([("prerequisites.yaml", b) for b in c.blocks("prerequisites.yaml", "prerequisites")])
    c.edit(name, b, r"(needs: )([A-Z][\w-]+)", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def program_typo_coverage(c: Copy) -> list[Place]:
    name, b = c.pick([("coverage.yaml", b) for b in c.blocks("coverage.yaml", "intentional")])
    c.edit(name, b, r"(program: )([A-Z][\w-]+)", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def catalogue_address_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: re.search(r"problems: \[" + _PROBLEM, t) is not None))
    c.edit(name, b, r"(problems: \[)(" + _PROBLEM + ")", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def catalogue_requires_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: re.search(r"includes_any: \[" + _PROBLEM, t) is not None))
    c.edit(name, b, r"(includes_any: \[)(" + _PROBLEM + ")", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def test_unknown_rule(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: re.search(r"\bfired: \[[A-Z]", t) is not None))
    c.edit(name, b, r"(\bfired: \[)([A-Z][\w.-]+)", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def test_unknown_program(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: re.search(r"\brecommended: \[[A-Z]", t) is not None))
    c.edit(name, b, r"(\brecommended: \[)([A-Z][\w-]+)", lambda m: m.group(1) + _typo(m.group(2), c.rng))
    return [b.place(name)]


def test_case_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: "case: cases/" in t))
    c.edit(name, b, r"(case: cases/[\w-]+?)(\w)(\.yaml)", r"\1\3")
    return [b.place(name)]


# ---------------------------------------------------------------- values off their scale or vocabulary

def _severity_rule(c: Copy) -> tuple[str, Block]:
    return c.pick(c.rules(lambda t: re.search(r"severity: \{min: \d\}", t) is not None))


def severity_six(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: \d\}", "severity: {min: 6}")
    return [b.place(name)]


def severity_zero(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: \d\}", "severity: {min: 0}")
    return [b.place(name)]


def above_where_min(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: \d\}", "severity: {above: 5}")
    return [b.place(name)]


def min_above_max(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: (\d)\}", lambda m: f"severity: {{min: {m.group(1)}, max: "
                                                           f"{int(m.group(1)) - 1}}}")
    return [b.place(name)]


def share_as_percent(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"indicators\.\w+: \{(min|max|above|below): 0\.\d+\}", t)
                             is not None))
    c.edit(name, b, r"(indicators\.\w+: \{(?:min|max|above|below): )0\.(\d+)\}",
           lambda m: f"{m.group(1)}{int(m.group(2).ljust(2, '0'))}}}")
    return [b.place(name)]


def numeric_string_threshold(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: (\d)\}", r'severity: {min: "\1"}')
    return [b.place(name)]


def numeric_string_priority(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"priority: \d", t) is not None))
    c.edit(name, b, r"priority: (\d)", r'priority: "\1"')
    return [b.place(name)]


def priority_six(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"priority: \d", t) is not None))
    c.edit(name, b, r"priority: \d", "priority: 6")
    return [b.place(name)]


def list_for_scalar(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"program: [A-Z]", t) is not None))
    c.edit(name, b, r"program: ([A-Z][\w-]+)", r"program: [\1]")
    return [b.place(name)]


def setting_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: "setting:" in t))
    c.edit(name, b, r"(setting: \[?)(\w+)", lambda m: m.group(1) + m.group(2) + "s")
    return [b.place(name)]


def timing_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: "timing: annual_call" in t))
    c.edit(name, b, "timing: annual_call", "timing: annual-call")
    return [b.place(name)]


def kind_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: "kinds: [health" in t))
    c.edit(name, b, r"kinds: \[health", "kinds: [helth")
    return [b.place(name)]


def locality_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: 'locality: "Kota Surakarta"' in t))
    c.edit(name, b, 'locality: "Kota Surakarta"', 'locality: "Kota Surakrta"')
    return [b.place(name)]


def ranking_out_of_range(c: Copy) -> list[Place]:
    text = c.read("ruleset.yaml")
    new = re.sub(r"(?m)^(  support: )0\.55", r"\g<1>55", text)
    if new == text:
        raise Skip()
    c.write("ruleset.yaml", new)
    line = new[:new.index("  support: 55")].count("\n") + 1
    return [Place("ruleset.yaml", "", (line, line))]


def distance_zero(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: "distance: {max: 2}" in t))
    c.edit(name, b, r"distance: \{max: 2\}", "distance: {max: 0}")
    return [b.place(name)]


def strength_four(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: "strength: {min: 2}" in t))
    c.edit(name, b, r"strength: \{min: 2\}", "strength: {min: 4}")
    return [b.place(name)]


def indicator_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"indicators\.\w+_share", t) is not None))
    c.edit(name, b, r"(indicators\.\w+_shar)e", r"\1")
    return [b.place(name)]


def asset_attribute_typo(c: Copy) -> list[Place]:
    name, b = c.pick([("prerequisites.yaml", b) for b in c.blocks("prerequisites.yaml", "prerequisites")
                      if "has_nib: false" in c.lines("prerequisites.yaml", b)])
    c.edit(name, b, r"has_nib: false", "has_nbi: false")
    return [b.place(name)]


def local_where_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: '- where: "Kota Surakarta"' in t))
    c.edit(name, b, '- where: "Kota Surakarta"', '- where: "Kota Surakrta"')
    return [b.place(name)]


def category_condition_deleted(c: Copy) -> list[Place]:
    """A problem condition loses its category: the rule now fires for any problem that severe."""
    name, b = c.pick(c.rules(lambda t: re.search(r"problem: \{category: " + _PROBLEM + r", severity: ", t)
                             is not None))
    c.edit(name, b, r"problem: \{category: " + _PROBLEM + r", severity: ", "problem: {severity: ")
    return [b.place(name)]


def prerequisite_reversed(c: Copy) -> list[Place]:
    """`program` and `needs` swapped: the needed program now waits for the one that needs it."""
    tested = " ".join(c.lines(n, b) for n, b in c.tests(lambda t: "before: [[" in t))
    name, b = c.pick([("prerequisites.yaml", b) for b in c.blocks("prerequisites.yaml", "prerequisites")
                      if f"[{b.id.split('>')[1]}, {b.id.split('>')[0]}]" in tested])
    program, needs = b.id.split(">")
    c.edit(name, b, rf"program: {program}\n(\s+)needs: {needs}", rf"program: {needs}\n\1needs: {program}")
    return [b.place(name), *(t.place(n) for n, t in c.tests(lambda t: f"[{needs}, {program}]" in t))]


# ---------------------------------------------------------------- years and places

def _case_of_test(c: Copy, name: str, b: Block) -> tuple[int, str]:
    """The FGD year and kab/kota of a test's case, edits included."""
    text = c.lines(name, b)
    case = re.search(r"case: (\S+)", text).group(1)  # type: ignore[union-attr]
    meta = yaml.safe_load((c.folder / Path(name).parent / case).read_text(encoding="utf-8"))["metadata"]
    year = int(str(meta["date"])[:4])
    date = re.search(r"metadata\.date: (\d{4})", text)
    city = re.search(r"metadata\.kab_kota: (.+)", text)
    return (int(date.group(1)) if date else year), (city.group(1).strip() if city else str(meta["kab_kota"]))


def _expected_program(c: Copy, where: Callable[[str], bool]) -> tuple[str, Block, str, Block, int, str]:
    """A test expecting a catalogue program recommended, the program's block, the test's year and place."""
    catalogue = {b.id: b for _, b in c.programs()}
    options = []
    for name, b in c.tests(lambda t: re.search(r"\brecommended: \[", t) is not None):
        for pid in re.search(r"\brecommended: \[([^\]]*)\]", c.lines(name, b)).group(1).split(","):  # type: ignore
            pid = pid.strip()
            if pid in catalogue and where(c.lines("catalogue.yaml", catalogue[pid])):
                options.append((f"{name} {pid}", b))
    key, tb = c.pick(options)
    name, pid = key.split()
    year, city = _case_of_test(c, name, tb)
    return name, tb, pid, catalogue[pid], year, city


def availability_off_by_one(c: Copy) -> list[Place]:
    name, tb, _, pb, year, _ = _expected_program(c, lambda t: "available: {from: " in t)
    c.edit("catalogue.yaml", pb, r"available: \{from: \d+", f"available: {{from: {year + 1}")
    return [pb.place("catalogue.yaml"), tb.place(name)]


def availability_swapped(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: re.search(r"available: \{from: \d+, until: \d+\}", t) is not None))
    c.edit(name, b, r"available: \{from: (\d+), until: (\d+)\}", r"available: {from: \2, until: \1}")
    return [b.place(name)]


def availability_ended(c: Copy) -> list[Place]:
    name, tb, _, pb, year, _ = _expected_program(c, lambda t: "until: null" in t)
    c.edit("catalogue.yaml", pb, r"until: null", f"until: {year - 1}")
    return [pb.place("catalogue.yaml"), tb.place(name)]


def locality_never_applies(c: Copy) -> list[Place]:
    name, tb, _, pb, _, city = _expected_program(c, lambda t: "locality: null" in t)
    other = "Kota Surakarta" if "surakarta" not in city.casefold() else "Kota Semarang"
    c.edit("catalogue.yaml", pb, r"locality: null", f'locality: "{other}"')
    return [pb.place("catalogue.yaml"), tb.place(name)]


def rule_year_outside_availability(c: Copy) -> list[Place]:
    catalogue = {b.id: c.lines("catalogue.yaml", b) for _, b in c.programs()}
    def later(t: str) -> bool:
        m = re.search(r"program: ([\w-]+)", t)
        return bool(m) and bool(re.search(r"available: \{from: 20(1[5-9]|2\d)", catalogue.get(m.group(1), "")))  # type: ignore
    name, b = c.pick(c.rules(later))
    c.edit(name, b, r"(\n(\s+)when:\n)", lambda m: f"{m.group(1)}{m.group(2)}  - case: {{year: {{max: 2014}}}}\n")
    return [b.place(name)]


def requires_contradicts_rule(c: Copy) -> list[Place]:
    catalogue = {b.id: c.lines("catalogue.yaml", b) for _, b in c.programs()}
    def desa(t: str) -> bool:
        m = re.search(r"program: ([\w-]+)", t)
        return bool(m) and "is_desa: true" in catalogue.get(m.group(1), "")  # type: ignore[union-attr]
    name, b = c.pick(c.rules(desa))
    c.edit(name, b, r"(\n(\s+)when:\n)", lambda m: f"{m.group(1)}{m.group(2)}  - case: {{is_desa: false}}\n")
    return [b.place(name)]


# ---------------------------------------------------------------- rules that never fire, or never matter

def _block_text(c: Copy, name: str, b: Block) -> list[str]:
    return c.read(name).split("\n")[b.start - 1:b.end]


def duplicated_rule(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: '"*"' not in t))
    lines = _block_text(c, name, b)
    lines[0] = lines[0].rstrip() + "-COPY"
    new = c.insert_after(name, b, "\n".join(lines))
    return [b.place(name), Place(name, b.id + "-COPY", (new.start, new.end))]


def cross_form_duplicate(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"problem: \{categories: \{includes: " + _PROBLEM + r"\}", t)
                             is not None and '"*"' not in t))
    lines = _block_text(c, name, b)
    lines[0] = lines[0].rstrip() + "-PRIMARY"
    text = re.sub(r"problem: \{categories: \{includes: (" + _PROBLEM + r")\}", r"problem: {category: \1",
                  "\n".join(lines), count=1)
    new = c.insert_after(name, b, text)
    return [b.place(name), Place(name, b.id + "-PRIMARY", (new.start, new.end))]


def shadowed_rule(c: Copy) -> list[Place]:
    """A new rule for the same program, priority 5, with the old rule's first condition only."""
    def two_items(t: str) -> bool:
        when = _when(t)
        return '"*"' not in t and re.search(r"priority: [1-4]", t) is not None and len(
            re.findall(r"(?m)^\s+- (problem|cause|reach|asset|case):", when)) >= 2 and "any:" not in when
    name, b = c.pick(c.rules(two_items))
    lines = _block_text(c, name, b)
    lines[0] = lines[0].rstrip() + "-ALL"
    text = re.sub(r"priority: \d", "priority: 5", "\n".join(lines))
    head, when = text.split("when:\n", 1)
    items, rest = when.split("\n    rationale:", 1)
    first = re.split(r"\n(?=\s+- )", items)[0]
    new = c.insert_after(name, b, f"{head}when:\n{first}\n    rationale:{rest}")
    return [b.place(name), Place(name, b.id + "-ALL", (new.start, new.end))]


def unless_implied_by_when(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"(?m)^    when:\n      - (problem|cause|asset|case): \{[^\n]*\}$",
                                                 t) is not None and "unless:" not in t))
    text = c.lines(name, b)
    item = re.search(r"(?m)^    when:\n      (- (problem|cause|asset|case): \{[^\n]*\})$", text).group(1)  # type: ignore
    c.edit(name, b, r"(\n    rationale:)", lambda m: f"\n    unless:\n      {item}{m.group(1)}")
    return [b.place(name)]


def contradictory_conditions(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: "setting:" in t or "is_desa" in t or "unit_level" in t or True))
    setting = "rural" if "urban" not in c.lines(name, b) else "urban"
    opposite = {"rural": "urban", "urban": "rural"}[setting]
    c.edit(name, b, r"(\n(\s+)when:\n)",
           lambda m: f"{m.group(1)}{m.group(2)}  - case: {{setting: {setting}}}\n"
                     f"{m.group(2)}  - case: {{setting: {opposite}}}\n")
    return [b.place(name)]


def empty_when(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"(?m)^    when:\n      - [a-z]+: \{[^\n]*\}\n    rationale", t)
                             is not None))
    c.edit(name, b, r"(?m)^    when:\n      - [a-z]+: \{[^\n]*\}$", "    when: []")
    return [b.place(name)]


def orphan_program(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: "locality: null" in t))
    lines = _block_text(c, name, b)
    lines[0] = lines[0].rstrip() + "-2"
    new = c.insert_after(name, b, "\n".join(lines))
    return [Place(name, b.id + "-2", (new.start, new.end))]


def program_rules_repointed(c: Copy) -> list[Place]:
    """Every rule of a program now names another program (a copy-paste slip): the first has none left."""
    counts: dict[str, list[tuple[str, Block]]] = {}
    for name, b in c.rules():
        m = re.search(r"program: ([A-Z][\w-]+)", c.lines(name, b))
        if m:
            counts.setdefault(m.group(1), []).append((name, b))
    prereq = c.read("prerequisites.yaml")
    single = sorted(p for p, rs in counts.items() if len(rs) == 1 and p not in prereq)
    if len(single) < 2:
        raise Skip()
    pid = c.rng.choice(single)
    other = next(p for p in single if p != pid)
    name, b = counts[pid][0]
    c.edit(name, b, rf"program: {re.escape(pid)}\b", f"program: {other}")
    _, pb = next(x for x in c.programs() if x[1].id == pid)
    return [pb.place("catalogue.yaml"), b.place(name)]


def prerequisite_cycle(c: Copy) -> list[Place]:
    name, b = c.pick([("prerequisites.yaml", b) for b in c.blocks("prerequisites.yaml", "prerequisites")])
    program, needs = b.id.split(">")
    text = (f"  - program: {needs}\n    needs: {program}\n    reason:\n      id: \"Perlu {program} dulu.\"\n"
            f"      en: \"Needs {program} first.\"\n    source: \"domain.md 2.3\"")
    new = c.insert_after(name, b, text)
    return [b.place(name), Place(name, f"{needs}>{program}", (new.start, new.end))]


# ---------------------------------------------------------------- rule tests

def expect_lines_deleted(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests())
    c.edit(name, b, r"(\n(\s+)expect:)(\n\2  .*)+", r"\1")
    return [b.place(name)]


def expect_emptied(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: len(re.findall(r"\n      \w+:", t.split("expect:", 1)[-1])) == 1))
    c.edit(name, b, r"(\n(\s+)expect:)(\n\2  .*)+", r"\1 {}")
    return [b.place(name)]


def expect_contradicts_itself(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: re.search(r"\n      recommended: \[[A-Z][\w-]+", t) is not None))
    pid = re.search(r"\n      recommended: \[([A-Z][\w-]+)", c.lines(name, b)).group(1)  # type: ignore
    if "not_recommended: [" in c.lines(name, b):
        c.edit(name, b, r"not_recommended: \[", f"not_recommended: [{pid}, ")
    else:
        c.edit(name, b, r"(\n(\s+)recommended: )", lambda m: f"\n{m.group(2)}not_recommended: [{pid}]{m.group(1)}")
    return [b.place(name)]


def expect_key_dedented(c: Copy) -> list[Place]:
    name, b = c.pick(c.tests(lambda t: re.search(r"\n      not_fired: ", t) is not None))
    c.edit(name, b, r"\n      not_fired: ", "\n    not_fired: ")
    return [b.place(name)]


# ---------------------------------------------------------------- texts, places, sources

def national_text_names_a_city(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: "locality: null" in t and "local:" not in t))
    c.edit(name, b, r'(eligibility:\n\s+id: "[^"\n]*)"',
           lambda m: m.group(1) + ' Di Kota Surakarta pemegang kartu mendapat diskon di toko mitra."')
    return [b.place(name)]


def rule_text_names_a_city(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: '"*"' not in t))
    c.edit(name, b, r'(rationale:\n\s+id: "[^"\n]*)"', lambda m: m.group(1) + ' Seperti di Solo."')
    return [b.place(name)]


def kelurahan_word_for_both(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: "{kelurahan}" in t and "is_desa" not in t and "locality: null" in t))
    c.edit(name, b, r"\{kelurahan\}", "kelurahan")
    return [b.place(name)]


def placeholder_typo(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: "{kelurahan}" in t))
    c.edit(name, b, r"\{kelurahan\}", "{kelurhan}")
    return [b.place(name)]


def missing_indonesian(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"title:\n\s+id: ", t) is not None))
    c.edit(name, b, r"(title:)\n\s+id: [^\n]*", r"\1")
    return [b.place(name)]


def empty_english(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"title:\n\s+id: [^\n]*\n\s+en: ", t) is not None))
    c.edit(name, b, r"(title:\n\s+id: [^\n]*\n\s+en: )[^\n]*", r'\1""')
    return [b.place(name)]


def empty_rationale(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"rationale:\n\s+id: [^\n]*\n\s+en: ", t) is not None))
    c.edit(name, b, r"(rationale:\n\s+id: )[^\n]*(\n\s+en: )[^\n]*", r'\1""\2""')
    return [b.place(name)]


def empty_program_name(c: Copy) -> list[Place]:
    name, b = c.pick(c.programs(lambda t: re.search(r"name:\n\s+id: [^\n]*\n\s+en: ", t) is not None))
    c.edit(name, b, r"(\n    name:\n\s+id: )[^\n]*", r'\1" "')
    return [b.place(name)]


def taxonomy_label_emptied(c: Copy) -> list[Place]:
    text = c.read("taxonomy.yaml")
    codes = re.findall(r'(?m)^      ([A-Z]+\.[A-Z]+): +\{id: "[^"]*"', text)
    code = c.rng.choice(sorted(codes))
    new = re.sub(rf'(?m)^(      {re.escape(code)}: +\{{id: )"[^"]*"', r'\1""', text, count=1)
    c.write("taxonomy.yaml", new)
    line = new[:new.index(f"      {code}:")].count("\n") + 1
    return [Place("taxonomy.yaml", code, (line, line))]


def taxonomy_code_removed(c: Copy) -> list[Place]:
    text = c.read("taxonomy.yaml")
    codes = re.findall(r"(?m)^      ([A-Z]+\.[A-Z]+): +\{", text)
    used = [code for code in sorted(codes) if any(code in c.read(n) for n in c.rule_files())]
    code = c.rng.choice(used)
    line = text[:text.index(f"      {code}:")].count("\n") + 1
    c.write("taxonomy.yaml", re.sub(rf"(?m)^      {re.escape(code)}: .*\n", "", text, count=1))
    return [Place(n) for n in c.rule_files() if re.search(rf"{re.escape(code)}\b", c.read(n))] + [
        Place("taxonomy.yaml", code, (line, line)), Place("catalogue.yaml")]


def source_not_a_reference(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r'(?m)^    source: "', t) is not None))
    c.edit(name, b, r'(?m)^(    source: )"[^\n]*', r'\1"lihat catatan rapat Pokja"')
    return [b.place(name)]


def source_empty(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r'(?m)^    source: "', t) is not None))
    c.edit(name, b, r'(?m)^(    source: )"[^\n]*', r'\1""')
    return [b.place(name)]


# ---------------------------------------------------------------- YAML itself

def duplicate_key(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"(?m)^    priority: \d$", t) is not None))
    c.edit(name, b, r"(?m)^(    priority: \d)$", r"\1\n    priority: 2")
    return [b.place(name)]


def duplicate_key_in_flow(c: Copy) -> list[Place]:
    name, b = _severity_rule(c)
    c.edit(name, b, r"severity: \{min: (\d)\}", r"severity: {min: \1}, severity: {min: 1}")
    return [b.place(name)]


def tab_indent(c: Copy) -> list[Place]:
    name, b = c.pick(c.rules(lambda t: re.search(r"(?m)^    priority: \d$", t) is not None))
    c.edit(name, b, r"(?m)^    (priority: \d)$", "\t\\1")
    return [b.place(name)]


def indentation_moves_key(c: Copy) -> list[Place]:
    """`rationale:` indented one step too far: YAML reads it inside the last condition."""
    name, b = c.pick(c.rules(lambda t: re.search(r"(?m)^      - [a-z]+: \{[^\n]*\}\n    rationale:", t) is not None))
    c.edit(name, b, r"(?m)^(      - [a-z]+: \{[^\n]*\}\n)    rationale:\n(\s+)id: ([^\n]*)\n\s+en: ([^\n]*)",
           lambda m: f"{m.group(1)}        rationale:\n          id: {m.group(3)}\n          en: {m.group(4)}")
    return [b.place(name)]


def bom(c: Copy) -> list[Place]:
    name = c.rng.choice(sorted(c.rule_files()))
    (c.folder / name).write_bytes(b"\xef\xbb\xbf" + (c.folder / name).read_bytes())
    return [Place(name)]


def crlf(c: Copy) -> list[Place]:
    name = c.rng.choice(sorted(c.rule_files()))
    (c.folder / name).write_bytes((c.folder / name).read_bytes().replace(b"\n", b"\r\n"))
    return [Place(name)]


def manifest_file_typo(c: Copy) -> list[Place]:
    text = c.read("ruleset.yaml")
    name = c.rng.choice(sorted(c.rule_files()))
    c.write("ruleset.yaml", text.replace(f"  - {name}\n", f"  - {name[:-5]}.yml\n", 1))
    line = text[:text.index(f"  - {name}\n")].count("\n") + 1
    return [Place("ruleset.yaml", "", (line, line))]


MUTATIONS: tuple[Mutation, ...] = tuple(Mutation(n, w, f, harmless=h) for n, w, f, h in (
    ("category-typo", "a problem category with a letter dropped (ECO.INCOM)", category_typo, False),
    ("cause-for-problem", "a cause code where a problem category belongs", cause_for_problem, False),
    ("problem-for-cause", "a problem code where a cause category belongs", problem_for_cause, False),
    ("family-for-category", "a problem family (ECO) where a category belongs", family_for_category, False),
    ("invisible-char", "a zero-width space pasted after a category code", invisible_char_in_code, False),
    ("program-typo-rule", "a program id typo in a rule", program_typo_rule, False),
    ("program-typo-prerequisite", "a program id typo in a prerequisite", program_typo_prerequisite, False),
    ("program-typo-coverage", "a program id typo in coverage.yaml", program_typo_coverage, False),
    ("catalogue-address-typo", "a category typo in a program's `addresses`", catalogue_address_typo, False),
    ("catalogue-requires-typo", "a category typo in a program's `requires`", catalogue_requires_typo, False),
    ("test-unknown-rule", "a rule test naming a rule that does not exist", test_unknown_rule, False),
    ("test-unknown-program", "a rule test naming a program that does not exist", test_unknown_program, False),
    ("test-case-typo", "a rule test whose case file name has a typo", test_case_typo, False),
    ("severity-six", "severity 6 in a condition (scale 1-5)", severity_six, False),
    ("severity-zero", "severity 0 as a lower bound (scale 1-5): the test says nothing", severity_zero, False),
    ("above-where-min", "`above: 5` where `min` was meant: no severity is above 5", above_where_min, False),
    ("min-above-max", "min greater than max on one field", min_above_max, False),
    ("share-as-percent", "a share written as a percent (10 where 0.1)", share_as_percent, False),
    ("numeric-string-threshold", "a threshold written as a string ('3')", numeric_string_threshold, False),
    ("numeric-string-priority", "a priority written as a string ('3')", numeric_string_priority, False),
    ("priority-six", "priority 6 (scale 1-5)", priority_six, False),
    ("list-for-scalar", "a list where one program id belongs", list_for_scalar, False),
    ("setting-typo", "a setting outside the vocabulary (rurals)", setting_typo, False),
    ("distance-zero", "`distance: {max: 0}` for a direct cause (a direct cause is 1 step)", distance_zero, False),
    ("strength-four", "link strength 4 (scale 1-3)", strength_four, False),
    ("indicator-typo", "a derived indicator misspelt (stunting_shar)", indicator_typo, False),
    ("asset-attribute-typo", "an asset attribute misspelt in a prerequisite (has_nbi)", asset_attribute_typo, False),
    ("local-where-typo", "a `local:` wording's place misspelt", local_where_typo, False),
    ("category-condition-deleted", "a problem condition's category deleted: fires for any severe problem",
     category_condition_deleted, False),
    ("prerequisite-reversed", "a prerequisite's `program` and `needs` swapped against a rule test's order",
     prerequisite_reversed, False),
    ("timing-typo", "a timing outside the vocabulary (annual-call)", timing_typo, False),
    ("kind-typo", "a program kind outside the vocabulary (helth)", kind_typo, False),
    ("locality-typo", "a program's locality misspelt (Kota Surakrta)", locality_typo, False),
    ("ranking-out-of-range", "a ranking weight written as a percent (support: 55)", ranking_out_of_range, False),
    ("availability-off-by-one", "a program's first year one after the year its own rule tests use",
     availability_off_by_one, False),
    ("availability-ended", "a program's last year set before the year its rule tests use", availability_ended,
     False),
    ("availability-swapped", "an availability range with its years swapped", availability_swapped, False),
    ("locality-never-applies", "a program limited to a place its rule tests are not in", locality_never_applies,
     False),
    ("rule-year-outside-availability", "a rule asking for FGDs before its program existed",
     rule_year_outside_availability, False),
    ("requires-contradicts-rule", "a rule for a desa-only program asking for a kelurahan",
     requires_contradicts_rule, False),
    ("duplicated-rule", "a rule copied with a new id (redundant)", duplicated_rule, False),
    ("cross-form-duplicate", "a rule copied with `categories: {includes: X}` narrowed to `category: X`",
     cross_form_duplicate, False),
    ("shadowed-rule", "a higher-priority rule for the same program with a weaker condition", shadowed_rule, False),
    ("unless-implied-by-when", "an `unless` that holds whenever the rule's own `when` does",
     unless_implied_by_when, False),
    ("contradictory-conditions", "two conditions that cannot hold together (setting urban and rural)",
     contradictory_conditions, False),
    ("empty-when", "a rule's only condition deleted (`when: []`)", empty_when, False),
    ("orphan-program", "a catalogue program no rule recommends", orphan_program, False),
    ("program-rules-repointed", "a program's only rule repointed to another program", program_rules_repointed,
     False),
    ("prerequisite-cycle", "a prerequisite that closes a cycle", prerequisite_cycle, False),
    ("expect-lines-deleted", "a rule test's expectations deleted (`expect:` left empty)", expect_lines_deleted,
     False),
    ("expect-emptied", "a rule test's only expectation deleted (`expect: {}`: always passes)", expect_emptied,
     False),
    ("expect-contradicts-itself", "a rule test expecting a program both recommended and not",
     expect_contradicts_itself, False),
    ("expect-key-dedented", "a rule test's `not_fired` dedented out of `expect`", expect_key_dedented, False),
    ("national-text-names-a-city", "Surakarta-only wording added to a national program's text",
     national_text_names_a_city, False),
    ("rule-text-names-a-city", "a city's other name (Solo) in a rule's general rationale", rule_text_names_a_city,
     False),
    ("kelurahan-word-for-both", "a bare 'kelurahan' in a program for desa and kelurahan", kelurahan_word_for_both,
     False),
    ("placeholder-typo", "an unknown place word {kelurhan}", placeholder_typo, False),
    ("missing-indonesian", "a rule title without its Indonesian text", missing_indonesian, False),
    ("empty-english", "a rule title with an empty English text", empty_english, False),
    ("empty-rationale", "a rule's rationale emptied in both languages", empty_rationale, False),
    ("empty-program-name", "a program name blank in Indonesian", empty_program_name, False),
    ("taxonomy-label-emptied", "a taxonomy label emptied", taxonomy_label_emptied, False),
    ("taxonomy-code-removed", "a taxonomy code deleted while rules still use it", taxonomy_code_removed, False),
    ("source-not-a-reference", "a rule source that is neither a URL nor a document reference",
     source_not_a_reference, False),
    ("source-empty", "a rule source emptied", source_empty, False),
    ("duplicate-key", "a key written twice in a rule (PyYAML keeps the last)", duplicate_key, False),
    ("duplicate-key-flow", "a key written twice in one condition", duplicate_key_in_flow, False),
    ("tab-indent", "a tab used for indentation", tab_indent, False),
    ("indentation-moves-key", "`rationale:` indented into the last condition", indentation_moves_key, False),
    ("manifest-file-typo", "ruleset.yaml lists a rule file under a wrong name", manifest_file_typo, False),
    ("bom", "a UTF-8 byte-order mark at the start of a rule file (harmless)", bom, True),
    ("crlf", "Windows line ends in a rule file (harmless)", crlf, True),
))
