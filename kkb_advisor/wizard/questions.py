"""The questions of `kkb-advisor new`: their words in Indonesian and English, and one asker that re-asks until an
answer is clear (a choice from a list, a whole number, a share, yes/no, codes picked by number or letters).

Everything goes through an ``ask(prompt) -> answer`` / ``say(text)`` pair, so a terminal and a test are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..model.ruleset import Bilingual

__all__ = ["WIZARD_LABELS", "Ask", "Asker", "Say", "label"]

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
    # the optional details the rules use for eligibility (wizard_details.py)
    "details": {"id": "Sisanya boleh dilewati (Enter); aturan memakainya untuk menilai kelayakan program.",
                "en": "The rest may be skipped (Enter); the rules use it to judge which programs fit."},
    "any_assets": {"id": "Ada usaha atau kelompok warga yang perlu dicatat? y/t",
                   "en": "Any businesses or groups to record? y/n"},
    "asset": {"id": "Nama usaha/kelompok {id} (kosong = selesai)", "en": "Name of business/group {id} "
              "(empty = done)"},
    "asset_type": {"id": "  Jenis", "en": "  Kind"},
    "a_has_business": {"id": "  Menjalankan usaha? y/t (kosong = tidak tahu)",
                       "en": "  Does it run a business? y/n (empty = unknown)"},
    "a_food_product": {"id": "  Produknya makanan/minuman? y/t", "en": "  Does it make food or drink? y/n"},
    "a_low_risk_product": {"id": "  Pangan risiko rendah (kering, kemasan, tanpa daging/susu)? y/t",
                           "en": "  Low-risk food (dry, packed, no meat or milk)? y/n"},
    "a_has_pirt": {"id": "  Sudah punya izin PIRT? y/t", "en": "  Has a PIRT (home food) permit? y/n"},
    "a_has_halal": {"id": "  Sudah bersertifikat halal? y/t", "en": "  Certified halal? y/n"},
    "a_has_nib": {"id": "  Sudah punya NIB? y/t", "en": "  Has a business ID (NIB)? y/n"},
    "a_business_age_months": {"id": "  Sudah berjalan berapa bulan?", "en": "  Running for how many months?"},
    "a_members": {"id": "  Jumlah anggota", "en": "  Number of members"},
    "a_group_formed": {"id": "  Kelompok sudah resmi terbentuk (pengurus, SK)? y/t",
                       "en": "  Formally formed as a group (officers, decree)? y/n"},
    "programs": {"id": "Program yang sudah ada di wilayah ini (kosong = selesai)",
                 "en": "Programs already in the area (empty = done)"},
    "program": {"id": "Program (nomor, kode, atau beberapa huruf; ? = daftar; kosong = selesai)",
                "en": "Program (number, code or a few letters; ? = list; empty = done)"},
    "status": {"id": "  Status", "en": "  Status"},
    "listed": {"id": "{code} sudah dicatat.", "en": "{code} is already listed."},
    "any_facts": {"id": "Catat beberapa fakta wilayah (ya/tidak)? y/t",
                  "en": "Record a few facts about the area (yes/no)? y/n"},
    "f_kampung_kb_new": {"id": "  Kampung KB baru dibentuk (tahun FGD atau tahun sebelumnya)? y/t",
                         "en": "  Is the Kampung KB newly formed (in the FGD year or the year before)? y/n"},
    "f_has_fishers": {"id": "  Ada warga nelayan? y/t", "en": "  Are there fishers? y/n"},
    "f_has_farmers": {"id": "  Ada warga petani? y/t", "en": "  Are there farmers? y/n"},
    "f_has_kwt": {"id": "  Ada Kelompok Wanita Tani (KWT)? y/t", "en": "  Is there a women farmer group (KWT)? y/n"},
    "f_women_groups": {"id": "  Ada kelompok perempuan aktif (PKK, UPPKA, pengajian)? y/t",
                       "en": "  Are there active women's groups (PKK, UPPKA, prayer groups)? y/n"},
    "f_slum_area": {"id": "  Kawasan kumuh (SK kumuh)? y/t", "en": "  A designated slum area? y/n"},
    "f_land_legal_share": {"id": "  Bagian rumah dengan tanah bersertifikat (0 - 1, mis. 0,4 atau 40%)",
                           "en": "  Share of homes on titled land (0 - 1, e.g. 0.4 or 40%)"},
    "any_profile": {"id": "Catat angka-angka kunci wilayah? y/t", "en": "Record the key numbers for the area? y/n"},
    "i_households": {"id": "  Jumlah KK (rumah tangga)", "en": "  Households"},
    "i_poor_households": {"id": "  KK miskin", "en": "  Poor households"},
    "i_dtks_households": {"id": "  KK terdaftar DTKS", "en": "  Households in the DTKS registry"},
    "i_pus": {"id": "  Pasangan usia subur (PUS)", "en": "  Couples of reproductive age (PUS)"},
    "i_unmet_need": {"id": "  PUS unmet need KB", "en": "  Couples with unmet need for contraception"},
    "i_balita": {"id": "  Balita", "en": "  Children under five"},
    "i_stunting_cases": {"id": "  Balita stunting", "en": "  Stunted children"},
    "i_children_without_akta": {"id": "  Anak tanpa akta kelahiran", "en": "  Children without a birth certificate"},
    "i_children_without_kia": {"id": "  Anak tanpa KIA", "en": "  Children without a child ID card (KIA)"},
    # answers that are not clear
    "bad_choice": {"id": "Pilih salah satu nomor di atas.", "en": "Choose one of the numbers above."},
    "bad_number": {"id": "Tulis angka {low} sampai {high}.", "en": "Write a number from {low} to {high}."},
    "bad_count": {"id": "Tulis bilangan bulat 0 atau lebih, tanpa titik (mis. 1200); kosong = lewati.",
                  "en": "Write a whole number, 0 or more, without separators (e.g. 1200); empty = skip."},
    "bad_share": {"id": "Tulis bagian 0 sampai 1 (mis. 0,4 atau 40%); kosong = lewati.",
                  "en": "Write a share from 0 to 1 (e.g. 0.4 or 40%); empty = skip."},
    "too_many": {"id": "Tidak bisa lebih dari {other} ({high}).", "en": "Cannot be more than {other} ({high})."},
    "bad_yes_no": {"id": "Jawab y (ya) atau t (tidak); kosong = lewati.",
                   "en": "Answer y (yes) or n (no); empty = skip."},
    "bad_date": {"id": "Tulis tanggal seperti 2024-05-31.", "en": "Write a date like 2024-05-31."},
    "required": {"id": "Wajib diisi.", "en": "This is required."},
    "no_match": {"id": "Tidak ada kategori yang cocok dengan '{text}'.", "en": "No category matches '{text}'."},
    "no_program": {"id": "Tidak ada program yang cocok dengan '{text}'.", "en": "No program matches '{text}'."},
    "several": {"id": "Beberapa cocok; tulis nomornya:", "en": "Several match; write the number:"},
    "unknown_ids": {"id": "Kode tidak dikenal: {ids}. Pilih dari: {known}.",
                    "en": "Unknown ids: {ids}. Choose from: {known}."},
    "chosen": {"id": "  → {code}: {label}", "en": "  → {code}: {label}"},
    "exists": {"id": "{path} sudah ada. Timpa? y/t", "en": "{path} exists. Replace it? y/n"},
    "other_name": {"id": "Nama berkas lain (kosong = batal)", "en": "Another file name (empty = cancel)"},
    "yes": {"id": "y", "en": "y"},
}

YES = ("y", "ya", "yes", "iya")
NO = ("n", "no", "t", "tidak", "tdk", "gak", "nggak", "enggak", "bukan", "belum")


def label(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (Indonesian unless "en"), with ``values`` filled in."""
    text = WIZARD_LABELS[key]["en" if lang == "en" else "id"]
    return text.format(**values) if values else text


class Asker:
    """Asks one question at a time and asks again, with a hint, until the answer is clear."""

    def __init__(self, ask: Ask, say: Say, lang: str) -> None:
        self.ask, self.say, self.lang = ask, say, lang

    def text(self, key: str, *, default: str = "", required: bool = True, fmt: dict[str, object] | None = None) -> str:
        prompt = label(key, self.lang, **(fmt or {})) + (f" [{default}]" if default else "") + ": "
        while True:
            answer = self.ask(prompt).strip() or default
            if answer or not required:
                return answer
            self.say(label("required", self.lang))

    def number(self, key: str, low: int, high: int, *, default: int | None = None, **values: object) -> int | None:
        while True:
            answer = self.text(key, default="" if default is None else str(default), required=False, fmt=values)
            if not answer and default is None:
                return None
            if answer.isdigit() and low <= int(answer) <= high:
                return int(answer)
            self.say(label("bad_number", self.lang, low=low, high=high))

    def count(self, key: str, *, high: int | None = None, other: str = "") -> int | None:
        """A whole number ≥ 0 (at most ``high``, the value of ``other``, when given), or None for an empty answer."""
        while True:
            answer = self.text(key, required=False)
            if not answer:
                return None
            if not (answer.isascii() and answer.isdigit()):
                self.say(label("bad_count", self.lang))
            elif high is not None and int(answer) > high:
                self.say(label("too_many", self.lang, other=other, high=high))
            else:
                return int(answer)

    def share(self, key: str) -> float | None:
        """A share from 0 to 1 ("0.4", "0,4" or "40%"), or None for an empty answer."""
        while True:
            answer = self.text(key, required=False).replace(",", ".").replace(" ", "")
            if not answer:
                return None
            percent = answer.endswith("%")
            try:
                value = float(answer.rstrip("%")) / (100 if percent else 1)
            except ValueError:
                value = -1.0
            if 0 <= value <= 1:
                return round(value, 4)
            self.say(label("bad_share", self.lang))

    def choose(self, key: str, options: tuple[str, ...], default: str) -> str:
        self.say(label(key, self.lang) + ": " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, start=1)))
        while True:
            answer = self.text(key, default=str(options.index(default) + 1))
            if answer in options:
                return answer
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            self.say(label("bad_choice", self.lang))

    def yes(self, key: str, **values: object) -> bool:
        answer = self.text(key, default="t" if self.lang != "en" else "n", fmt=values)
        return answer.lower() in YES

    def yes_no(self, key: str) -> bool | None:
        """y/ya/yes → True, n/t/tidak/no → False, empty → None (unknown); anything else is asked again."""
        while True:
            answer = self.text(key, required=False).lower()
            if not answer:
                return None
            if answer in YES or answer in NO:
                return answer in YES
            self.say(label("bad_yes_no", self.lang))

    def category(self, codes: Mapping[str, Bilingual], shown: list[bool]) -> str:
        return self.pick("category", codes, shown, missing="no_match")

    def pick(self, key: str, codes: Mapping[str, Bilingual], shown: list[bool], *, missing: str,
             required: bool = True) -> str:
        """A code by its number in the sorted list, by the code, or by a few letters of the code or its label.

        The list is shown before the first question unless ``shown[0]``; ``?`` shows it again. Not ``required``:
        an empty answer gives "".
        """
        ordered = sorted(codes)
        listing = [f"  {i:>2}) {c}: {codes[c].get(self.lang)}" for i, c in enumerate(ordered, start=1)]
        if not shown[0]:
            self.say("\n".join(listing))
            shown[0] = True
        while True:
            answer = self.text(key, required=required)
            if not answer:
                return ""
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
                self.say(label("chosen", self.lang, code=found[0], label=codes[found[0]].get(self.lang)))
                return found[0]
            if not found:
                self.say(label(missing, self.lang, text=answer))
            else:
                self.say(label("several", self.lang) + "\n" + "\n".join(
                    listing[ordered.index(c)] for c in found[:15]))

    def ids(self, key: str, known: list[str], **values: object) -> list[str]:
        while True:
            answer = self.text(key, required=False, fmt=values)
            picked = list(dict.fromkeys(re.split(r"[\s,;]+", answer.upper()))) if answer else []
            lookup = {k.upper(): k for k in known}
            unknown = [p for p in picked if p not in lookup]
            if not unknown:
                return [lookup[p] for p in picked]
            self.say(label("unknown_ids", self.lang, ids=", ".join(unknown), known=", ".join(known) or "-"))
