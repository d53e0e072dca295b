"""The words of the objective tree: each problem category restated as the condition to reach, each cause category
as the means to it, in Indonesian and English.

The case's own labels say what the FGD saw; these say where the village wants to be. A code this table does not
know (a rule set of one's own) gets a general wording built from its category label.
"""

from __future__ import annotations

__all__ = ["CONDITIONS", "MEANS", "condition", "means"]

# problem category -> (id, en): the condition to reach. "{unit}" is the desa or kelurahan of the case.
CONDITIONS: dict[str, tuple[str, str]] = {
    "ECO.INCOME": ("Pendapatan keluarga meningkat dan lebih tetap", "Household income higher and steadier"),
    "ECO.UNEMP": ("Warga usia kerja mendapat pekerjaan atau usaha", "Working-age residents in work or business"),
    "ECO.BIZ": ("Usaha mikro warga tumbuh", "Residents' micro-businesses growing"),
    "ECO.MARKET": ("Akses pasar terbuka, harga jual layak", "Market access open, fair selling prices"),
    "ECO.CAPITAL": ("Usaha warga memiliki modal dan alat yang cukup",
                    "Residents' businesses have enough capital and equipment"),
    "ECO.DEBT": ("Keluarga lepas dari jeratan rentenir dan pinjol ilegal",
                 "Families free of loan sharks and illegal online lenders"),
    "ECO.LEGAL": ("Usaha warga berizin (NIB, PIRT, halal)", "Residents' businesses licensed (NIB, PIRT, halal)"),
    "ECO.INPUT": ("Bahan baku terjangkau dan mudah didapat", "Raw materials affordable and easy to get"),
    "ECO.FOODSEC": ("Pangan keluarga tercukupi", "Households food-secure"),
    "SKL.SOFT": ("Soft skill warga meningkat (komunikasi, percaya diri, manajemen, pemasaran)",
                 "Residents' soft skills improved (communication, confidence, management, marketing)"),
    "SKL.HARD": ("Keterampilan teknis dan vokasi warga meningkat",
                 "Residents' technical and vocational skills improved"),
    "SKL.DIGITAL": ("Literasi digital warga meningkat", "Residents' digital literacy improved"),
    "SKL.EDU": ("Anak tetap bersekolah, angka putus sekolah turun", "Children stay in school; fewer drop-outs"),
    "ADM.AKTA": ("Setiap anak memiliki akta kelahiran", "Every child has a birth certificate"),
    "ADM.KIA": ("Setiap anak memiliki Kartu Identitas Anak (KIA)", "Every child has a child ID card (KIA)"),
    "ADM.KTPKK": ("Warga memiliki KTP-el dan KK sesuai domisili",
                  "Residents hold an e-ID and a family card for where they live"),
    "ADM.MARRIAGE": ("Perkawinan warga tercatat", "Residents' marriages registered"),
    "SPR.DTKS": ("Keluarga miskin terdata di DTKS/DTSEN dan menerima bansos/PBI",
                 "Poor families in the social registry and receiving assistance"),
    "SPR.INSURANCE": ("Pekerja informal, nelayan dan petani terlindungi jaminan sosial",
                      "Informal workers, fishers and farmers covered by social insurance"),
    "HLT.STUNTING": ("Stunting dan gizi kurang pada balita menurun", "Child stunting and undernutrition reduced"),
    "HLT.MCH": ("Ibu hamil dan nifas sehat (tanpa anemia, KEK dan risiko 4T)",
                "Pregnant and post-partum women healthy (no anaemia, energy deficiency or 4T risks)"),
    "HLT.NCD": ("Hipertensi dan diabetes warga terkontrol", "Residents' hypertension and diabetes under control"),
    "HLT.OCC": ("Pekerja terlindung dari bahaya kesehatan kerja", "Workers protected from occupational hazards"),
    "HLT.MENTAL": ("Warga mendapat dukungan kesehatan jiwa", "Residents get mental-health support"),
    "HLT.JKN": ("Warga terlindungi jaminan kesehatan (JKN)", "Residents covered by national health insurance (JKN)"),
    "KB.UNMET": ("Unmet need KB menurun", "Unmet need for contraception reduced"),
    "KB.MKJP": ("Pemakaian metode kontrasepsi jangka panjang (MKJP) meningkat", "Use of long-acting methods up"),
    "KB.CHILDMAR": ("Tidak ada lagi perkawinan anak", "No more child marriages"),
    "KB.TEENPREG": ("Kehamilan remaja dan kehamilan tidak diinginkan berkurang",
                    "Fewer teen and unwanted pregnancies"),
    "FAM.PARENTING": ("Pola asuh anak dan remaja tepat", "Sound parenting of children and adolescents"),
    "FAM.VIOLENCE": ("Keluarga bebas dari KDRT dan kekerasan terhadap perempuan dan anak",
                     "Families free of domestic violence and violence against women and children"),
    "FAM.ELDERLY": ("Lansia terdampingi dan terawat", "Older people accompanied and cared for"),
    "FAM.YOUTH": ("Remaja terhindar dari miras, narkoba, judi online dan tawuran",
                  "Young people kept away from alcohol, drugs, online gambling and fights"),
    "ENV.FLOOD": ("Banjir, rob dan genangan berkurang", "Less flooding, tidal flooding and standing water"),
    "ENV.HAZARD": ("Warga siaga dan terlindung dari bencana", "Residents prepared for and protected from hazards"),
    "ENV.WATER": ("Kebutuhan air bersih tercukupi", "Enough clean water for every household"),
    "ENV.SANITATION": ("Setiap keluarga memiliki jamban sehat, tidak ada lagi BAB sembarangan",
                       "Every household has a safe latrine; no more open defecation"),
    "ENV.WASTE": ("Sampah terkelola dengan baik", "Solid waste well managed"),
    "ENV.POLLUTION": ("Limbah cair dan pencemaran udara terkendali", "Liquid waste and air pollution under control"),
    "ENV.GREEN": ("Ruang terbuka hijau tersedia", "Green space available"),
    "ENV.SLUM": ("Permukiman tertata, tidak lagi kumuh", "Settlement upgraded, no longer a slum"),
    "ENV.RTLH": ("Rumah warga layak huni", "Residents' houses fit to live in"),
    "SOC.CRIME": ("Lingkungan aman dan tertib", "A safe and orderly neighbourhood"),
    "SOC.INST": ("Pokja dan poktan Kampung KB aktif", "Kampung KB working group and family groups active"),
    "SOC.DATA": ("Data keluarga tingkat mikro tersedia dan mutakhir", "Micro-level family data available and current"),
    "SOC.PLANNING": ("Usulan warga masuk perencanaan {unit}", "Residents' proposals in the {unit} plan"),
}

# cause category -> (id, en): the means, the condition that removes the cause
MEANS: dict[str, tuple[str, str]] = {
    "CAU.KNOW": ("Pengetahuan dan kesadaran warga meningkat", "Residents' knowledge and awareness raised"),
    "CAU.INFO": ("Informasi program OPD sampai ke warga", "Information on agency programs reaches residents"),
    "CAU.SKILL.SOFT": ("Soft skill warga terlatih", "Residents trained in soft skills"),
    "CAU.SKILL.HARD": ("Keterampilan teknis warga terlatih", "Residents trained in technical skills"),
    "CAU.SKILL.DIGITAL": ("Keterampilan digital warga terlatih", "Residents trained in digital skills"),
    "CAU.CAPITAL": ("Akses modal, aset dan agunan terbuka", "Access to capital, assets and collateral opened"),
    "CAU.ECON": ("Tekanan ekonomi keluarga berkurang", "Economic pressure on families eased"),
    "CAU.ADMIN": ("Hambatan dokumen, legalitas dan prosedur teratasi",
                  "Document, legal and procedural barriers removed"),
    "CAU.ACCESS": ("Layanan mudah dijangkau (jarak, jam, biaya)", "Services within reach (distance, hours, cost)"),
    "CAU.INFRA": ("Prasarana dan sarana fisik tersedia", "Physical infrastructure in place"),
    "CAU.ENV": ("Risiko alam, iklim dan geografi dikelola", "Natural, climatic and geographic risks managed"),
    "CAU.BEHAV": ("Perilaku dan kebiasaan sehat menjadi kebiasaan bersama",
                  "Healthy behaviour and habits become the shared norm"),
    "CAU.INST": ("Kelembagaan kuat (poktan, koperasi, kepemimpinan)",
                 "Strong institutions (groups, cooperatives, leadership)"),
    "CAU.MARKET": ("Rantai nilai lebih adil bagi warga", "A fairer market and value chain for residents"),
    "CAU.DEMOG": ("Tekanan demografis tertangani (migrasi, penuaan, kepadatan)",
                  "Demographic pressure handled (migration, ageing, density)"),
    "CAU.DATA": ("Data dan penargetan mutakhir", "Data and targeting up to date"),
}

_GENERAL = {"problem": ("{label}: teratasi", "{label}: resolved"),
            "cause": ("{label}: tertangani", "{label}: dealt with")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def condition(category: str, category_label: str, is_desa: bool, lang: str) -> str:
    """The condition to reach for a problem of ``category``, in ``lang``; the desa or kelurahan where it matters."""
    pair = CONDITIONS.get(category)
    if pair is None:
        return _pick(_GENERAL["problem"], lang).format(label=category_label)
    return _pick(pair, lang).format(unit="desa" if is_desa else "kelurahan")


def means(category: str, category_label: str, lang: str) -> str:
    """The means (a cause removed) for a cause of ``category``, in ``lang``."""
    pair = MEANS.get(category)
    return _pick(pair, lang) if pair else _pick(_GENERAL["cause"], lang).format(label=category_label)
