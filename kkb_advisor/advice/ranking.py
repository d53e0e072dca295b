"""From engine firings to the advice's lists: what each program covers, and a focused main list built greedily.

Recommendations come only from engine firings. For each program, its firings say which problems and causes it covers
and how strongly (the rule's role and priority); each problem's need says how much it matters to this FGD
(advice/need.py). The main list is built one program at a time, always the one that adds most to what is already
answered (a problem answered above counts less each time); a program of an agency that took part in the FGD weighs
`present` more (the agency can commit in the room); an agency's offer at the FGD adds its own term, and so does a
problem or cause the room described by naming the program itself ("BKR belum berjalan"). Every problem at
least `severe` gets its best answer; after that a program enters only while it adds at least `min_gain`, or while
the list is shorter than `min_main` and it adds anything. Prerequisites come right before what needs them; enablers
are steps of the programs they serve. Everything that fits but is not needed first is "also possible", with a line
on why. The weights are the rule set's `ranking:` section (docs/rule-format.md, "Ranking").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model.case import Case
from ..model.case import Problem as CaseProblem
from ..model.ruleset import Program, Ranking, RuleSet
from ..rules.placewords import Place
from .engine import Firing
from .graph import Analysis
from .need import Need
from .tables import Tables

__all__ = ["Contribution", "Draft", "Ranked", "nodes_of", "rank"]

ROLE_ORDER = ("answer", "support", "enabler")
_ROLE_RANK = {role: i for i, role in enumerate(ROLE_ORDER)}


@dataclass(frozen=True)
class Contribution:
    """A part of a program's gain: what it covers, how strongly, and what that node is worth now."""

    kind: str  # answers | supports | enables | related | cause
    node: str
    value: float
    repeat: int = 0  # programs above that already answer the node


@dataclass
class Draft:
    """A program on its way to a recommendation: the firings behind it and what they cover."""

    program: Program
    firings: list[Firing] = field(default_factory=list)
    problems: set[str] = field(default_factory=set)  # problems it addresses (matched, or linked by the catalogue)
    causes: set[str] = field(default_factory=set)
    cover: dict[str, tuple[float, str]] = field(default_factory=dict)  # problem -> (strength, how)
    cause_cover: dict[str, tuple[float, str]] = field(default_factory=dict)
    role: str = "prerequisite"  # its strongest rule role, or "prerequisite" when only a prerequisite brought it
    offered: str = ""  # the agency that offered it at the FGD
    present: bool = False  # its agency took part in the FGD (the case's agencies_present)
    named: str = ""  # a problem or cause it covers whose label names it (a catalogue short name), if any
    named_need: float = 0.0  # the need behind it: the problem's, or the largest a cause reaches x path weight
    existing: bool = False
    gain: float = 0.0
    terms: list[Contribution] = field(default_factory=list)
    note: str = ""  # why it is where it is: main | severe | offered | prerequisite | answered | little | enabler ...
    note_by: str = ""  # the program a note refers to (e.g. the one that already answers its problem)


@dataclass(frozen=True)
class Ranked:
    drafts: dict[str, Draft]  # program id -> its draft (only programs of the asked-for kinds)
    main: list[str]  # the main list, in order (prerequisites right before what needs them)
    also: list[str]  # also possible, best first
    keep: list[str]  # programs already in place, best first
    needs: dict[str, set[str]]  # program -> programs it needs (from prerequisite firings)
    steps: dict[str, list[tuple[str, str]]]  # program -> (program, "prerequisite" | "enabler") to take for it
    place: Place  # the case's place words and the sources it may be shown (built once a case)


def nodes_of(bound: Iterable[str], kinds: dict[str, str]) -> tuple[set[str], set[str]]:
    """The problem and cause nodes named by the facts a firing bound (both ends of a reach or link)."""
    problems: set[str] = set()
    causes: set[str] = set()
    for fid in bound:
        kind, _, rest = fid.partition(":")
        ends = (rest.split(">") if kind in {"reach", "link"} else [rest] if kind in {"problem", "cause"}
                else [rest.partition(":")[0]] if kind == "named" else [])  # named:<node>:<program>
        for node in ends:
            (problems if kinds.get(node) == "problem" else causes if kinds.get(node) == "cause" else set()).add(node)
    return problems, causes


def _raise(cover: dict[str, tuple[float, str]], node: str, strength: float, how: str) -> None:
    if strength > cover.get(node, (0.0, ""))[0]:
        cover[node] = (strength, how)


def _fit(problem: CaseProblem, codes: frozenset[str], families: dict[str, str], ranking: Ranking) -> float:
    """1 when the rule names the problem's own category (or names none), less when it matched a secondary one."""
    if not codes or problem.category in codes or families.get(problem.category) in codes:
        return 1.0
    return ranking.secondary


def _drafts(case: Case, analysis: Analysis, firings: Sequence[Firing], rules: RuleSet, place: Place,
            tables: Tables) -> tuple[dict[str, Draft], dict[str, set[str]]]:
    """One draft a program: what its firings cover, its strongest role, the agency that offered it."""
    ranking = rules.ranking
    kinds = {p.id: "problem" for p in case.problems} | {c.id: "cause" for c in case.causes}
    existing = {e.program_id for e in case.existing_programs}
    present = frozenset(case.metadata.agencies_present)
    by_id = {p.id: p for p in case.problems}
    cats = [(p.id, {p.category, *p.secondary_categories}) for p in case.problems]
    categories = dict(cats)
    families = rules.taxonomy.problem_family
    drafts: dict[str, Draft] = {}
    needs: dict[str, set[str]] = {}
    for f in firings:
        program = rules.programs[f.rule.program]
        d = drafts.get(program.id) or drafts.setdefault(
            program.id, Draft(place.program(program), existing=program.id in existing,
                              present=program.agency in present))
        d.firings.append(f)
        if f.rule.role == "prereq":
            dependent = f.rule.source.split(":", 1)[1].split(">")[0]
            needs.setdefault(dependent, set()).add(program.id)
            continue
        if d.role == "prerequisite" or _ROLE_RANK[f.rule.stance] < _ROLE_RANK[d.role]:
            d.role = f.rule.stance
        if not d.offered:  # the first agency that offered it
            d.offered = next((b.split(":")[1] for b in f.bound if b.startswith("offered:")), "")
        strength, how, codes = tables.weighing(f.rule)
        problems, causes = nodes_of(f.bound, kinds)
        d.problems |= problems
        d.causes |= causes
        for p in problems:
            _raise(d.cover, p, strength * _fit(by_id[p], codes, families, ranking), how)
        for c in causes:
            _raise(d.cause_cover, c, strength, how)
        if causes and not problems:  # acting on a cause eases what it leads to, where the program is relevant
            addresses = tables.addresses[program.id]
            for c in causes:
                for p, info in analysis.paths.get(c, {}).items():
                    if not categories[p].isdisjoint(addresses):
                        _raise(d.cover, p, strength * info.weight, how)
    labels = {p.id: (p.label_id, p.label_en or "") for p in case.problems}
    labels |= {c.id: (c.label_id, c.label_en or "") for c in case.causes}
    for d in drafts.values():
        if d.role == "prerequisite":
            continue
        d.named = _named(d, labels, tables)
        addresses = tables.addresses[d.program.id]
        for pid, raised in cats:  # what the catalogue says the program addresses counts a little, if raised
            if not raised.isdisjoint(addresses):
                d.problems.add(pid)
                _raise(d.cover, pid, ranking.related, "related")
    return drafts, needs


def _named(d: Draft, labels: dict[str, tuple[str, str]], tables: Tables) -> str:
    """The first node (by id) a rule of the program matched whose label names the program by a short name, as a
    whole word in any case ("BKR belum berjalan" names KB-BKR); "" when none does."""
    word = tables.names_word(d.program.id)
    if word is None:
        return ""
    matched = {n for n, (_, how) in d.cover.items() if how != "related"} | set(d.cause_cover)
    return next((n for n in sorted(matched) if any(word.search(text) for text in labels.get(n, ()))), "")


@dataclass
class _Board:
    """What the main list answers so far."""

    ranking: Ranking
    need: dict[str, Need]
    cause_need: dict[str, float]
    kin: dict[str, frozenset[str]] = field(default_factory=dict)  # program -> its prerequisite chain (both ways)
    answered: dict[str, list[str]] = field(default_factory=dict)  # node -> the programs in the list that answer it

    def _repeat(self, d: Draft, node: str) -> int:
        """How many programs above already answer ``node``, not counting the program's own prerequisite chain (a
        prerequisite and the program it opens are one way to the answer: the NIB and the food permit it leads to,
        the registry and the benefit it opens), so neither takes the other's place."""
        above = self.answered.get(node, ())
        kin = self.kin.get(d.program.id)
        return sum(1 for pid in above if pid not in kin) if kin else len(above)

    def _parts(self, d: Draft) -> list[tuple[float, str, str, int]]:
        """(-value, node, kind, repeat) of each contribution, largest value first (then by node: each node once)."""
        r = self.ranking
        out = []
        for p, (strength, how) in d.cover.items():
            k = self._repeat(d, p)
            need = self.need[p]
            out.append((-(need.value * strength * r.repeat_for(need.severity) ** k), p, how, k))
        for c, (strength, _) in d.cause_cover.items():
            k = self._repeat(d, c)
            out.append((-(r.cause_weight * self.cause_need.get(c, 0.0) * strength * r.repeat ** k), c, "cause", k))
        out.sort()
        return out

    def score(self, d: Draft, parts: list[tuple[float, str, str, int]] | None = None) -> float:
        """The program's gain on the list as it stands: the largest contribution in full, the others at the
        `breadth` fraction, all weighing `present` more when its agency took part in the FGD, and its offer and
        name terms."""
        if parts is None:
            parts = self._parts(d)
        value = (-parts[0][0] if parts else 0.0) + self.ranking.breadth * sum(-x[0] for x in parts[1:])
        if d.present:
            value *= 1 + self.ranking.present
        if d.offered:
            value += self.ranking.offered
        if d.named:
            value += self.ranking.named * d.named_need
        return value

    def gain(self, d: Draft) -> tuple[float, list[Contribution]]:
        """The score and the contributions behind it."""
        parts = self._parts(d)
        return self.score(d, parts), [Contribution(kind, node, -value, k) for value, node, kind, k in parts]

    def place(self, pid: str, d: Draft) -> list[str]:
        """Put the program in the list; the nodes it answers (whose count of answers grew)."""
        threshold = self.ranking.answered * self.ranking.priority_weight(3)
        out = []
        for node, (strength, _) in (*d.cover.items(), *d.cause_cover.items()):
            if strength >= threshold:
                self.answered.setdefault(node, []).append(pid)
                out.append(node)
        return out


def _key(d: Draft, gain: float, timing: dict[str, int]) -> tuple[float, int, int, str]:
    return -round(gain, 4), timing.get(d.program.timing, len(timing)), -len(d.problems), d.program.id


def _select(pool: dict[str, Draft], board: _Board, case: Case, limit: int) -> list[str]:
    """The main list: greedy by gain; offered programs and the best answer to each severe problem always in."""
    r = board.ranking
    timing = {t: i for i, t in enumerate(r.timing_order)}
    severe = sorted((p for p in case.problems if p.severity >= r.severe), key=lambda p: (-board.need[p.id].value, p.id))
    chosen: list[str] = []
    left = dict(pool)
    # a program's gain changes only when a program placed answers a node it covers: only those are scored again
    keys = {pid: _key(d, board.score(d), timing) for pid, d in left.items()}
    readers: dict[str, list[str]] = {}  # node -> the programs left that cover it
    for pid, d in left.items():
        for node in (*d.cover, *d.cause_cover):
            readers.setdefault(node, []).append(pid)
    while left and len(chosen) < limit:
        pid = min(left, key=keys.__getitem__)
        d = left[pid]
        gain, parts = board.gain(d)
        unanswered = [p.id for p in severe if not board.answered.get(p.id) and d.cover.get(p.id, (0.0, ""))[0]
                      >= r.answered * r.priority_weight(3)]
        short = len(chosen) < r.min_main and gain > 0  # a short list takes what still adds something
        if gain < r.min_gain and not d.offered and not unanswered and not short:
            break
        d.gain, d.terms = gain, parts
        d.note = "offered" if d.offered else "severe" if gain < r.min_gain and unanswered else "main"
        answered = board.place(pid, d)
        chosen.append(pid)
        del left[pid], keys[pid]
        for other in {x for node in answered for x in readers[node] if x in left}:
            keys[other] = _key(left[other], board.score(left[other]), timing)
    # a severe problem still without an answer gets the program that covers it best, whatever else it adds
    for p in severe:
        if board.answered.get(p.id) or len(chosen) >= limit:
            continue
        covering = sorted((x for x in left if left[x].cover.get(p.id, (0.0, ""))[0] > 0),
                          key=lambda x: (-left[x].cover[p.id][0], _key(left[x], 0.0, timing)))
        if covering:
            best = covering[0]
            d = left.pop(best)
            d.gain, d.terms = board.gain(d)
            d.note = "severe"
            board.place(best, d)
            chosen.append(best)
    return chosen


def _chains(needs: dict[str, set[str]], listed: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each program with a listed prerequisite in this case (one the rule set shows as a line of its own, right
    before what needs it): the programs it needs that way, directly or through another, and those that need it
    (not its siblings: two permits that both need the NIB are two answers). A prerequisite that is only a means
    (a step: the registry for a benefit, the planning forum for a fund) keeps counting as an answer of its own."""
    needs = {pid: {req for req in reqs if (pid, req) in listed} for pid, reqs in needs.items()}
    def reach(start: str, edges: dict[str, set[str]]) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in sorted(edges.get(todo.pop(), ())):
                if nxt not in seen and nxt != start:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    needed_by: dict[str, set[str]] = {}
    for pid, reqs in needs.items():
        for req in reqs:
            needed_by.setdefault(req, set()).add(pid)
    return {pid: frozenset(reach(pid, needs) | reach(pid, needed_by)) for pid in sorted({*needs, *needed_by})}


def _with_prerequisites(chosen: list[str], drafts: dict[str, Draft], needs: dict[str, set[str]],
                        listed: frozenset[tuple[str, str]], start: Sequence[str] = ()) -> list[str]:
    """The list with each program's prerequisites right before it: those the rule set lists, and those that
    answer something themselves; the others are steps of the program that needs them. ``start``: this list for
    the programs before ``chosen`` (each program is put after those before it, whatever comes after)."""
    out: list[str] = list(start)

    def put(pid: str, trail: frozenset[str]) -> None:
        if pid in out or pid in trail:
            return
        for req in sorted(needs.get(pid, ())):  # a prerequisite that answers something itself is listed first;
            d = drafts.get(req)                   # one that is only a means (funding, registration) is a step
            if d is not None and not d.existing and (d.role in {"answer", "support"} or (pid, req) in listed):
                put(req, trail | {pid})
        out.append(pid)

    for pid in chosen:
        put(pid, frozenset())
    return out


def rank(case: Case, analysis: Analysis, firings: Sequence[Firing], rules: RuleSet, needs_of: dict[str, Need], *,
         kinds: Sequence[str] = (), limit: int, tables: Tables | None = None) -> Ranked:
    """The main list, also possible and keep, with the terms that placed each program. ``tables``: the rule set's
    (its Advisor's; made for this call when not given)."""
    ranking = rules.ranking
    tables = tables if tables is not None and tables.rules is rules else Tables(rules)
    place = tables.place(case.metadata)  # once a case: its words and which sources it may be shown
    drafts, needs = _drafts(case, analysis, firings, rules, place, tables)
    if kinds:
        drafts = {pid: d for pid, d in drafts.items() if set(d.program.kinds) & set(kinds)}
    top = max(analysis.leverage.values(), default=0.0) or 1.0
    roots = set(analysis.roots)
    cause_need = {c: analysis.leverage.get(c, 0.0) / top * (1.0 if c in roots else ranking.non_root)
                  for c in analysis.paths}
    for d in drafts.values():
        if d.named:
            if d.named in needs_of:
                d.named_need = needs_of[d.named].value
            else:  # a cause: the need of the problems it reaches, each by the weight of the path there
                paths = analysis.paths.get(d.named, {})
                d.named_need = max((needs_of[p].value * info.weight for p, info in paths.items() if p in needs_of),
                                   default=0.0)
    board = _Board(ranking, needs_of, cause_need, _chains(needs, tables.listed))
    pool = {pid: d for pid, d in drafts.items() if not d.existing and d.role in {"answer", "support"}}
    chosen = _select(pool, board, case, len(pool))
    listed = tables.listed
    main: list[str] = []
    taken: list[str] = []
    for pid in chosen:  # `limit` caps the main list with the prerequisites each program brings
        with_needs = _with_prerequisites([pid], drafts, needs, listed, main)  # main: the list of `taken`
        if len(with_needs) <= limit:
            taken, main = [*taken, pid], with_needs
    chosen = taken
    for pid in main:
        if pid not in chosen:
            drafts[pid].note = "prerequisite"
    rest = [pid for pid in drafts if pid not in main]
    for pid in rest:  # where the others stand against the finished list
        d = drafts[pid]
        d.gain, d.terms = board.gain(d)
        if d.existing:
            d.note = "keep"
        elif d.role in {"enabler", "prerequisite"}:
            d.note = d.role
        else:
            top_node = d.terms[0].node if d.terms else ""
            first = board.answered.get(top_node)
            d.note, d.note_by = ("answered", first[0]) if first else ("little", "")
    timing = {t: i for i, t in enumerate(ranking.timing_order)}
    order = sorted(rest, key=lambda pid: _key(drafts[pid], drafts[pid].gain, timing))
    also = [p for p in _with_prerequisites([pid for pid in order if not drafts[pid].existing], drafts, needs, listed)
            if p not in main]
    cats = {p.id: {p.category, *p.secondary_categories} for p in case.problems} | {c.id: {c.category}
                                                                                   for c in case.causes}
    steps = _steps(main + also, drafts, needs, cats)
    # a means (enabler, or a prerequisite the rule set does not list) is shown as a step of what it serves, not
    # again as a line of its own; one that serves nothing placed stays in also possible
    as_step = {sid for taken in steps.values() for sid, _ in taken if drafts[sid].role in {"enabler", "prerequisite"}}
    also = [p for p in also if p not in as_step]
    keep = [pid for pid in order if drafts[pid].existing]
    return Ranked(drafts=drafts, main=main, also=also, keep=keep, needs=needs, place=place,
                  steps={pid: taken for pid, taken in steps.items() if pid in main or pid in also})


def _steps(placed: list[str], drafts: dict[str, Draft], needs: dict[str, set[str]],
           cats: dict[str, set[str]]) -> dict[str, list[tuple[str, str]]]:
    """For each placed program: its prerequisites, and the enablers that serve it: an enabler whose rules matched a
    problem or cause the program covers, of a category both catalogue entries address (the planning forum serves
    the sanitation works it would fund; registering the poor does not serve a waste bank that shares a poverty
    cause with it)."""
    out: dict[str, list[tuple[str, str]]] = {}
    enablers = sorted((d for d in drafts.values() if d.role == "enabler"), key=lambda e: e.program.id)
    # what each enabler's rules matched, and the categories each program's catalogue entry addresses
    matched = [{n for n, (_, how) in e.cover.items() if how != "related"} | set(e.cause_cover) for e in enablers]
    addressed: dict[str, set[str]] = {}

    def addresses(d: Draft) -> set[str]:
        found = addressed.get(d.program.id)
        if found is None:
            found = addressed[d.program.id] = {*d.program.addresses_problems, *d.program.addresses_causes}
        return found

    for pid in placed:
        d = drafts[pid]
        steps = [(req, "prerequisite") for req in sorted(needs.get(pid, ())) if req in drafts]
        covers = set(d.cover) | set(d.cause_cover)
        for e, its in zip(enablers, matched, strict=True):
            shared = covers & its
            common = addresses(d) & addresses(e)
            taken = e.program.id == pid or any(e.program.id == sid for sid, _ in steps)  # once, as prerequisite
            if not taken and any(cats.get(n, set()) & common for n in shared):
                steps.append((e.program.id, "enabler"))
        if steps:
            out[pid] = steps
    return out
