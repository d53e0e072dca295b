"""`kkb-advisor new`: a case file from questions, in Indonesian or English, and a commented blank template.

The questions run through an ``ask(prompt) -> answer`` / ``say(text)`` pair, so they work the same on a terminal
and in tests. ``ask`` raises EOFError when the input ends. The file written is YAML with comments, and is checked
with ``parse_case`` before it is handed back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .loading import parse_case
from .rules.model import Bilingual, RuleSet

__all__ = ["WIZARD_LABELS", "Ask", "Say", "WizardCase", "case_text", "choose_target", "run_wizard",
           "template_text"]

Ask = Callable[[str], str]
Say = Callable[[str], None]

WIZARD_LABELS: dict[str, dict[str, str]] = {
    "intro": {"id": "Membuat berkas kasus FGD baru. Tekan Enter untuk nilai dalam [kurung].",
              "en": "Making a new FGD case file. Press Enter for the value in [brackets]."},
    "kampung": {"id": "Nama Kampung KB", "en": "Name of the Kampung KB"},
    "kelurahan": {"id": "Nama kelurahan atau desa", "en": "Name of the kelurahan or desa"},
    "is_desa": {"id": "Desa (bukan kelurahan)? y/t", "en": "A desa (not a kelurahan)? y/n"},
    "unit": {"id": "Lingkup FGD", "en": "The FGD covers"},
    "rw": {"id": "Nomor RW", "en": "RW number"},
    "dusun": {"id": "Nama dusun", "en": "Name of the dusun"},
    "kecamatan": {"id": "Kecamatan", "en": "Kecamatan (district)"},
    "kab_kota": {"id": "Kabupaten/kota", "en": "Regency or city"},
    "province": {"id": "Provinsi", "en": "Province"},
    "setting": {"id": "Jenis wilayah", "en": "Setting"},
    "date": {"id": "Tanggal FGD (TTTT-BB-HH)", "en": "FGD date (YYYY-MM-DD)"},
    "case_id": {"id": "Kode kasus", "en": "Case id"},
    "provenance": {"id": "FGD nyata (source) atau latihan (synthetic)?", "en": "A real FGD (source) or an "
                   "exercise (synthetic)?"},
    "groups": {"id": "Kelompok peserta FGD (kosong = selesai)", "en": "FGD groups (empty = done)"},
    "group": {"id": "Nama kelompok {id}", "en": "Name of group {id}"},
    "participants": {"id": "Jumlah peserta {id} (boleh kosong)", "en": "Participants in {id} (may be empty)"},
    "problems": {"id": "Masalah yang diangkat warga (kosong = selesai)",
                 "en": "Problems residents raised (empty = done)"},
    "problem": {"id": "Masalah {id}", "en": "Problem {id}"},
    "need_problem": {"id": "Perlu sedikitnya satu masalah.", "en": "At least one problem is needed."},
    "label_en": {"id": "  dalam bahasa Inggris (boleh kosong)", "en": "  in Indonesian (may be empty)"},
    "category": {"id": "  Kategori (nomor, kode, atau beberapa huruf; ? = daftar)",
                 "en": "  Category (number, code or a few letters; ? = list)"},
    "severity": {"id": "  Keparahan 1 (ringan) - 5 (mendesak)", "en": "  Severity 1 (minor) - 5 (urgent)"},
    "raised_by": {"id": "  Diangkat oleh kelompok (kode, dipisah spasi)", "en": "  Raised by groups (ids, "
                  "separated by spaces)"},
    "causes": {"id": "Penyebab masalah (kosong = selesai)", "en": "Causes of the problems (empty = done)"},
    "cause": {"id": "Penyebab {id}", "en": "Cause {id}"},
    "links": {"id": "Hubungan sebab-akibat", "en": "Links from causes to effects"},
    "leads_to": {"id": "{id} “{label}” menyebabkan apa? (kode, dipisah spasi; kosong = tidak ada)",
                 "en": "What does {id} “{label}” lead to? (ids separated by spaces; empty = nothing)"},
    "worsens": {"id": "{id} “{label}” memperparah masalah lain? (kode; kosong = tidak)",
                "en": "Does {id} “{label}” worsen other problems? (ids; empty = no)"},
    "strength": {"id": "  Kekuatan {a} → {b}: 1 lemah, 2 sedang, 3 pendorong utama",
                 "en": "  Strength {a} → {b}: 1 weak, 2 moderate, 3 main driver"},
    "bad_choice": {"id": "Pilih salah satu nomor di atas.", "en": "Choose one of the numbers above."},
    "bad_number": {"id": "Tulis angka {low} sampai {high}.", "en": "Write a number from {low} to {high}."},
    "bad_date": {"id": "Tulis tanggal seperti 2024-05-31.", "en": "Write a date like 2024-05-31."},
    "required": {"id": "Wajib diisi.", "en": "This is required."},
    "no_match": {"id": "Tidak ada kategori yang cocok dengan '{text}'.", "en": "No category matches '{text}'."},
    "several": {"id": "Beberapa cocok; tulis nomornya:", "en": "Several match; write the number:"},
    "unknown_ids": {"id": "Kode tidak dikenal: {ids}. Pilih dari: {known}.",
                    "en": "Unknown ids: {ids}. Choose from: {known}."},
    "chosen": {"id": "  → {code}: {label}", "en": "  → {code}: {label}"},
    "exists": {"id": "{path} sudah ada. Timpa? y/t", "en": "{path} exists. Replace it? y/n"},
    "other_name": {"id": "Nama berkas lain (kosong = batal)", "en": "Another file name (empty = cancel)"},
    "yes": {"id": "y", "en": "y"},
    # comments of the written file
    "c_head": {"id": "Berkas kasus FGD Kampung KB (format v1). Periksa: kkb-advisor validate BERKAS",
               "en": "Kampung KB FGD case file (format v1). Check it: kkb-advisor validate FILE"},
    "c_advise": {"id": "Rekomendasi: kkb-advisor advise BERKAS --format html -o laporan.html",
                 "en": "Advice: kkb-advisor advise FILE --format html -o report.html --lang en"},
    "c_provenance": {"id": "source = FGD nyata; synthetic = contoh/latihan", "en": "source = a real FGD; "
                     "synthetic = an example or exercise"},
    "c_is_desa": {"id": "true = desa (Dana Desa), false = kelurahan", "en": "true = desa (Dana Desa), "
                  "false = kelurahan"},
    "c_date": {"id": "tanggal FGD: menentukan program yang sudah ada saat itu",
               "en": "the FGD date: decides which programs existed then"},
    "c_groups": {"id": "kelompok yang mengangkat masalah", "en": "the groups that raised problems"},
    "c_profile": {"id": "indikator di wilayah FGD, misalnya households: 200, poor_households: 40, "
                  "stunting_cases: 5", "en": "indicators for the FGD area, e.g. households: 200, "
                  "poor_households: 40, stunting_cases: 5"},
    "c_problems": {"id": "category: kode dari taksonomi; severity: 1 ringan ... 5 mendesak",
                   "en": "category: a taxonomy code; severity: 1 minor ... 5 urgent"},
    "c_causes": {"id": "category: kode penyebab (CAU.*) dari taksonomi", "en": "category: a cause code "
                 "(CAU.*) from the taxonomy"},
    "c_links": {"id": "causes: penyebab -> masalah/penyebab; aggravates: masalah -> masalah; "
                "strength: 1 lemah, 2 sedang, 3 utama", "en": "causes: cause -> problem/cause; aggravates: "
                "problem -> problem; strength: 1 weak, 2 moderate, 3 main driver"},
    "c_codes_p": {"id": "Kode masalah", "en": "Problem codes"},
    "c_codes_c": {"id": "Kode penyebab", "en": "Cause codes"},
    "c_template": {"id": "Ganti setiap ISI-... dan contoh P1/C1; hapus yang tidak perlu.",
                   "en": "Replace every FILL-IN-... and the example P1/C1; delete what you do not need."},
}

UNITS = ("rw", "dusun", "desa", "kelurahan")
SETTINGS = ("urban", "peri_urban", "rural", "coastal", "upland")


def _t(key: str, lang: str, **values: object) -> str:
    text = WIZARD_LABELS[key]["en" if lang == "en" else "id"]
    return text.format(**values) if values else text


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


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
    out += [f"profile: {{}}  # {_t('c_profile', lang)}", f"problems:  # {_t('c_problems', lang)}"]
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


class _Asker:
    def __init__(self, ask: Ask, say: Say, lang: str) -> None:
        self.ask, self.say, self.lang = ask, say, lang

    def text(self, key: str, *, default: str = "", required: bool = True, fmt: dict[str, object] | None = None) -> str:
        prompt = _t(key, self.lang, **(fmt or {})) + (f" [{default}]" if default else "") + ": "
        while True:
            answer = self.ask(prompt).strip() or default
            if answer or not required:
                return answer
            self.say(_t("required", self.lang))

    def number(self, key: str, low: int, high: int, *, default: int | None = None, **values: object) -> int | None:
        while True:
            answer = self.text(key, default="" if default is None else str(default), required=False, fmt=values)
            if not answer and default is None:
                return None
            if answer.isdigit() and low <= int(answer) <= high:
                return int(answer)
            self.say(_t("bad_number", self.lang, low=low, high=high))

    def choose(self, key: str, options: tuple[str, ...], default: str) -> str:
        self.say(_t(key, self.lang) + ": " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, start=1)))
        while True:
            answer = self.text(key, default=str(options.index(default) + 1))
            if answer in options:
                return answer
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            self.say(_t("bad_choice", self.lang))

    def yes(self, key: str, **values: object) -> bool:
        answer = self.text(key, default="t" if self.lang != "en" else "n", fmt=values)
        return answer.lower() in ("y", "ya", "yes")

    def category(self, codes: dict[str, Bilingual], shown: list[bool]) -> str:
        ordered = sorted(codes)
        listing = [f"  {i:>2}) {c}: {codes[c].get(self.lang)}" for i, c in enumerate(ordered, start=1)]
        if not shown[0]:
            self.say("\n".join(listing))
            shown[0] = True
        while True:
            answer = self.text("category")
            if answer == "?":
                self.say("\n".join(listing))
                continue
            if answer.isdigit() and 1 <= int(answer) <= len(ordered):
                found = [ordered[int(answer) - 1]]
            else:
                low = answer.lower()
                # an exact code, else codes holding the letters, else labels (either language) holding them
                found = [c for c in ordered if c.lower() == low] or [c for c in ordered if low in c.lower()] or [
                    c for c in ordered if low in codes[c].id.lower() or low in codes[c].en.lower()]
            if len(found) == 1:
                self.say(_t("chosen", self.lang, code=found[0], label=codes[found[0]].get(self.lang)))
                return found[0]
            if not found:
                self.say(_t("no_match", self.lang, text=answer))
            else:
                self.say(_t("several", self.lang) + "\n" + "\n".join(
                    listing[ordered.index(c)] for c in found[:15]))

    def ids(self, key: str, known: list[str], **values: object) -> list[str]:
        while True:
            answer = self.text(key, required=False, fmt=values)
            picked = list(dict.fromkeys(re.split(r"[\s,;]+", answer.upper()))) if answer else []
            lookup = {k.upper(): k for k in known}
            unknown = [p for p in picked if p not in lookup]
            if not unknown:
                return [lookup[p] for p in picked]
            self.say(_t("unknown_ids", self.lang, ids=", ".join(unknown), known=", ".join(known) or "-"))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").upper()[:40] or "KASUS"


def _date(q: _Asker, today: dt.date) -> dt.date:
    while True:
        answer = q.text("date", default=today.isoformat())
        try:
            return dt.date.fromisoformat(answer)
        except ValueError:
            q.say(_t("bad_date", q.lang))


def run_wizard(ask: Ask, say: Say, rules: RuleSet, *, lang: str = "id", today: dt.date) -> WizardCase:
    """Ask for a whole case, one question at a time. Raises UsageError when the input ends early."""
    q = _Asker(ask, say, lang)
    try:
        return _questions(q, rules, today)
    except EOFError:
        raise UsageError("the answers ended before the case was complete; nothing was written") from None


def _questions(q: _Asker, rules: RuleSet, today: dt.date) -> WizardCase:
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
    return case


def _labels(q: _Asker, text: str) -> dict[str, str]:
    """label_id and label_en: the answer in the wizard's language, and the optional other one."""
    other = q.text("label_en", required=False)
    return {"label_id": other or text, "label_en": text} if q.lang == "en" else {"label_id": text, "label_en": other}


def _links(q: _Asker, case: WizardCase) -> None:
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
    q = _Asker(ask, say, lang)
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
