"""The package's folders are its pipeline: a module imports only from its own package and the layers below it.

Layers, bottom to top (docs/architecture.md). Packages on one floor are siblings and never import each other.
Every import counts, including those inside functions (lazy imports are still dependencies).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kkb_advisor"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors_id"}),  # the Indonesian of the error messages: plain text, imports nothing of ours
    frozenset({"errors", "_version", "_pyversion"}),
    frozenset({"model"}),
    frozenset({"io"}),
    frozenset({"rules"}),
    frozenset({"case"}),
    frozenset({"advice"}),
    frozenset({"policy", "report"}),
    frozenset({"wizard", "batch"}),
    frozenset({"cli"}),
    frozenset({"__init__", "__main__"}),  # the public API and `python -m` sit on top of everything
)
FLOOR = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}


def _room(module: tuple[str, ...]) -> str:
    """The top-level room of a module path inside the package: ('advice', 'engine') -> 'advice'."""
    return module[0] if module else "__init__"


def imports_of(path: Path, package: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(line, module path inside the package) of every import of ``path`` that stays inside the package."""
    rel = path.relative_to(package).with_suffix("").parts
    here = rel[:-1]  # the package a relative import starts from (for an __init__, the package itself)
    out: list[tuple[int, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = (*base, *(node.module.split(".") if node.module else ()))
            elif node.module and node.module.split(".")[0] == package.name:
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            names = [(*target, a.name) for a in node.names] if not node.module else [target]
            out += [(node.lineno, t) for t in names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, tuple(a.name.split(".")[1:])) for a in node.names
                    if a.name.split(".")[0] == package.name]
    return out


def violations(package: Path) -> list[str]:
    """Every import that points up the layers or sideways to a sibling package, as 'file:line: a -> b'."""
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).with_suffix("").parts
        room = _room(rel) if rel != ("__init__",) else "__init__"
        for line, target in imports_of(path, package):
            other = _room(target)
            if other == room or other not in FLOOR or room not in FLOOR:
                continue
            if FLOOR[other] >= FLOOR[room]:
                found.append(f"{path.relative_to(package.parent)}:{line}: {room} -> {other}")
    return found


def test_every_room_has_a_floor() -> None:
    rooms = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert rooms <= set(FLOOR), f"add these to LAYERS (and docs/architecture.md): {sorted(rooms - set(FLOOR))}"


def test_imports_only_point_down() -> None:
    assert violations(PACKAGE) == []


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    pkg = tmp_path / "kkb_advisor"
    for room in ("rules", "advice"):
        (pkg / room).mkdir(parents=True)
        (pkg / room / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "advice" / "engine.py").write_text("from ..rules import compiler\n")
    (pkg / "rules" / "compiler.py").write_text("def f():\n    from ..advice.engine import Engine\n")
    assert violations(pkg) == ["kkb_advisor/rules/compiler.py:2: rules -> advice"]
