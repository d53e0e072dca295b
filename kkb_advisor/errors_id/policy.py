"""Indonesian messages: the policy tools' own sentences (policy/lint, policy/ruletest): lint findings and their
hints, rule-test results and failures.

(English template, Indonesian template) pairs; see errors_id/__init__.py for how they are read. ``FRAGMENTS``
only ever stand inside another message (a scale, a rank, a kind of field); ``ITEMS`` are the parts of a hole
joined by "and" (``JOINED``), e.g. the field tests that cannot all hold.
"""

from __future__ import annotations

ENTRIES: tuple[tuple[str, str], ...] = (
    # ---- lint: rules that can never fire (policy/lint/checks, policy/lint/reasoning)
    ("can never fire: {why}", "tidak pernah dapat berlaku: {why}"),
    ("fix the contradicting conditions (the program's catalogue requirements and availability count too)",
     "perbaiki syarat yang saling bertentangan (persyaratan dan masa berlaku program di katalog ikut dihitung)"),
    ("{n} of its {m} combinations of `any` alternatives can never hold: {why}",
     "{n} dari {m} kombinasi pilihan `any`-nya tidak pernah dapat terpenuhi: {why}"),
    ("drop or fix that alternative", "hapus atau perbaiki pilihan itu"),
    ("{p} is available from {a} until {b}, never in a year the rule allows ({why})",
     "{p} tersedia sejak {a} sampai {b}, tidak pernah pada tahun yang diizinkan aturan ({why})"),
    ("{p} is available from {a}, never in a year the rule allows ({why})",
     "{p} tersedia sejak {a}, tidak pernah pada tahun yang diizinkan aturan ({why})"),
    ("{p} is available until {b}, never in a year the rule allows ({why})",
     "{p} tersedia sampai {b}, tidak pernah pada tahun yang diizinkan aturan ({why})"),
    ("{f}: {tests} cannot all hold", "{f}: {tests} tidak dapat terpenuhi bersamaan"),
    ("{x} must be absent and tested at once", "{x} harus tidak ada sekaligus diuji"),
    ("{x} compares a {kind} field with another type", "{x} membandingkan isian {kind} dengan jenis nilai lain"),
    ("its `unless` ({x}) holds whenever its `when` does",
     "`unless`-nya ({x}) selalu berlaku setiap kali `when`-nya berlaku"),
    # ---- lint: values (policy/lint/values)
    ("no case can meet {x}: outside {what}", "tidak ada kasus yang memenuhi {x}: di luar {what}"),
    ("use a value on {what}, or drop the test", "pakai nilai pada {what}, atau hapus uji itu"),
    ("use a value on {what}", "pakai nilai pada {what}"),
    ("every case meets {x}: {v} is outside {what}", "setiap kasus memenuhi {x}: {v} di luar {what}"),
    ("a share is written 0-1, not as a percent: did you mean {v}?",
     "proporsi ditulis 0-1, bukan persen: maksud Anda {v}?"),
    ("{f}: '{v}' is not a value a case can have (one of {vs})",
     "{f}: '{v}' bukan nilai yang dapat dimiliki kasus (salah satu dari {vs})"),
    ("use one of the values of the case format", "pakai salah satu nilai dari format kasus"),
    ("'{f}' is not in the case format; only cases that add it as an extra value can match",
     "'{f}' tidak ada dalam format kasus; hanya kasus yang menambahkannya sebagai nilai tambahan yang dapat cocok"),
    ("check the spelling against the case format", "periksa ejaannya dengan format kasus"),
    ("'{f}' is no derived indicator: no case has it",
     "'{f}' bukan indikator turunan: tidak ada kasus yang memilikinya"),
    ("derived indicators are {x}", "indikator turunan: {x}"),
    ("its {f} condition names no category or family: it matches any {g} the FGD raised",
     "kondisi {f}-nya tidak menyebut kategori atau kelompok: cocok dengan {g} apa pun yang diangkat di FGD"),
    ("name the categories (or the family) it is about", "sebutkan kategori (atau kelompok) yang dimaksud"),
    # ---- lint: rules that say the same or contradict each other (policy/lint/checks)
    ("redundant: whenever it fires, {r} fires for {p} too",
     "berlebih: setiap kali aturan ini berlaku, {r} juga berlaku untuk {p}"),
    ("merge the two rules, or make this one differ", "gabungkan kedua aturan, atau buat aturan ini berbeda"),
    ("shadowed: whenever it fires, {r} fires for {p} too, with a weaker condition and priority {a} (role {ra}) "
     "against its {b} (role {rb}), so it never changes the advice",
     "tertutup: setiap kali aturan ini berlaku, {r} juga berlaku untuk {p}, dengan syarat lebih lemah dan prioritas "
     "{a} (peran {ra}) terhadap {b} (peran {rb}) milik aturan ini, sehingga aturan ini tidak pernah mengubah saran"),
    ("drop it, or give it a higher priority than {r}", "hapus aturan ini, atau beri prioritas lebih tinggi dari {r}"),
    ("recommends {p} where {r} excludes it (unless {tests}), and both can hold together",
     "merekomendasikan {p} padahal {r} mengecualikannya (kecuali {tests}), dan keduanya dapat berlaku bersamaan"),
    ("give {r} the same `unless`, or move the exception to the catalogue",
     "beri {r} `unless` yang sama, atau pindahkan pengecualiannya ke katalog"),
    # ---- lint: what no rule reaches (policy/lint/checks)
    ("no rule can recommend program '{p}', and no prerequisite leads to it",
     "tidak ada aturan yang dapat merekomendasikan program '{p}', dan tidak ada prasyarat yang mengarah ke sana"),
    ("write a rule for it, or drop it from the catalogue", "tulis aturan untuknya, atau hapus dari katalog"),
    ("no rule serves problem category '{c}'", "tidak ada aturan yang melayani kategori masalah '{c}'"),
    ("no rule serves cause category '{c}'", "tidak ada aturan yang melayani kategori penyebab '{c}'"),
    ("no rule names it and no recommendable program addresses it",
     "tidak ada aturan yang menyebutnya dan tidak ada program yang dapat direkomendasikan yang menjawabnya"),
    ("no rule recommends {p} from {c}, which its catalogue entry addresses",
     "tidak ada aturan yang merekomendasikan {p} dari {c}, padahal menurut katalog program itu menjawabnya"),
    ("write a rule for it, or mark it in coverage.yaml (`intentional:`) with the reason",
     "tulis aturan untuknya, atau tandai di coverage.yaml (`intentional:`) beserta alasannya"),
    # ---- lint: rule tests (policy/lint/checks)
    ("expects {p} to be recommended, but no rule recommends it and no prerequisite leads to it",
     "mengharapkan {p} direkomendasikan, padahal tidak ada aturan yang merekomendasikannya dan tidak ada prasyarat "
     "yang mengarah ke sana"),
    ("write a rule for it, or change the expectation", "tulis aturan untuknya, atau ubah harapannya"),
    ("expects {r} to fire, but that rule can never fire",
     "mengharapkan {r} berlaku, padahal aturan itu tidak pernah dapat berlaku"),
    ("fix {r} (see its never-fires finding), or change the expectation",
     "perbaiki {r} (lihat temuan never-fires-nya), atau ubah harapannya"),
    ("expects {p} to be recommended, but {why}", "mengharapkan {p} direkomendasikan, padahal {why}"),
    ("expects {r} to fire, but {why}", "mengharapkan {r} berlaku, padahal {why}"),
    ("{p} is available from {a} until {b} and the case's FGD is in {y}",
     "{p} tersedia sejak {a} sampai {b}, sedangkan FGD kasus ini tahun {y}"),
    ("{p} is available from {a} and the case's FGD is in {y}",
     "{p} tersedia sejak {a}, sedangkan FGD kasus ini tahun {y}"),
    ("{p} is available until {b} and the case's FGD is in {y}",
     "{p} tersedia sampai {b}, sedangkan FGD kasus ini tahun {y}"),
    ("{p} is only for {l} and the case is in {c}", "{p} hanya untuk {l}, sedangkan kasus ini di {c}"),
    ("fix the program's `available`/`locality` in the catalogue, or the test's case",
     "perbaiki `available`/`locality` program itu di katalog, atau kasus uji ini"),
    ("expects nothing: it passes whatever the rules say",
     "tidak mengharapkan apa pun: uji ini lulus apa pun isi aturannya"),
    ("write under `expect:` what must (or must not) be recommended or fire",
     "tulis di bawah `expect:` apa yang harus (atau tidak boleh) direkomendasikan atau berlaku"),
    ("expects {p} both recommended and not recommended: it can never pass",
     "mengharapkan {p} direkomendasikan sekaligus tidak direkomendasikan: uji ini tidak pernah dapat lulus"),
    ("expects rule {r} both to fire and not to fire: it can never pass",
     "mengharapkan aturan {r} berlaku sekaligus tidak berlaku: uji ini tidak pernah dapat lulus"),
    ("keep the one expectation that is meant", "pertahankan satu harapan yang dimaksud saja"),
    # ---- lint: texts and sources (policy/lint/texts)
    ("{k}: the {what} text is empty", "{k}: teks bahasa {what} kosong"),
    ("{k} is empty", "{k} kosong"),
    ("write the text in both languages (id: Indonesian, en: English)",
     "tulis teksnya dalam kedua bahasa (id: bahasa Indonesia, en: bahasa Inggris)"),
    ("names no source", "tidak menyebut sumber"),
    ("say where it comes from: a URL, or a document and its section (domain.md 2.3)",
     "sebutkan asalnya: URL, atau dokumen beserta bagiannya (domain.md 2.3)"),
    ("source '{s}' is neither a URL nor a document reference", "sumber '{s}' bukan URL dan bukan rujukan dokumen"),
    ("give a URL, a document and its section (domain.md 2.3) or a regulation (Perpres 72/2021)",
     "beri URL, dokumen beserta bagiannya (domain.md 2.3), atau peraturan (Perpres 72/2021)"),
    # ---- lint: words true to the place (policy/lint/places)
    ("{k}: the general wording names {n}, a place with wording of its own",
     "{k}: teks umum menyebut {n}, tempat yang memiliki kata-katanya sendiri"),
    ("move what is true only in {n} into a `local:` variant for it; keep the general text true for every place",
     "pindahkan yang hanya berlaku di {n} ke varian `local:` untuknya; jaga agar teks umum benar untuk setiap tempat"),
    ("{k}: '{w}' is a {u}'s word, but a {o} reads this text too",
     "{k}: '{w}' adalah kata untuk {u}, padahal {o} juga membaca teks ini"),
    ("'{w}' is no place the rule set knows: only this program names it",
     "'{w}' bukan tempat yang dikenal set aturan ini: hanya program ini yang menyebutnya"),
    ("write the place word instead ({kelurahan}, {Kelurahan}, {lurah}, {lpm}, {musrenbang}, {dana}, {rkp}): each "
     "report fills in the case's own word",
     "tulis kata tempatnya saja ({kelurahan}, {Kelurahan}, {lurah}, {lpm}, {musrenbang}, {dana}, {rkp}): setiap "
     "laporan mengisinya dengan kata milik kasusnya sendiri"),
    # ---- rule tests: what did not hold (policy/ruletest)
    ("expected {p} to be recommended; it was not", "{p} diharapkan direkomendasikan; ternyata tidak"),
    ("expected {p} not to be recommended; it was, at rank {rank}",
     "{p} diharapkan tidak direkomendasikan; ternyata direkomendasikan, di peringkat {rank}"),
    ("expected {a} before {b}; {c} and {d} were not recommended",
     "{a} diharapkan sebelum {b}; {c} dan {d} tidak direkomendasikan"),
    ("expected {a} before {b}; {c} was not recommended", "{a} diharapkan sebelum {b}; {c} tidak direkomendasikan"),
    ("expected {a} before {b}, got ranks {rank} and {rank2}",
     "{a} diharapkan sebelum {b}, ternyata peringkatnya {rank} dan {rank2}"),
    ("expected rule {r} to fire; it did not", "aturan {r} diharapkan berlaku; ternyata tidak"),
    ("expected rule {r} not to fire; it did", "aturan {r} diharapkan tidak berlaku; ternyata berlaku"),
    ("expected {p} with status {s}; it was not recommended",
     "{p} diharapkan berstatus {s}; ternyata tidak direkomendasikan"),
    ("expected {p} with status {s}, got {t}", "{p} diharapkan berstatus {s}, ternyata {t}"),
)

FRAGMENTS: tuple[tuple[str, str], ...] = (
    # the scales of policy/lint/values
    ("the severity scale 1-5", "skala keparahan 1-5"),
    ("the link strength scale 1-3", "skala kekuatan hubungan 1-3"),
    ("a share (0-1)", "proporsi (0-1)"),
    ("a month (1-12)", "bulan (1-12)"),
    ("a number of steps (1 for a direct cause)", "jumlah langkah (1 untuk penyebab langsung)"),
    # the languages of a text (policy/lint/texts)
    ("Indonesian", "Indonesia"),
    ("English", "Inggris"),
    # the kinds of field of rules/fields.field_kind
    ("bool", "ya/tidak"),
    ("number", "angka"),
    ("date", "tanggal"),
    ("text", "teks"),
    # where a program stands in a rule test (policy/ruletest._shown)
    ("kept", "dipertahankan"),
    ("a step before {n}", "langkah sebelum peringkat {n}"),
)

# a hole whose text is a list joined by an English word: (that word, its Indonesian)
JOINED: dict[str, tuple[str, str]] = {"tests": (" and ", " dan ")}

# the items of a joined hole: one field test in words (policy/lint/reasoning.words); "=", ">=" ... stay as written
ITEMS: tuple[tuple[str, str], ...] = (
    ("{f} includes any of {v}", "{f} memuat salah satu dari {v}"),
    ("{f} includes {v}", "{f} memuat {v}"),
    ("{f} not in {v}", "{f} bukan salah satu dari {v}"),
    ("{f} in {v}", "{f} salah satu dari {v}"),
    ("{f} exists: true", "{f} ada"),
    ("{f} exists: false", "{f} tidak ada"),
)
