"""Indonesian messages of the case workbook's choices and defaults (case/workbook_read, case/workbook_complete,
case/workbook_labels): a dropdown choice that is none of the list's, a case id the workbook cannot make, a link
given twice across the Penyebab and Hubungan sheets, a required cell left empty (named by its label, with what to
write there), a cell of several ids that reads two ways, a Desa? that disagrees with the unit level.

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
    # a cell named by its label (case/workbook_labels.py): the label is the Indonesian one already
    ("\"{label}\" is required", "\"{label}\" wajib diisi"),
    ("sheet {sheet} has no rows", "lembar {sheet} belum berisi satu baris pun"),
    ("write the Kampung KB's name as in its SK", "tulis nama Kampung KB seperti tertulis di SK"),
    ("choose where the FGD was held: rw, dusun, desa or kelurahan",
     "pilih wilayah tempat FGD: rw, dusun, desa atau kelurahan"),
    ("write the name of the kelurahan or desa", "tulis nama kelurahan atau desanya"),
    ("write ya for a desa, tidak for a kelurahan; it may stay empty when the unit level is desa or kelurahan",
     "tulis ya untuk desa, tidak untuk kelurahan; boleh kosong bila tingkat wilayahnya desa atau kelurahan"),
    ("write the name of the kecamatan", "tulis nama kecamatannya"),
    ("write the regency or city, e.g. {x}", "tulis kabupaten atau kotanya, misalnya {x}"),
    ("write the province, e.g. {x}", "tulis provinsinya, misalnya {x}"),
    ("choose from the dropdown, e.g. {x}", "pilih dari daftar tarik-turun, misalnya {x}"),
    ("write the date of the FGD, e.g. {x}", "tulis tanggal FGD, misalnya {x}"),
    ("write a group's id or name as on sheet Kelompok, or add the group there",
     "tulis kode atau nama kelompok seperti di lembar Kelompok, atau tambahkan kelompok itu di sana"),
    ("write the id of a problem or cause, or its words as on sheet Masalah or Penyebab",
     "tulis kode masalah atau penyebab, atau kata-katanya seperti di lembar Masalah atau Penyebab"),
    # several ids in one cell (case/workbook_lists.py), and Desa? (case/workbook_complete.py)
    ("'{x}' reads more than one way: {a} or {b}", "'{x}' dapat dibaca lebih dari satu cara: {a} atau {b}"),
    ("write the ids, e.g. {x}", "tulis kodenya, misalnya {x}"),
    ("'{x}' disagrees with the FGD unit level '{level}'", "'{x}' tidak sesuai dengan tingkat wilayah FGD '{level}'"),
    ("write the name alone, or choose the unit level {level}",
     "tulis namanya saja, atau pilih tingkat wilayah {level}"),
    ("leave this cell empty: the unit level says it", "kosongkan sel ini: tingkat wilayah sudah menyatakannya"),
    # advise --with-case (cli/advise.py)
    ("--with-case: the plan and its case in one workbook; give one case, --format xlsx and -o FILE.xlsx",
     "--with-case: rencana aksi dan kasusnya dalam satu buku kerja; beri satu kasus, --format xlsx dan -o BERKAS.xlsx"),
    ("render_plan_xlsx(case=...) needs the rules the case was advised with (rules=...)",
     "render_plan_xlsx(case=...) memerlukan set aturan yang dipakai untuk kasus itu (rules=...)"),
    # merged cells and link ranges checked before openpyxl opens a workbook (io/xlsx.py open_workbook)
    ("the workbook holds {n} parts; a case workbook holds a few dozen",
     "buku kerja berisi {n} bagian; buku kerja kasus hanya berisi beberapa lusin"),
    ("merged cells {ref} reach beyond the sheet's limit of {r} rows and {c} columns",
     "sel digabung {ref} melewati batas lembar, yaitu {r} baris dan {c} kolom"),
    ("a link over the cells {ref} reaches beyond the sheet's limit of {r} rows and {c} columns",
     "tautan pada sel {ref} melewati batas lembar, yaitu {r} baris dan {c} kolom"),
    ("the merged cells and links of the workbook cover more than {n} cells (up to {ref})",
     "sel digabung dan tautan di buku kerja ini mencakup lebih dari {n} sel (sampai {ref})"),
    ("unmerge them (Home > Merge & Center) and delete the rows and columns after the data",
     "pisahkan selnya (Beranda > Gabungkan & Tengahkan) dan hapus baris dan kolom setelah data"),
    ("remove the link (right-click > Remove Hyperlink) and delete the rows and columns after the data",
     "hapus tautannya (klik kanan > Hapus Hyperlink) dan hapus baris dan kolom setelah data"),
)
