"""durable_rules' alpha network as it would build it from a compiled rule set, and the engine's limits checked on it.

durable_rules 2.0.28 (src/rules/rete.c, events.c) fails, hangs or reads past its tables on rule sets that exceed
fixed sizes, and refuses a case at run time when one fact passes too many tests at once. This module rebuilds the
network the C code would build from the very definition handed to it (``to_durable``), without calling into C, so
that every limit is checked before the engine sees the rule set (``network_problems``): `advise` and `rules lint`
refuse the same rule sets, a refused set never leaks the engine's memory, and the error names the rule.

How the C code builds it (rete.c: createAlpha, findAlpha, linkAlpha, createForwardAlpha):
- a test ``{field: v}`` / ``{"$gte": {field: v}}`` under a parent node reuses the parent's child with the same
  field, operator and value, else adds one; ``$nex`` children go to the parent's *list*, the others to its
  *hashset*; ``$iany`` always adds a new child (never shared);
- ``$and`` chains its members; ``$or`` adds a fresh *forward* node that every member's node lists (it is always
  followed), so what comes after an ``$or`` is never shared;
- the last node of a pattern lists the pattern's beta node (one per pattern of each rule);
- ``$and`` and ``$or`` each add two entries to the pattern's expression sequence.

When a fact arrives (events.c: handleAlpha) the matcher walks the network depth first on a stack of 64 entries,
pushing at once every child of the current node that the fact passes (forward nodes always; ``$nex`` children when
the field is absent). ``stack_peak`` bounds that stack from above for any fact: at one node, equality tests on one
field with different values exclude each other, everything else may hold together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

__all__ = ["LIMITS", "Network", "Overflow", "build", "first_failing", "network_overflows"]

# the C engine's fixed sizes, each less one entry where the C code needs a terminating zero (a full list or hashset
# is read past its end, and findAlpha loops forever on a full hashset)
LIMITS = {
    "rules": 4096,  # MAX_ACTIONS 4096, the sentinel rule of rules/durable.py included
    "hashset": 511,  # NEXT_BUCKET_LENGTH 512: tests hanging under one test
    "list": 127,  # NEXT_LIST_LENGTH 128: `exists: false` tests and `any_of`/`includes_any` lists under one test
    "beta": 255,  # BETA_LIST_LENGTH 256: patterns of rules that end on the same test
    "expressions": 31,  # MAX_SEQUENCE_EXPRESSIONS 32: two for each `and`/`or` group of one pattern
    "stack": 64,  # MAX_STACK_SIZE 64: tests one fact can pass at once, pending in the matcher
}
_OPS = {"$gt", "$gte", "$lt", "$lte", "$neq", "$ex", "$nex"}


def _value_key(value: Any) -> tuple[str, Any]:
    """Values that the engine's equality test cannot tell apart (numbers compare as numbers, bools apart)."""
    if isinstance(value, bool) or value is None:
        return ("const", value)
    if isinstance(value, (int, float)):
        return ("num", float(value))
    return (type(value).__name__, value if isinstance(value, str) else repr(value))


@dataclass(eq=False)
class _Node:
    field: str = ""
    op: str = ""
    value: tuple[str, Any] = ("", None)
    forward: bool = False
    hashset: list[_Node] = _field(default_factory=list)
    index: dict[tuple[str, str, tuple[str, Any]], _Node] = _field(default_factory=dict)
    nexlist: list[_Node] = _field(default_factory=list)
    betas: list[str] = _field(default_factory=list)  # the engine rule of each pattern ending here

    def children(self) -> list[_Node]:
        return self.hashset + self.nexlist

    def pushed(self) -> int:
        """The most children one fact can pass at once (pushed together on the matcher's stack)."""
        by_field: dict[str, dict[str, Any]] = {}
        for child in self.hashset:
            slot = by_field.setdefault(child.field, {"eq": {}, "other": 0, "nex": 0})
            if child.op == "eq":
                slot["eq"][child.value] = slot["eq"].get(child.value, 0) + 1
            else:
                slot["other"] += 1
        forward = 0
        for child in self.nexlist:
            if child.forward:
                forward += 1
            else:
                by_field.setdefault(child.field, {"eq": {}, "other": 0, "nex": 0})["nex"] += 1
        total = forward
        for slot in by_field.values():
            present = max(slot["eq"].values(), default=0) + slot["other"]
            total += max(present, slot["nex"])
        return total


@dataclass
class Overflow:
    """One limit the network exceeds: which, by how much, the engine rule at fault, and where in the network."""

    limit: str
    count: int
    rule: str  # the engine rule (r0, r1, ...) whose addition exceeds it
    path: tuple[str, ...]  # the tests leading to the node, as words (`t = case`, `year >= 1990`)
    fields: tuple[tuple[str, int], ...] = ()  # for the stack: the tests pushed at the node, counted by field


class Network:
    """The alpha network of a durable_rules definition ({rule: {"all": [{alias: expr}], ...}})."""

    def __init__(self) -> None:
        self.root = _Node()
        self.rules = 0
        self.overflows: list[Overflow] = []
        self._paths: dict[int, tuple[str, ...]] = {id(self.root): ()}

    def add_rule(self, name: str, rule: dict[str, Any]) -> None:
        self.rules += 1
        for pattern in rule["all"]:
            (expr,), = [pattern.values()]
            count = [0]
            end = self._expr(self.root, expr, count, name)
            end.betas.append(name)
            if count[0] > LIMITS["expressions"]:
                self.overflows.append(Overflow("expressions", count[0], name, self._paths.get(id(end), ())))
            if len(end.betas) > LIMITS["beta"]:
                self.overflows.append(Overflow("beta", len(end.betas), name, self._paths.get(id(end), ())))

    def _test(self, parent: _Node, name: str, op: str, value: Any, rule_field: str) -> _Node:
        key = (rule_field, op, _value_key(value))
        if op != "iany":
            found = parent.index.get(key)
            if found is not None:
                return found
        node = _Node(rule_field, op, key[2])
        if op == "nex":
            parent.nexlist.append(node)
        else:
            parent.hashset.append(node)
        if op != "iany":
            parent.index[key] = node
        shown = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "neq": "!=", "ex": "exists",
                  "nex": "absent", "iany": "includes"}[op]
        self._paths[id(node)] = (*self._paths.get(id(parent), ()), f"{rule_field} {shown} {value!r}"
                                 if op not in {"ex", "nex"} else f"{rule_field} {shown}")
        self._check(parent, name)
        return node

    def _check(self, parent: _Node, name: str) -> None:
        where = self._paths.get(id(parent), ())
        if len(parent.hashset) == LIMITS["hashset"] + 1:
            self.overflows.append(Overflow("hashset", len(parent.hashset), name, where))
        if len(parent.nexlist) == LIMITS["list"] + 1:
            self.overflows.append(Overflow("list", len(parent.nexlist), name, where))

    def _expr(self, parent: _Node, expr: dict[str, Any], count: list[int], rule: str) -> _Node:
        (key, body), = expr.items()
        if key == "$and":
            count[0] += 2
            node = parent
            for member in body:
                node = self._expr(node, member, count, rule)
            return node
        if key == "$or":
            count[0] += 2
            forward = _Node(forward=True)
            self._paths[id(forward)] = (*self._paths.get(id(parent), ()), "(one of several)")
            for member in body:
                end = self._expr(parent, member, count, rule)
                end.nexlist.append(forward)
                self._check(end, rule)
            return forward
        if key == "$iany":
            (name, inner), = body.items()
            return self._test(parent, rule, "iany", inner.get("$i"), name)
        if key in _OPS:
            (name, value), = body.items()
            return self._test(parent, rule, key[1:], value, name)
        return self._test(parent, rule, "eq", body, key)

    def add(self, definition: dict[str, Any]) -> None:
        name = ""
        for name, rule in definition.items():
            self.add_rule(name, rule)
        if self.rules > LIMITS["rules"]:
            self.overflows.append(Overflow("rules", self.rules, name, ()))

    def stack_peak(self) -> tuple[int, _Node]:
        """An upper bound of the matcher's stack over any one fact, and the path to the node where it peaks."""
        memo: dict[int, int] = {}

        def peak(node: _Node) -> int:
            known = memo.get(id(node))
            if known is not None:
                return known
            memo[id(node)] = 0  # the network is acyclic; this only guards the recursion
            kids = node.children()
            if not kids:
                return 0
            k = node.pushed()
            below = max(peak(c) for c in kids)
            value = max(k, k - 1 + below) if k else 0
            memo[id(node)] = value
            return value

        total = peak(self.root)
        # the node whose own pushes are the largest along the worst path: what to name in a message
        node = self.root
        while True:
            kids = node.children()
            if not kids or node.pushed() >= max((memo.get(id(c), 0) for c in kids), default=0):
                break
            node = max(kids, key=lambda c: memo.get(id(c), 0))
        return total, node

    def path(self, node: _Node) -> tuple[str, ...]:
        return self._paths.get(id(node), ())


def _by_field(node: _Node) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for child in node.children():
        name = "(alternatives)" if child.forward else child.field
        counts[name] = counts.get(name, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def build(definition: dict[str, Any]) -> Network:
    net = Network()
    net.add(definition)
    return net


def network_overflows(definition: dict[str, Any]) -> list[Overflow]:
    """Every limit the definition exceeds (the matcher's stack as one entry at most)."""
    net = build(definition)
    out = list(net.overflows)
    peak, node = net.stack_peak()
    if peak > LIMITS["stack"]:
        out.append(Overflow("stack", peak, "", net.path(node), _by_field(node)))
    return out


def first_failing(names: Sequence[str], fails: Callable[[Sequence[str]], bool]) -> int:
    """The index of the rule whose addition makes ``fails`` true, by bisection over prefixes of ``names``
    (``fails(names)`` holds; ``fails`` of the empty prefix does not)."""
    lo, hi = 0, len(names)  # fails(names[:hi]) holds, fails(names[:lo]) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fails(names[:mid]):
            hi = mid
        else:
            lo = mid
    return hi - 1
