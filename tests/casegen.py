"""Generated case files: valid by construction, built as plain dicts from a seeded Random.

Shared by the property-based tests (hypothesis drives the Random), the concurrency test and bench/memory.py.
Codes come from the taxonomy of the rule set the case is meant for, program ids from its catalogue.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import yaml

from kkb_advisor.model.case import BOOLEAN_ATTRIBUTES, FACT_FIELDS, FUNGSI, PROFILE_FIELDS
from kkb_advisor.model.ruleset import RuleSet

__all__ = ["case_text", "random_case"]

SETTINGS = ("urban", "peri_urban", "rural", "coastal", "upland")
UNITS = ("rw", "dusun", "desa", "kelurahan")
ASSET_TYPES = ("business", "group", "poktan", "facility", "program", "leadership", "natural")
STATUSES = ("active", "completed", "in_process")
WORDS = ("Pendapatan", "rendah", "usaha", "kecil", "anak", "sekolah", "jamban", "banjir", "modal", "izin",
         "lansia", "KB", "stunting", "Ibu-ibu", "PKK", "warga", "kurang", "café", "été", "—", "ẞ", "加", "🙂")


def _text(rng: random.Random, words: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, words)))


def random_case(rng: random.Random, rules: RuleSet, *, max_nodes: int = 6) -> dict[str, Any]:
    """A valid case (as a dict) for ``rules``: unique ids, links between existing nodes, codes from the taxonomy."""
    problem_codes = sorted(rules.taxonomy.problems)
    cause_codes = sorted(rules.taxonomy.causes)
    groups = [{"id": f"G{i}", "label_id": _text(rng), "participants": rng.randint(0, 40)}
              for i in range(1, rng.randint(0, 3) + 1)]
    group_ids = [g["id"] for g in groups]
    problems = []
    for i in range(1, rng.randint(1, max_nodes) + 1):
        p: dict[str, Any] = {"id": f"P{i}", "label_id": _text(rng), "category": rng.choice(problem_codes),
                             "severity": rng.randint(1, 5)}
        if rng.random() < 0.3:
            p["secondary_categories"] = rng.sample(problem_codes, rng.randint(1, 2))
        if group_ids and rng.random() < 0.7:
            p["raised_by"] = rng.sample(group_ids, rng.randint(1, len(group_ids)))
        if rng.random() < 0.3:
            p["fungsi_keluarga"] = rng.choice(FUNGSI)
        problems.append(p)
    causes = [{"id": f"C{i}", "label_id": _text(rng), "category": rng.choice(cause_codes)}
              for i in range(1, rng.randint(0, max_nodes) + 1)]
    pids = [p["id"] for p in problems]
    cids = [c["id"] for c in causes]
    links: list[dict[str, Any]] = []
    pairs: set[tuple[str, str]] = set()
    for _ in range(rng.randint(0, 2 * (len(pids) + len(cids)))):
        source = rng.choice(pids + cids)
        target = rng.choice(pids + cids) if source in cids else rng.choice(pids)
        if source == target or (source, target) in pairs:
            continue
        pairs.add((source, target))
        link = {"from": source, "to": target, "strength": rng.randint(1, 3)}
        if rng.random() < 0.5:
            link["type"] = "aggravates" if source in pids else "causes"
        links.append(link)
    assets = []
    for i in range(1, rng.randint(0, 3) + 1):
        attributes: dict[str, Any] = {k: rng.random() < 0.5 for k in rng.sample(BOOLEAN_ATTRIBUTES, 3)}
        if rng.random() < 0.5:
            attributes["members"] = rng.randint(0, 50)
        assets.append({"id": f"A{i}", "type": rng.choice(ASSET_TYPES), "name": _text(rng),
                       "attributes": attributes})
    programs = sorted(rules.programs)
    existing = [{"program_id": pid, "status": rng.choice(STATUSES)}
                for pid in rng.sample(programs, rng.randint(0, min(2, len(programs))))]
    profile = {k: rng.randint(0, 500) for k in rng.sample(PROFILE_FIELDS, rng.randint(0, 6))}
    facts = {k: rng.random() < 0.5 for k in rng.sample([f for f in FACT_FIELDS if f not in
                                                          {"catin_per_year", "land_legal_share"}], 2)}
    if rng.random() < 0.3:
        facts["land_legal_share"] = round(rng.random(), 2)
    is_desa = rng.random() < 0.5
    case: dict[str, Any] = {
        "schema_version": "1.0",
        "case_id": f"GEN-{rng.randrange(10**6):06d}",
        "provenance": "synthetic",
        "metadata": {
            "kampung_kb_name": "Kampung KB " + _text(rng, 2), "unit_level": rng.choice(UNITS),
            "rw": str(rng.randint(1, 20)), "kelurahan_or_desa": _text(rng, 1), "is_desa": is_desa,
            "kecamatan": _text(rng, 1), "kab_kota": _text(rng, 2), "province": "Jawa Tengah",
            "setting": rng.choice(SETTINGS), "date": dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 6000)),
            "fgd_groups": groups,
        },
        "facts": facts,
        "profile": profile,
        "assets": assets,
        "existing_programs": existing,
        "problems": problems,
        "causes": causes,
        "links": links,
    }
    return case


def case_text(case: dict[str, Any]) -> str:
    """The case as a YAML file a person could have typed."""
    return yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
