"""`kkb-advisor new`: a case file from questions, in Indonesian or English, and a commented blank template.

The questions run through an ``ask(prompt) -> answer`` / ``say(text)`` pair, so they work the same on a terminal
and in tests. ``ask`` raises EOFError when the input ends: before the problems and links are complete nothing is
written; in the optional part (wizard_details: assets, programs, facts, indicators) what was complete is kept. The
file written is YAML with comments, and is checked with ``parse_case`` before it is handed back. The words of the
questions and the asker that re-asks unclear answers are in wizard_questions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..case.load import parse_case
from ..model.ruleset import RuleSet
from .details import Details, ask_details, details_yaml
from .details import quote as _q
from .questions import WIZARD_LABELS, Ask, Asker, Say
from .questions import label as _t

__all__ = ["WIZARD_LABELS", "Ask", "Say", "WizardCase", "case_text", "choose_target", "run_wizard",
           "template_text"]

UNITS = ("rw", "dusun", "desa", "kelurahan")
SETTINGS = ("urban", "peri_urban", "rural", "coastal", "upland")


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


def case_text(case: WizardCase, rules: RuleSet, lang: str, *, codes: bool = False) -> str:
    """The case as commented YAML; ``codes`` adds the taxonomy codes as comments (for the blank template)."""
    tax = rules.taxonomy
    m = case.meta
    out = [f"# {_t('c_head', lang)}", f"# {_t('c_advise', lang)}"]
    if codes:
        out.append(f"# {_t('c_template', lang)}")
    out += ['schema_version: "1.0"', f"case_id: {_q(case.case_id)}",
            f"provenance: {case.provenance}  # {_t('c_provenance', lang)}", "metadata:"]
    for key in ("kampung_kb_name", "unit_level", "rw", "dusun", "kelurahan_or_desa", "is_desa", "kecamatan",
                "kab_kota", "province", "setting", "date"):
        if key not in m:
            continue
        value = m[key]
        shown = ("true" if value else "false") if isinstance(value, bool) else (
            str(value) if key in ("unit_level", "setting", "date") else _q(str(value)))
        note = {"unit_level": " | ".join(UNITS), "setting": " | ".join(SETTINGS), "is_desa": _t("c_is_desa", lang),
                "date": _t("c_date", lang)}.get(key)
        out.append(f"  {key}: {shown}" + (f"  # {note}" if note else ""))
    out.append(f"  fgd_groups:  # {_t('c_groups', lang)}")
    for gid, name, count in case.groups:
        extra = f", participants: {count}" if count is not None else ""
        out.append(f"    - {{id: {gid}, label_id: {_q(name)}{extra}}}")
    if not case.groups:
        out[-1] = out[-1].replace("fgd_groups:", "fgd_groups: []")
    out += details_yaml(case.details, rules, lang, examples=codes)
    out.append(f"problems:  # {_t('c_problems', lang)}")
    for p in case.problems:
        out += [f"  - id: {p['id']}", f"    label_id: {_q(str(p['label_id']))}"]
        if p.get("label_en"):
            out.append(f"    label_en: {_q(str(p['label_en']))}")
        out += [f"    category: {p['category']}  # {tax.label(str(p['category']), lang)}",
                f"    severity: {p['severity']}"]
        if p.get("raised_by"):
            out.append(f"    raised_by: [{', '.join(p['raised_by'])}]")  # type: ignore[arg-type]
    out.append("causes:" + ("" if case.causes else " []") + f"  # {_t('c_causes', lang)}")
    for c in case.causes:
        out += [f"  - id: {c['id']}", f"    label_id: {_q(str(c['label_id']))}"]
        if c.get("label_en"):
            out.append(f"    label_en: {_q(str(c['label_en']))}")
        out.append(f"    category: {c['category']}  # {tax.label(str(c['category']), lang)}")
    out.append("links:" + ("" if case.links else " []") + f"  # {_t('c_links', lang)}")
    out += [f"  - {{from: {a}, to: {b}, type: {kind}, strength: {s}}}" for a, b, kind, s in case.links]
    out.append('notes: ""')
    if codes:
        out += ["", f"# {_t('c_codes_p', lang)}:"]
        out += [f"#   {code}: {text.get(lang)}" for code, text in sorted(tax.problems.items())]
        out += [f"# {_t('c_codes_c', lang)}:"]
        out += [f"#   {code}: {text.get(lang)}" for code, text in sorted(tax.causes.items())]
    text = "\n".join(out) + "\n"
    parse_case(text, name="<new case>", rules=rules)  # a bug if this fails: the wizard only writes valid files
    return text


def template_text(rules: RuleSet, lang: str = "id") -> str:
    """A commented blank case file to fill in by hand; it is valid as it stands, so `validate` helps at once."""
    tax = rules.taxonomy
    problem_code, cause_code = sorted(tax.problems)[0], sorted(tax.causes)[0]
    fill = "ISI-" if lang != "en" else "FILL-IN-"
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
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").upper()[:40] or "KASUS"


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
