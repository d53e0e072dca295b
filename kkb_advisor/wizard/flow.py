"""`kkb-advisor new`: a case file from questions, in Indonesian or English, and a commented blank template.

The questions run through an ``ask(prompt) -> answer`` / ``say(text)`` pair, so they work the same on a terminal
and in tests. ``ask`` raises EOFError when the input ends: before the problems and links are complete nothing is
written; in the optional part (wizard_details: assets, programs, facts, indicators) what was complete is kept. The
file written is YAML with comments, and is checked with ``parse_case`` before it is handed back. The words of the
questions and the asker that re-asks unclear answers are in wizard_questions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..case.checks import PLACEHOLDERS, check_case
from ..case.naming import slug
from ..case.writer import SETTINGS, UNITS, case_yaml
from ..errors import CaseError, UsageError
from ..io.documents import Document
from ..model.case import Case
from ..model.ruleset import RuleSet
from .details import Details, ask_details
from .questions import WIZARD_LABELS, Ask, Asker, Say
from .questions import label as _t

__all__ = ["WIZARD_LABELS", "Ask", "Say", "WizardCase", "case_text", "choose_target", "run_wizard",
           "template_text"]



@dataclass
class WizardCase:
    """The answers, in the shape of a v1 case file."""

    case_id: str = "FILL-IN-CASE-ID"
    provenance: str = "source"
    meta: dict[str, object] = field(default_factory=dict)
    groups: list[tuple[str, str, int | None]] = field(default_factory=list)
    problems: list[dict[str, object]] = field(default_factory=list)
    causes: list[dict[str, object]] = field(default_factory=list)
    links: list[tuple[str, str, str, int]] = field(default_factory=list)
    details: Details = field(default_factory=Details)  # assets, existing programs, facts, profile (optional)


def as_case(case: WizardCase) -> Case:
    """The answers as a checked Case model (the wizard only ever builds valid ones: a failure here is a bug)."""
    data: dict[str, object] = {
        "schema_version": "1.0", "case_id": case.case_id, "provenance": case.provenance,
        "metadata": {**case.meta, "fgd_groups": [
            {"id": gid, "label_id": name, **({"participants": count} if count is not None else {})}
            for gid, name, count in case.groups]},
        "facts": case.details.facts, "profile": case.details.profile,
        "assets": [{"id": a.id, "type": a.type, "name": a.name, "attributes": a.attributes}
                   for a in case.details.assets],
        "existing_programs": [{"program_id": pid, "status": status} for pid, status in case.details.programs],
        "problems": case.problems, "causes": case.causes,
        "links": [{"from": a, "to": b, "type": kind, "strength": s} for a, b, kind, s in case.links],
    }
    return Case.model_validate(data)


def case_text(case: WizardCase, rules: RuleSet, lang: str, *, codes: bool = False) -> str:
    """The case as commented YAML, through the one case writer; ``codes`` makes it the blank template."""
    model = as_case(case)
    problems = check_case(model, Document("<new case>", "", {}, is_yaml=False), rules)
    if codes:  # the blank template holds its placeholders on purpose
        problems = [p for p in problems if "placeholder" not in str(p.message)]
    if problems:  # a bug: the wizard asks only for codes and ids it knows
        raise CaseError(problems)
    return case_yaml(model, rules, lang, template=codes)


def template_text(rules: RuleSet, lang: str = "id") -> str:
    """A commented blank case file to fill in by hand. Its shape is valid, and `validate` names each placeholder
    (ISI-..., FILL-IN-...) still to be replaced, so it helps at once."""
    tax = rules.taxonomy
    problem_code, cause_code = sorted(tax.problems)[0], sorted(tax.causes)[0]
    fill = PLACEHOLDERS[0] if lang != "en" else PLACEHOLDERS[1]
    case = WizardCase(
        case_id=f"{fill}KODE-KASUS" if lang != "en" else "FILL-IN-CASE-ID",
        meta={"kampung_kb_name": f"{fill}nama Kampung KB", "unit_level": "kelurahan",
              "kelurahan_or_desa": f"{fill}kelurahan/desa", "is_desa": False, "kecamatan": f"{fill}kecamatan",
              "kab_kota": f"{fill}kabupaten/kota", "province": f"{fill}provinsi", "setting": "urban",
              "date": "2024-01-31"},
        groups=[("G1", f"{fill}kelompok", None)],
        problems=[{"id": "P1", "label_id": f"{fill}masalah", "category": problem_code, "severity": 3,
                   "raised_by": ["G1"]}],
        causes=[{"id": "C1", "label_id": f"{fill}penyebab", "category": cause_code}],
        links=[("C1", "P1", "causes", 2)])
    return case_text(case, rules, lang, codes=True)


# ---------------------------------------------------------------- the questions


def _slug(text: str) -> str:
    return slug(text) or "KASUS"


def _date(q: Asker, today: dt.date) -> dt.date:
    while True:
        answer = q.text("date", default=today.isoformat())
        try:
            return dt.date.fromisoformat(answer)
        except ValueError:
            q.say(_t("bad_date", q.lang))


def run_wizard(ask: Ask, say: Say, rules: RuleSet, *, lang: str = "id", today: dt.date) -> WizardCase:
    """Ask for a whole case, one question at a time. Raises UsageError when the input ends early."""
    q = Asker(ask, say, lang)
    try:
        return _questions(q, rules, today)
    except EOFError:
        raise UsageError("the answers ended before the case was complete; nothing was written") from None


def _questions(q: Asker, rules: RuleSet, today: dt.date) -> WizardCase:
    q.say(_t("intro", q.lang))
    case = WizardCase()
    m = case.meta
    m["kampung_kb_name"] = q.text("kampung")
    m["kelurahan_or_desa"] = q.text("kelurahan")
    m["is_desa"] = q.yes("is_desa")
    m["unit_level"] = q.choose("unit", UNITS, "desa" if m["is_desa"] else "kelurahan")
    if m["unit_level"] in ("rw", "dusun"):
        m[str(m["unit_level"])] = q.text(str(m["unit_level"]))
    m["kecamatan"] = q.text("kecamatan")
    m["kab_kota"] = q.text("kab_kota")
    m["province"] = q.text("province")
    m["setting"] = q.choose("setting", SETTINGS, "rural" if m["is_desa"] else "urban")
    date = _date(q, today)
    m["date"] = date.isoformat()
    case.case_id = _slug(q.text("case_id", default=f"{_slug(str(m['kelurahan_or_desa']))}-{date.year}"))
    case.provenance = "synthetic" if q.text("provenance", default="source").lower().startswith("syn") else "source"
    q.say(_t("groups", q.lang))
    while True:
        gid = f"G{len(case.groups) + 1}"
        name = q.text("group", required=False, fmt={"id": gid})
        if not name:
            break
        case.groups.append((gid, name, q.number("participants", 0, 100000, id=gid)))
    group_ids = [g[0] for g in case.groups]
    shown = [False]
    q.say(_t("problems", q.lang))
    while True:
        pid = f"P{len(case.problems) + 1}"
        text = q.text("problem", required=False, fmt={"id": pid})
        if not text:
            if case.problems:
                break
            q.say(_t("need_problem", q.lang))
            continue
        item: dict[str, object] = {"id": pid, **_labels(q, text),
                                   "category": q.category(rules.taxonomy.problems, shown),
                                   "severity": q.number("severity", 1, 5, default=3)}
        if group_ids:
            item["raised_by"] = q.ids("raised_by", group_ids) or group_ids
        case.problems.append(item)
    shown = [False]
    q.say(_t("causes", q.lang))
    while True:
        cid = f"C{len(case.causes) + 1}"
        text = q.text("cause", required=False, fmt={"id": cid})
        if not text:
            break
        case.causes.append({"id": cid, **_labels(q, text), "category": q.category(rules.taxonomy.causes, shown)})
    _links(q, case)
    case.details = ask_details(q, rules)
    return case


def _labels(q: Asker, text: str) -> dict[str, str]:
    """label_id and label_en: the answer in the wizard's language, and the optional other one."""
    other = q.text("label_en", required=False)
    return {"label_id": other or text, "label_en": text} if q.lang == "en" else {"label_id": text, "label_en": other}


def _links(q: Asker, case: WizardCase) -> None:
    q.say(_t("links", q.lang))
    problems = [str(p["id"]) for p in case.problems]
    causes = [str(c["id"]) for c in case.causes]
    for c in case.causes:
        cid = str(c["id"])
        for target in q.ids("leads_to", problems + [x for x in causes if x != cid], id=cid, label=c["label_id"]):
            strength = q.number("strength", 1, 3, default=2, a=cid, b=target)
            case.links.append((cid, target, "causes", strength or 2))
    if len(problems) > 1:
        for p in case.problems:
            pid = str(p["id"])
            for target in q.ids("worsens", [x for x in problems if x != pid], id=pid, label=p["label_id"]):
                strength = q.number("strength", 1, 3, default=2, a=pid, b=target)
                case.links.append((pid, target, "aggravates", strength or 2))


def choose_target(ask: Ask, say: Say, path: Path, *, lang: str = "id") -> Path:
    """The file to write: ``path``, unless it exists and the user says not to replace it (then another name)."""
    q = Asker(ask, say, lang)
    try:
        while path.exists():
            if q.yes("exists", path=path):
                return path
            other = q.text("other_name", required=False)
            if not other:
                raise UsageError(f"{path}: the file exists and was kept; nothing was written")
            path = Path(other)
    except EOFError:
        raise UsageError(f"{path}: the file exists and no answer came; nothing was written") from None
    return path
