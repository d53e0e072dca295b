"""Every word the reports print around the advice, in Indonesian (default) and English: one table.

Domain words (categories, indicators, kinds, timings) come from the rule set, inside the Advice; the words of
coded values (settings, statuses) from rules/vocabulary.py.
"""

from __future__ import annotations

from ..errors import UsageError, did_you_mean

__all__ = ["LABELS", "LANGS", "check_lang", "label", "number"]

LANGS = ("id", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {"id": "Rekomendasi program", "en": "Program recommendations"},
    "case": {"id": "Kasus", "en": "Case"},
    "fgd_date": {"id": "Tanggal FGD", "en": "FGD date"},
    "rules": {"id": "Aturan", "en": "Rules"},
    "engine": {"id": "mesin aturan", "en": "rule engine"},
    "agency": {"id": "Instansi", "en": "Agency"},
    "status": {"id": "Status", "en": "Status"},
    "status_new": {"id": "baru", "en": "new"},
    "status_continue": {"id": "lanjutkan (sudah ada)", "en": "continue (already in place)"},
    "score": {"id": "skor", "en": "score"},
    "addresses": {"id": "Menjawab", "en": "Addresses"},
    "why": {"id": "Mengapa", "en": "Why"},
    "rule": {"id": "aturan", "en": "rule"},
    "path": {"id": "Jalur sebab", "en": "Cause path"},
    "prerequisites": {"id": "Perlu lebih dulu", "en": "Needs first"},
    "needed_by": {"id": "Prasyarat untuk", "en": "Prerequisite of"},
    "first_step": {"id": "Langkah pertama", "en": "First step"},
    "lead": {"id": "Penggerak di kampung", "en": "Lead in the village"},
    "timing": {"id": "Waktu", "en": "When"},
    "procedure": {"id": "Cara mengajukan", "en": "How to apply"},
    "eligibility": {"id": "Syarat", "en": "Eligibility"},
    "cost": {"id": "Biaya", "en": "Cost"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "secondary_source": {"id": "sumber sekunder: periksa ke instansi", "en": "secondary source: check with the agency"},
    "offered": {"id": "Tawaran di FGD", "en": "Offered at the FGD"},
    "offered_by": {"id": "Ditawarkan {agency} di FGD", "en": "Offered by {agency} at the FGD"},
    "offered_not_possible": {"id": "Ditawarkan di FGD, tetapi belum bisa di sini",
                             "en": "Offered at the FGD, but not possible here"},
    "keep": {"id": "Pertahankan dan perkuat (sudah berjalan)", "en": "Keep and strengthen (already in place)"},
    "ask_next": {"id": "Tanyakan berikutnya", "en": "Ask next"},
    "if_answer": {"id": "jika {value}", "en": "if {value}"},
    "answer_true": {"id": "ya", "en": "yes"},
    "answer_false": {"id": "tidak", "en": "no"},
    "no_change": {"id": "daftar tidak berubah", "en": "the list does not change"},
    "step_prerequisite": {"id": "prasyarat", "en": "prerequisite"},
    "step_enabler": {"id": "sarana", "en": "means"},
    "role_support": {"id": "langkah pendukung", "en": "supporting measure"},
    "role_enabler": {"id": "sarana", "en": "means (enabler)"},
    "role_prerequisite": {"id": "prasyarat", "en": "prerequisite"},
    "also_possible": {"id": "Juga mungkin (di luar daftar utama)", "en": "Also possible (beyond the main list)"},
    "gaps": {"id": "Celah: belum ada program yang menjawab", "en": "Gaps: nothing recommended covers"},
    "gap_problems": {"id": "Masalah", "en": "Problems"},
    "gap_roots": {"id": "Akar masalah", "en": "Root causes"},
    "no_gaps": {"id": "Tidak ada: setiap masalah dan akar masalah terjawab.",
               "en": "None: every problem and root cause is covered."},
    "findings": {"id": "Temuan pada pohon masalah", "en": "Findings in the problem tree"},
    "none": {"id": "Tidak ada rekomendasi.", "en": "No recommendations."},
    "severity": {"id": "keparahan", "en": "severity"},
    "leverage": {"id": "daya ungkit", "en": "leverage"},
    "root_causes": {"id": "Akar masalah (daya ungkit)", "en": "Root causes (leverage)"},
    "problem": {"id": "Masalah", "en": "Problem"},
    "cause": {"id": "Penyebab", "en": "Cause"},
    "program": {"id": "Program", "en": "Program"},
    "rank": {"id": "No.", "en": "No."},
    "report": {"id": "Laporan FGD Kampung KB", "en": "Kampung KB FGD report"},
    "village": {"id": "Kampung KB", "en": "Kampung KB"},
    "location": {"id": "Lokasi", "en": "Location"},
    "groups": {"id": "Kelompok peserta FGD", "en": "FGD groups"},
    "group": {"id": "Kelompok", "en": "Group"},
    "participants": {"id": "Peserta", "en": "Participants"},
    "no_groups": {"id": "Kelompok tidak dicatat.", "en": "No groups recorded."},
    "indicators": {"id": "Indikator utama", "en": "Key indicators"},
    "indicator": {"id": "Indikator", "en": "Indicator"},
    "value": {"id": "Nilai", "en": "Value"},
    "no_indicators": {"id": "Indikator tidak dicatat.", "en": "No indicators recorded."},
    "tree": {"id": "Pohon masalah", "en": "Problem tree"},
    "tree_note": {"id": "Akar masalah di kiri, masalah yang dirasakan warga di kanan.",
                 "en": "Root causes on the left, the problems residents feel on the right."},
    "recommendations": {"id": "Program yang direkomendasikan", "en": "Recommended programs"},
    "answers_problems": {"id": "Menjawab masalah", "en": "Addresses the problems"},
    "answers_causes": {"id": "dan penyebab", "en": "and the causes"},
    "answers_causes_only": {"id": "Menjawab penyebab", "en": "Addresses the causes"},
    "and": {"id": "dan", "en": "and"},
    "unit_rw": {"id": "RW", "en": "RW"},
    "unit_dusun": {"id": "Dusun", "en": "Dusun"},
    "kecamatan": {"id": "Kec.", "en": "Kec."},
    "generated": {"id": "Dibuat dengan kkb-advisor", "en": "Made with kkb-advisor"},
    "fgd_lead": {"id": "Pemimpin FGD", "en": "FGD lead"},
    "setting": {"id": "Wilayah", "en": "Setting"},
    "plan": {"id": "Rencana aksi", "en": "Action plan"},
    "step": {"id": "Langkah", "en": "Step"},
    "program_id": {"id": "Kode program", "en": "Program code"},
    "program_name": {"id": "Nama program", "en": "Program name"},
    "after": {"id": "Setelah langkah", "en": "After step"},
    "no_steps": {"id": "Belum ada langkah: tidak ada program yang direkomendasikan.",
                "en": "No steps yet: no program is recommended."},
    "objectives": {"id": "Pohon tujuan", "en": "Objective tree"},
    "objectives_note": {"id": "Setiap masalah dinyatakan sebagai kondisi yang ingin dicapai; penyebabnya menjadi "
                                "sarana untuk mencapainya.",
                        "en": "Each problem restated as the condition to reach; its causes become the means."},
    "goal": {"id": "Tujuan umum", "en": "Goal"},
    "end": {"id": "Kondisi yang dicapai", "en": "Condition to reach"},
    "means": {"id": "Sarana", "en": "Means"},
    "was": {"id": "dari", "en": "from"},
    "objective": {"id": "Tujuan", "en": "Objective"},
    "objective_was": {"id": "Dari masalah/penyebab FGD", "en": "From the FGD's problem or cause"},
    "objective_severity": {"id": "Keparahan", "en": "Severity"},
    "objective_serves": {"id": "Menuju", "en": "Leads to"},
    "objective_see_above": {"id": "lihat {node} di atas", "en": "see {node} above"},
    "logframe": {"id": "Kerangka logis (draf)", "en": "Logframe (draft)"},
    "logframe_note": {"id": "Draf untuk Pokja dan OPD: baseline dari data kasus ini; target ditetapkan bersama.",
                      "en": "A draft for the Pokja and the agencies: baselines from this case; set the targets "
                            "together."},
    "lf_level": {"id": "Tingkat", "en": "Level"},
    "lf_code": {"id": "Kode", "en": "Code"},
    "lf_statement": {"id": "Uraian", "en": "Statement"},
    "lf_indicator": {"id": "Indikator", "en": "Indicator"},
    "lf_baseline": {"id": "Baseline (saat FGD)", "en": "Baseline (at the FGD)"},
    "lf_target": {"id": "Target", "en": "Target"},
    "lf_verification": {"id": "Cara verifikasi", "en": "Means of verification"},
    "lf_responsible": {"id": "Penanggung jawab", "en": "Responsible"},
    "lf_contributes": {"id": "Mendukung hasil", "en": "Contributes to"},
    "lf_goal": {"id": "Tujuan umum", "en": "Goal"},
    "lf_outcome": {"id": "Hasil (outcome)", "en": "Outcome"},
    "lf_output": {"id": "{name} berjalan di kampung", "en": "{name} running in the village"},
    "lf_output_level": {"id": "Keluaran (output)", "en": "Output"},
    "lf_lower": {"id": "diharapkan turun", "en": "should go down"},
    "lf_higher": {"id": "diharapkan naik", "en": "should go up"},
    "lf_next_fgd": {"id": "FGD Kampung KB tahun berikutnya (kkb-advisor compare)",
                    "en": "Next year's Kampung KB FGD (kkb-advisor compare)"},
    "lf_severe_problems": {"id": "Jumlah masalah FGD dengan keparahan 4-5 (diharapkan turun)",
                           "en": "FGD problems of severity 4-5 (should go down)"},
    "lf_severity": {"id": "Keparahan masalah menurut FGD, 1-5 (diharapkan turun)",
                    "en": "Severity of the problem at the FGD, 1-5 (should go down)"},
    "lf_goal_owner": {"id": "Pokja Kampung KB bersama Pemerintah {unit}",
                      "en": "The Kampung KB working group (Pokja) with the {unit} government"},
    "lf_no_program": {"id": "Belum ada program yang direkomendasikan (celah): Pokja Kampung KB",
                      "en": "No recommended program yet (a gap): the Kampung KB working group"},
    "lf_program_running": {"id": "Program diterima dan berjalan di kampung", "en": "Program taken up and running"},
    "lf_baseline_new": {"id": "belum berjalan", "en": "not yet running"},
    "lf_baseline_continue": {"id": "sudah berjalan", "en": "already running"},
    "lf_follow_up": {"id": "Kolom tindak lanjut rencana aksi; laporan {agency}",
                     "en": "The follow-up columns of the action plan; reports of {agency}"},
    "draw_direction": {"id": "akar masalah  →  masalah", "en": "root causes  →  problems"},
    "draw_problem": {"id": "Masalah (warna makin tua = makin parah, 1-5)", "en": "Problem (darker = more severe, 1-5)"},
    "draw_covered": {"id": "Penyebab yang dijawab program rekomendasi", "en": "Cause a recommended program covers"},
    "draw_uncovered": {"id": "Belum dijawab program apa pun (celah)", "en": "Nothing recommended covers it (gap)"},
    "draw_cause": {"id": "Penyebab", "en": "Cause"},
    "draw_loop": {"id": "Lingkaran setan ↻", "en": "Vicious circle ↻"},
    "draw_strength": {"id": "Garis tebal = hubungan kuat; putus-putus = memperparah",
                     "en": "Thick line = strong link; dashed = aggravates"},
}


def check_lang(lang: str) -> str:
    """``lang`` if it is one of LANGS; otherwise the project's own error."""
    if lang not in LANGS:
        hint = did_you_mean(str(lang), LANGS) or "use id (Indonesian) or en (English)"
        raise UsageError(f"unknown language '{lang}'; {hint}")
    return lang


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` ("id" or "en")."""
    return LABELS[key]["en" if lang == "en" else "id"]


def number(value: float | int, lang: str) -> str:
    """A count with the language's thousands separator (1.260 / 1,260); other numbers as written."""
    return f"{value:,}".replace(",", "." if lang == "id" else ",") if isinstance(value, int) else str(value)
