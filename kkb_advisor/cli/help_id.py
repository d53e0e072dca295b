"""The Indonesian of the `--help` texts: one table keyed by command and option name (cli/localized.py uses it).

Keys: (command path, "") for a command's own text, (command path, option name) for an option; ("*", name) is an
option's text in every command that has it (a command's own entry wins). The command path is the words after
`kkb-advisor` ("" for the top level, "rules lint").
"""

from __future__ import annotations

__all__ = ["HELP_ID", "WORDS_ID"]

HELP_ID: dict[tuple[str, str], str] = {
    # ---- options shared by several commands
    ("*", "rules_dir"): "Folder set aturan (berisi ruleset.yaml). Bawaan: set aturan yang disertakan.",
    ("*", "lang"): "Bahasa keluaran dan pesan: Indonesia atau Inggris.",
    ("*", "output"): "Tulis ke FILE (secara atomik) alih-alih ke keluaran standar.",
    ("*", "force"): "Timpa berkas keluaran bila sudah ada.",
    ("*", "help"): "Tampilkan bantuan ini lalu keluar.",
    ("*", "version"): "Tampilkan versi lalu keluar.",
    # ---- the top level
    ("", ""): "Mengubah berkas kasus FGD Kampung KB menjadi rujukan ke program pemerintah, berperingkat dan "
              "dengan penjelasan.",
    # ---- advise, validate, explain, graph, schema, new, convert, compare, demand
    ("advise", ""): "Sarankan program untuk FGD yang dicatat dalam berkas CASE (.yaml, .yml, .json atau .xlsx) "
                    "atau folder berisi berkas kasus.",
    ("advise", "fmt"): "text (mudah dibaca), markdown (laporan lengkap, untuk dokumen), json (kontrak yang "
                       "didokumentasikan), html (laporan siap cetak), csv (rencana aksi), xlsx (rencana aksi "
                       "sebagai buku kerja, dengan kolom tindak lanjut; perlu -o), jsonl (beberapa kasus: satu "
                       "saran JSON per baris, dengan jalur masukannya).",
    ("advise", "kinds"): "Hanya program jenis ini (boleh diulang), misalnya --kind permit.",
    ("advise", "limit"): "Paling banyak sekian program di daftar utama (bawaan: batas set aturan).",
    ("advise", "out_dir"): "Beberapa kasus: tulis satu berkas per kasus ke DIR, dinamai dari kode kasusnya.",
    ("advise", "jobs"): "Beberapa kasus: jumlah proses pekerja (bawaan: jumlah inti prosesor).",
    ("advise", "resume"): "Dengan --out-dir: lewati kasus yang keluarannya dibuat dari berkas dan set aturan "
                          "yang sama.",
    ("advise", "with_case"): "Dengan --format xlsx: lembar-lembar kasus sesudah rencana aksi, dalam berkas yang sama "
                             "(dapat dibaca lagi sebagai kasus; berkas masukan tidak pernah ditimpa).",
    ("validate", ""): "Periksa berkas kasus tanpa memberi saran. Satu baris per berkas; keluar dengan kode 2 bila "
                      "ada yang tidak sah.",
    ("explain", ""): "Mengapa PROGRAM disarankan, atau tidak, untuk FGD dalam CASE: setiap aturan, syarat dan "
                     "fakta, serta yang paling hampir terpenuhi beserta apa yang harus berbeda.",
    ("explain", "fmt"): "text (mudah dibaca) atau json (model Explanation).",
    ("graph", ""): "Gambar pohon masalah CASE: akar penyebab sampai masalah, cakupan oleh program yang "
                   "disarankan, lingkaran sebab-akibat.",
    ("graph", "fmt"): "svg, png (digambar di sini, tanpa Graphviz), dot (Graphviz), teks mermaid.",
    ("schema", ""): "Cetak JSON Schema format berkas kasus atau JSON saran.",
    ("new", ""): "Buat berkas kasus baru dengan menjawab pertanyaan: kampung, kelompok, masalah, penyebab dan "
                 "hubungannya, lalu (tidak wajib) usaha dan kelompok, program yang sudah ada, fakta dan angka "
                 "penting. --template: berkas kosong dengan keterangan; --xlsx FILE: buku kerja kasus kosong. "
                 "Tidak pernah menimpa berkas tanpa bertanya.",
    ("new", "template"): "Tulis berkas kasus kosong dengan keterangan, untuk diisi sendiri.",
    ("new", "xlsx"): "Tulis buku kerja kasus kosong untuk diisi dengan Excel atau LibreOffice (pilihan tarik-turun, "
                     "contoh).",
    ("convert", ""): "Ubah kasus antara buku kerja (.xlsx) dan YAML atau JSON, menurut akhiran nama berkas: "
                     "kasus.xlsx -> kasus.yaml atau sebaliknya. Kasus diperiksa dulu; tidak ada yang hilang ke "
                     "arah mana pun (komentar dalam berkas YAML tidak disimpan).",
    ("convert", "force"): "Timpa TARGET bila sudah ada.",
    ("compare", ""): "Apa yang berubah di antara dua FGD satu Kampung KB (OLD sebelum NEW, berkas kasus jenis "
                     "apa pun): indikator (ke arah mana, dan apakah membaik), masalah yang selesai, baru, memburuk "
                     "atau membaik, program yang dimulai, berlanjut, berakhir atau masih belum ada. Keluar dengan "
                     "kode 2 bila keduanya bukan kampung yang sama.",
    ("compare", "fmt"): "text (mudah dibaca), markdown, html (siap cetak) atau json (dua bahasa).",
    ("demand", ""): "Jumlahkan saran banyak kampung: INPUT berupa berkas kasus, folder berisi berkas kasus, atau "
                    ".jsonl dari `advise --format jsonl`. Menampilkan kebutuhan per program dan instansi, per "
                    "kabupaten/kota dan kecamatan, masalah dan akar penyebab yang belum dijawab program mana pun, "
                    "serta desa/kelurahan per sasaran strategi nasional (Inpres 3/2022) dan per kementerian.",
    ("demand", "fmt"): "tabel teks, csv (UTF-8 dengan BOM, untuk Excel), xlsx (satu lembar per tampilan), html "
                       "(halaman siap cetak dengan diagram batang, tanpa mengambil apa pun dari internet) atau json "
                       "(bawaan: dari nama berkas -o, selain itu text).",
    ("demand", "jobs"): "Jumlah proses pekerja untuk memberi saran atas berkas kasus (bawaan: jumlah inti "
                        "prosesor).",
    # ---- rules
    ("rules", ""): "Baca, periksa, uji dan bandingkan set aturan (RULES: folder berisi ruleset.yaml; bawaan: set "
                   "yang disertakan).",
    ("rules coverage", ""): "Untuk setiap kategori masalah dan penyebab, program yang dapat disarankan suatu aturan "
                            "darinya, di samping apa yang dijawab setiap program menurut katalog. Keluar dengan kode "
                            "1 bila ada celah yang tidak ditutup aturan dan tidak ditandai disengaja.",
    ("rules diff", ""): "Apa yang berubah dari set aturan OLD ke NEW (aturan, katalog, prasyarat, taksonomi, "
                        "peringkat, tanda cakupan), dan akibatnya pada saran untuk kasus-kasus lalu (kasus yang "
                        "tidak terbaca dilaporkan dan dilewati).",
    ("rules diff", "cases_dir"): "Kasus-kasus lalu untuk mengukur dampaknya (bawaan: ./cases bila ada).",
    ("rules diff", "fail_on_change"): "Keluar dengan kode 1 bila saran untuk kasus mana pun berubah.",
    ("rules diff", "fmt"): "text, markdown (laporan untuk dibagikan) atau json (untuk perkakas).",
    ("rules export", ""): "Seluruh set aturan sebagai tabel tinjauan, satu baris per aturan.",
    ("rules export", "fmt"): "markdown (tabel untuk dicetak), csv (untuk lembar kerja) atau xlsx (tabel keputusan "
                             "per berkas aturan, untuk disunting lalu dibawa kembali dengan `rules import`; perlu "
                             "-o).",
    ("rules import", ""): "Tulis aturan dari WORKBOOK tabel keputusan (dari `rules export --format xlsx`) kembali "
                          "ke berkas aturan set aturan RULES yang menjadi nama lembar-lembarnya. Set hasil impor "
                          "dimuat dan diperiksa lebih dulu; bila ada galat (dilaporkan per lembar dan sel; sel "
                          "berisi rumus juga galat: ketik nilainya) tidak ada yang ditulis. Hanya berkas yang "
                          "aturannya berubah yang ditulis, semua atau tidak sama sekali, masing-masing secara "
                          "atomik; berkas lain tidak disentuh. Berkas yang ditulis ulang hanya menyimpan blok "
                          "komentar di awalnya: sebuah catatan menyebut berkas mana yang kehilangan komentar.",
    ("rules import", "lang"): "Bahasa keluaran dan pesan: Indonesia atau Inggris (bawaan: KKB_ADVISOR_LANG, atau "
                              "id).",
    ("rules lint", ""): "Periksa kesalahan dalam set aturan: setiap temuan dengan berkas, baris, aturan, apa "
                        "salahnya dan petunjuk. Keluar dengan kode 1 bila ada galat.",
    ("rules lint", "lang"): "Bahasa keluaran dan pesan: Indonesia atau Inggris (bawaan: KKB_ADVISOR_LANG, atau "
                            "id).",
    ("rules lint", "strict"): "Keluar dengan kode 1 juga bila ada peringatan.",
    ("rules list", ""): "Setiap aturan dalam satu baris: kode, program, instansi, syaratnya dalam kata-kata biasa.",
    ("rules show", ""): "Satu aturan selengkapnya: judul, program, syarat, pengecualian, alasan dan sumber. `rules "
                        "show ranking`: unsur dan bobot peringkat set aturan.",
    ("rules test", ""): "Jalankan uji aturan yang tercantum di `tests:` manifes. Keluar dengan kode 1 bila ada uji "
                        "yang gagal.",
    ("rules test", "with_coverage"): "Laporkan juga aturan mana yang terpicu di seluruh uji dan kasus, dan mana yang "
                                     "tidak pernah.",
    ("rules test", "lang"): "Bahasa keluaran dan pesan: Indonesia atau Inggris (bawaan: KKB_ADVISOR_LANG, atau "
                            "id).",
    ("rules test", "cases_dir"): "Berkas kasus yang dihitung untuk --coverage (bawaan: ./cases bila ada).",
}

# the words click writes around the texts
WORDS_ID: dict[str, str] = {
    "Usage: ": "Penggunaan: ",
    "Options": "Opsi",
    "Commands": "Perintah",
    "[OPTIONS]": "[OPSI]",
    "COMMAND [ARGS]...": "PERINTAH [ARG]...",
    "default": "bawaan",
    "required": "wajib",
}
