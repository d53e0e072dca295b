"""Every label the reports print, in Indonesian (default) and English."""

from __future__ import annotations

__all__ = ["LABELS", "LANGS", "label"]

LANGS = ("id", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {"id": "Rekomendasi program", "en": "Program recommendations"},
    "case": {"id": "Kasus", "en": "Case"},
    "fgd_date": {"id": "Tanggal FGD", "en": "FGD date"},
    "rules": {"id": "Aturan", "en": "Rules"},
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
    "timing_anytime": {"id": "kapan saja", "en": "any time"},
    "timing_annual_call": {"id": "menunggu pengumuman tahunan instansi", "en": "at the agency's yearly call"},
    "timing_musrenbang": {"id": "usulan Musrenbang (Januari), anggaran tahun berikutnya",
                          "en": "Musrenbang proposal (January), next year's budget"},
    "timing_quota": {"id": "saat kuota tahunan dibuka", "en": "when the yearly quota opens"},
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` ("id" or "en")."""
    return LABELS[key]["en" if lang == "en" else "id"]
