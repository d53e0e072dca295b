"""A Case as a case file: commented YAML in the order of the format (v1), the one writer every tool uses.

Only what the case says is written (a value left at its default is left out), each section with a comment that
says what belongs there, each category code with its label. ``template=True`` adds commented examples under the
empty lists and the lists of codes at the end (the blank template of `kkb-advisor new --template`). Reading the
text back gives the same Case (tested on every bundled case).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..model.case import Case, Metadata
from ..model.ruleset import RuleSet

__all__ = ["case_yaml"]

UNITS = ("rw", "dusun", "desa", "kelurahan")
SETTINGS = ("urban", "peri_urban", "rural", "coastal", "upland")

WORDS: dict[str, dict[str, str]] = {
    "head": {"id": "Berkas kasus FGD Kampung KB (format v1). Periksa: kkb-advisor validate BERKAS",
             "en": "Kampung KB FGD case file (format v1). Check it: kkb-advisor validate FILE"},
    "advise": {"id": "Rekomendasi: kkb-advisor advise BERKAS --format html -o laporan.html",
               "en": "Advice: kkb-advisor advise FILE --format html -o report.html --lang en"},
    "provenance": {"id": "source = FGD nyata; synthetic = contoh/latihan",
                   "en": "source = a real FGD; synthetic = an example or exercise"},
    "is_desa": {"id": "true = desa (Dana Desa), false = kelurahan",
                "en": "true = desa (Dana Desa), false = kelurahan"},
    "date": {"id": "tanggal FGD: menentukan program yang sudah ada saat itu",
             "en": "the FGD date: decides which programs existed then"},
    "groups": {"id": "kelompok yang mengangkat masalah", "en": "the groups that raised problems"},
    "facts": {"id": "fakta ya/tidak wilayah, misalnya has_fishers: true, slum_area: false, kampung_kb_new: true "
                    "(Kampung KB dibentuk tahun FGD atau tahun sebelumnya); kosong = tidak tahu",
              "en": "yes/no facts about the area, e.g. has_fishers: true, slum_area: false, kampung_kb_new: true "
                    "(Kampung KB formed in the FGD year or the year before); absent = unknown"},
    "profile": {"id": "indikator di wilayah FGD, misalnya households: 200, poor_households: 40, stunting_cases: 5",
                "en": "indicators for the FGD area, e.g. households: 200, poor_households: 40, stunting_cases: 5"},
    "assets": {"id": "usaha dan kelompok warga; atribut has_* yang tidak ditulis dianggap false oleh aturan",
               "en": "businesses and groups; a has_* attribute left out counts as false in the rules"},
    "existing": {"id": "program yang sudah ada: active | completed | in_process",
                 "en": "programs already in place: active | completed | in_process"},
    "responses": {"id": "jawaban instansi (OPD) di FGD: program yang mereka tawarkan",
                  "en": "what the agencies (OPD) answered at the FGD: the programs they offered"},
    "problems": {"id": "category: kode dari taksonomi; severity: 1 ringan ... 5 mendesak",
                 "en": "category: a taxonomy code; severity: 1 minor ... 5 urgent"},
    "causes": {"id": "category: kode penyebab (CAU.*) dari taksonomi",
               "en": "category: a cause code (CAU.*) from the taxonomy"},
    "links": {"id": "causes: penyebab -> masalah/penyebab; aggravates: masalah -> masalah; "
                    "strength: 1 lemah, 2 sedang, 3 utama",
              "en": "causes: cause -> problem/cause; aggravates: problem -> problem; "
                    "strength: 1 weak, 2 moderate, 3 main driver"},
    "codes_p": {"id": "Kode masalah", "en": "Problem codes"},
    "codes_c": {"id": "Kode penyebab", "en": "Cause codes"},
    "template": {"id": "Ganti setiap ISI-... dan contoh P1/C1; hapus yang tidak perlu.",
                 "en": "Replace every FILL-IN-... and the example P1/C1; delete what you do not need."},
}


def _w(key: str, lang: str) -> str:
    return WORDS[key]["en" if lang == "en" else "id"]


def scalar(value: Any) -> str:
    """One value as YAML: text always quoted (JSON strings are valid YAML), dates as dates, yes/no as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def _code(value: str) -> str:
    """A code or id as written by hand: bare when it is plainly one word of code, quoted otherwise."""
    return value if value.replace(".", "").replace("-", "").replace("_", "").isalnum() else scalar(value)


def _given(model: BaseModel) -> dict[str, Any]:
    """The fields of a model that differ from their defaults (extra keys included), in the format's order."""
    out: dict[str, Any] = {}
    fields = type(model).model_fields
    for name, info in fields.items():
        value = getattr(model, name)
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            continue
        out[info.alias or name] = value
    out.update({k: v for k, v in (model.model_extra or {}).items() if v is not None})
    return out


def _flow(model: BaseModel) -> str:
    """A small item on one line: `{id: G1, label_id: "...", participants: 12}`."""
    parts = []
    for key, value in _given(model).items():
        shown = _code(value) if key in {"id", "from", "to", "program_id", "agency", "type", "status"} else scalar(
            value.model_dump(exclude_none=True) if isinstance(value, BaseModel) else value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def _metadata(m: Metadata, lang: str) -> list[str]:
    notes = {"unit_level": " | ".join(UNITS), "setting": " | ".join(SETTINGS), "is_desa": _w("is_desa", lang),
             "date": _w("date", lang)}
    out = ["metadata:"]
    for key, value in _given(m).items():
        if key == "fgd_groups":
            continue
        if isinstance(value, BaseModel):
            shown = _flow(value)
        elif key in {"unit_level", "setting", "kampung_kb_class"}:
            shown = str(value)
        elif key in {"location_criteria", "agencies_present"}:
            shown = "[" + ", ".join(value) + "]"
        else:
            shown = scalar(value)
        out.append(f"  {key}: {shown}" + (f"  # {notes[key]}" if key in notes else ""))
    out.append("  fgd_groups:" + ("" if m.fgd_groups else " []") + f"  # {_w('groups', lang)}")
    out += [f"    - {_flow(g)}" for g in m.fgd_groups]
    return out


def _mapping(key: str, values: dict[str, Any], comment: str) -> list[str]:
    return [f"{key}:" + ("" if values else " {}") + f"  # {comment}",
            *(f"  {name}: {scalar(value)}" for name, value in values.items())]


def _block(item: BaseModel, rules: RuleSet, lang: str) -> list[str]:
    """A problem, cause, asset or agency response as a block of `key: value` lines."""
    out = []
    for n, (key, value) in enumerate(_given(item).items()):
        lead = "  - " if n == 0 else "    "
        if key == "attributes":
            shown = "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in _given(value).items()) + "}"
        elif key in {"id", "type", "fungsi_keluarga", "src", "agency"}:
            shown = str(value)
        elif key in {"category"}:
            shown = f"{value}  # {rules.taxonomy.label(str(value), lang)}"
        elif key in {"secondary_categories", "raised_by", "program_ids"}:
            shown = "[" + ", ".join(value) + "]"
        else:
            shown = scalar(value)
        out.append(f"{lead}{key}: {shown}")
    return out


def _items(key: str, items: Iterable[BaseModel], comment: str, rules: RuleSet, lang: str) -> list[str]:
    items = list(items)
    out = [f"{key}:" + ("" if items else " []") + f"  # {comment}"]
    for item in items:
        out += _block(item, rules, lang)
    return out


def case_yaml(case: Case, rules: RuleSet, lang: str = "id", *, template: bool = False) -> str:
    """The case as a commented YAML case file (comments in ``lang``; labels of codes from ``rules``)."""
    out = [f"# {_w('head', lang)}", f"# {_w('advise', lang)}"]
    if template:
        out.append(f"# {_w('template', lang)}")
    out += ['schema_version: "1.0"', f"case_id: {scalar(case.case_id)}",
            f"provenance: {case.provenance}  # {_w('provenance', lang)}", *_metadata(case.metadata, lang)]
    out += _mapping("facts", _given(case.facts), _w("facts", lang))
    out += _mapping("profile", _given(case.profile), _w("profile", lang))
    out += _items("assets", case.assets, _w("assets", lang), rules, lang)
    if template and not case.assets:
        out.append('#  - {id: A1, type: business, name: "...", attributes: {has_business: true, food_product: true, '
                   "has_nib: false, has_pirt: false, business_age_months: 12}}")
    out.append("existing_programs:" + ("" if case.existing_programs else " []") + f"  # {_w('existing', lang)}")
    for e in case.existing_programs:
        name = rules.programs[e.program_id].name.get(lang) if e.program_id in rules.programs else ""
        out.append(f"  - {_flow(e)}" + (f"  # {name}" if name else ""))
    if template and not case.existing_programs and rules.programs:
        out.append(f"#  - {{program_id: {min(rules.programs)}, status: active}}")
    if case.opd_responses:
        out += _items("opd_responses", case.opd_responses, _w("responses", lang), rules, lang)
    out += _items("problems", case.problems, _w("problems", lang), rules, lang)
    out += _items("causes", case.causes, _w("causes", lang), rules, lang)
    out.append("links:" + ("" if case.links else " []") + f"  # {_w('links', lang)}")
    out += [f"  - {_flow(link)}" for link in case.links]
    out.append(f"notes: {scalar(case.notes)}")
    if template:
        tax = rules.taxonomy
        out += ["", f"# {_w('codes_p', lang)}:"]
        out += [f"#   {code}: {text.get(lang)}" for code, text in sorted(tax.problems.items())]
        out += [f"# {_w('codes_c', lang)}:"]
        out += [f"#   {code}: {text.get(lang)}" for code, text in sorted(tax.causes.items())]
    return "\n".join(out) + "\n"
