"""Indonesian messages of the case workbook's choices and defaults (case/workbook_read, case/workbook_complete):
a dropdown choice that is none of the list's, a case id the workbook cannot make, a link given twice across the
Penyebab and Hubungan sheets.

(English template, Indonesian template) pairs; see errors_id/__init__.py for how they are read.
"""

from __future__ import annotations

ENTRIES: tuple[tuple[str, str], ...] = (
    ("'{x}' is not one of the choices", "'{x}' bukan salah satu pilihan"),
    ("choose from the dropdown, or type a number from 1 to {n}",
     "pilih dari daftar tarik-turun, atau ketik angka 1 sampai {n}"),
    ("fill in this cell, or the kelurahan/desa and the FGD date: the case id is made from them",
     "isi sel ini, atau isi kelurahan/desa dan tanggal FGD: kode kasus dibuat dari keduanya"),
    ("duplicate link {a} -> {b} (also {at})", "hubungan {a} -> {b} ganda (juga {at})"),
    ("'{x}' names more than one problem or cause ({ids})",
     "'{x}' menamai lebih dari satu masalah atau penyebab ({ids})"),
    ("write the id, e.g. {x}", "tulis kodenya, misalnya {x}"),
    # advise --with-case (cli/advise.py)
    ("--with-case: the plan and its case in one workbook; give one case, --format xlsx and -o FILE.xlsx",
     "--with-case: rencana aksi dan kasusnya dalam satu buku kerja; beri satu kasus, --format xlsx dan -o BERKAS.xlsx"),
    ("render_plan_xlsx(case=...) needs the rules the case was advised with (rules=...)",
     "render_plan_xlsx(case=...) memerlukan set aturan yang dipakai untuk kasus itu (rules=...)"),
)
