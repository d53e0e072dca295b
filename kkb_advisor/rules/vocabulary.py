"""Words for the coded values of the condition language (settings, unit levels, statuses, ...), in Indonesian and
English. Data only; rules/wording.py turns conditions into sentences with it, and the words for fields are in the
fact catalogue (rules/fields.py). Each entry is ``(id, en)``.
"""

from __future__ import annotations

from .fields import DERIVED

__all__ = ["SHARES", "VALUES"]

Pair = tuple[str, str]

# coded values of text fields -> words.  Indonesian keeps the code in brackets where the word differs.
VALUES: dict[str, dict[str, Pair]] = {
    "setting": {"urban": ("perkotaan", "urban"), "peri_urban": ("pinggiran kota", "peri-urban"),
                "rural": ("perdesaan", "rural"), "coastal": ("pesisir", "coastal"),
                "upland": ("dataran tinggi", "upland")},
    "unit_level": {"rw": ("RW", "RW"), "dusun": ("dusun", "dusun"), "desa": ("desa", "desa"),
                   "kelurahan": ("kelurahan", "kelurahan")},
    "location_criteria": {"kumuh": ("kumuh", "slum"), "pesisir": ("pesisir", "coastal"),
                          "das": ("daerah aliran sungai", "river basin"),
                          "bantaran_kereta": ("bantaran rel kereta", "along the railway"),
                          "miskin_perkotaan": ("miskin perkotaan", "urban poor"),
                          "terpencil": ("terpencil", "remote"), "perbatasan": ("perbatasan", "border area"),
                          "kawasan_industri": ("kawasan industri", "industrial area"),
                          "kawasan_wisata": ("kawasan wisata", "tourist area"),
                          "padat_penduduk": ("padat penduduk", "densely populated")},
    "type": {"business": ("usaha", "business"), "group": ("kelompok", "group"),
             "poktan": ("poktan", "poktan"), "facility": ("fasilitas", "facility"),
             "program": ("program", "program"), "leadership": ("tokoh penggerak", "leadership"),
             "natural": ("sumber daya alam", "natural resource"),
             "causes": ("menyebabkan", "causes"), "aggravates": ("memperparah", "aggravates")},
    "status": {"active": ("aktif", "active"), "completed": ("selesai", "completed"),
               "in_process": ("sedang diproses", "in process")},
    "kind": {"problem": ("masalah", "problem"), "cause": ("penyebab", "cause")},
}

# fields whose numbers are shares (0-1), shown as percentages
SHARES = frozenset({"facts.land_legal_share"} | {f"indicators.{name}" for name, (how, _, _) in DERIVED.items()
                                                 if how == "share"})
