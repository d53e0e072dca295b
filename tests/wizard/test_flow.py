"""`new`: the questions, the commented file they write (valid v1), the blank template, and never overwriting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kkb_advisor.case.load import load_case
from kkb_advisor.errors import CaseError, UsageError
from kkb_advisor.model.ruleset import RuleSet
from kkb_advisor.wizard.flow import case_text, choose_target, run_wizard, template_text

TODAY = dt.date(2024, 5, 2)

ANSWERS_ID = [
    "Kampung KB Maju Jaya", "Sukamaju", "y",  # name, desa, is desa
    "", "Ciawi", "Kabupaten Bogor", "Jawa Barat", "",  # unit (default desa), kecamatan, kab, province, setting
    "", "", "",  # date (today), case id (default), provenance (default)
    "Ibu-ibu PKK", "12", "Karang Taruna", "", "",  # two groups, the second without a count
    "Pendapatan rendah", "", "eco.inc", "4", "G1 g2",  # P1 by letters of the code
    "Anak stunting", "Stunted children", "STUNT", "", "",  # P2, severity default, all groups
    "", "Tidak tahu program OPD", "", "9",  # end problems; C1 by number (CAU.INFO)
    "Modal kurang", "", "cap", "",  # C2: 'cap' matches one cause code
    "P1 P2", "3", "", "C1", "",  # C1 -> P1 (3), -> P2 (default 2); C2 -> C1
    "", "P1", "1",  # P1 worsens nothing, P2 worsens P1 (1)
]


def test_answers_become_a_valid_commented_case_file(scripted, mini_rules: RuleSet, tmp_path: Path) -> None:
    ask, say, said = scripted(ANSWERS_ID)
    answers = run_wizard(ask, say, mini_rules, lang="id", today=TODAY)
    text = case_text(answers, mini_rules, "id")
    path = tmp_path / "maju.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path, mini_rules)
    assert case.case_id == "SUKAMAJU-2024"
    assert case.metadata.is_desa and case.metadata.unit_level == "desa" and case.metadata.setting == "rural"
    assert [(g.id, g.participants) for g in case.metadata.fgd_groups] == [("G1", 12), ("G2", None)]
    assert [(p.id, p.category, p.severity, p.raised_by) for p in case.problems] == [
        ("P1", "ECO.INCOME", 4, ("G1", "G2")), ("P2", "HLT.STUNTING", 3, ("G1", "G2"))]
    assert case.problems[1].label_en == "Stunted children"
    assert [(c.id, c.category) for c in case.causes] == [("C1", "CAU.INFO"), ("C2", "CAU.CAPITAL")]
    assert [(lk.source, lk.target, lk.type, lk.strength) for lk in case.links] == [
        ("C1", "P1", "causes", 3), ("C1", "P2", "causes", 2), ("C2", "C1", "causes", 2),
        ("P2", "P1", "aggravates", 1)]
    assert "# Berkas kasus FGD Kampung KB" in text and "category: ECO.INCOME  # Pendapatan" in text
    assert all(not line.startswith("Input") for line in said)


def test_unclear_answers_are_asked_again(scripted, mini_rules: RuleSet) -> None:
    answers = list(ANSWERS_ID)
    i = answers.index("eco.inc")
    answers[i:i + 2] = ["zzz", "eco", "9", "7", "4"]  # no match; several match; then a number; bad severity
    ask, say, said = scripted(answers)
    case = run_wizard(ask, say, mini_rules, lang="id", today=TODAY)
    assert case.problems[0]["category"] == sorted(mini_rules.taxonomy.problems)[8]
    assert "Tidak ada kategori yang cocok dengan 'zzz'." in said
    assert any(s.startswith("Beberapa cocok; tulis nomornya:\n") and "ECO.INCOME" in s for s in said)
    assert "Tulis angka 1 sampai 5." in said


def test_english_questions_put_the_answer_in_label_en(scripted, mini_rules: RuleSet) -> None:
    answers = list(ANSWERS_ID)
    answers[answers.index("Pendapatan rendah"):answers.index("Pendapatan rendah") + 2] = ["Low income",
                                                                                          "Pendapatan rendah"]
    ask, say, said = scripted(answers)
    case = run_wizard(ask, say, mini_rules, lang="en", today=TODAY)
    assert case.problems[0]["label_en"] == "Low income" and case.problems[0]["label_id"] == "Pendapatan rendah"
    assert said[0].startswith("Making a new FGD case file")
    assert "# Kampung KB FGD case file (format v1)" in case_text(case, mini_rules, "en")


def test_input_ending_early_writes_nothing(scripted, mini_rules: RuleSet) -> None:
    ask, say, _ = scripted(ANSWERS_ID[:10])
    with pytest.raises(UsageError, match="the answers ended before the case was complete; nothing was written"):
        run_wizard(ask, say, mini_rules, lang="id", today=TODAY)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_template_is_refused_until_its_placeholders_are_replaced(mini_rules: RuleSet, tmp_path: Path,
                                                                 lang: str) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(template_text(mini_rules, lang), encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(path, mini_rules)
    where = sorted(p.path for p in caught.value.problems)
    assert where == ["case_id", "causes[0].label_id", "metadata.fgd_groups[0].label_id", "metadata.kab_kota",
                     "metadata.kampung_kb_name", "metadata.kecamatan", "metadata.kelurahan_or_desa",
                     "metadata.province", "problems[0].label_id"]
    assert all("still holds the template's placeholder" in str(p.message) for p in caught.value.problems)
    text = path.read_text(encoding="utf-8")
    filled = re.sub(r"(ISI|FILL-IN)-", "", text)
    assert load_case(_written(tmp_path / "filled.yaml", filled), mini_rules).problems[0].id == "P1"
    for code in mini_rules.taxonomy.causes:
        assert f"#   {code}: " in text


def test_choose_target_asks_before_replacing(scripted, tmp_path: Path) -> None:
    existing = tmp_path / "case.yaml"
    existing.write_text("keep me", encoding="utf-8")
    ask, say, _ = scripted(["t", str(tmp_path / "other.yaml")])
    assert choose_target(ask, say, existing, lang="id") == tmp_path / "other.yaml"
    ask, say, _ = scripted(["y"])
    assert choose_target(ask, say, existing, lang="en") == existing
    ask, say, _ = scripted(["n", ""])
    with pytest.raises(UsageError, match="the file exists and was kept; nothing was written"):
        choose_target(ask, say, existing, lang="en")
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_new_command_writes_the_file_it_was_told(cli, files, mini_rules: RuleSet, tmp_path: Path) -> None:
    target = tmp_path / "maju.yaml"
    result = cli("new", target, "--rules", files["rules"], input="\n".join(ANSWERS_ID) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Ditulis: {target}\n")
    assert load_case(target, mini_rules).case_id.endswith(f"-{dt.date.today().year}")


def test_new_command_keeps_an_existing_file_when_told_no(cli, files, tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = cli("new", target, "--rules", files["rules"], input="t\n\n")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: the file exists and was kept; nothing was written\n"
    assert target.read_text(encoding="utf-8") == "keep me"


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_new_template_to_stdout_and_validate_names_its_placeholders(cli, files, tmp_path: Path) -> None:
    result = cli("new", "--template", "--lang", "en", "--rules", files["rules"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Kampung KB FGD case file (format v1)")
    path = tmp_path / "blank.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    checked = cli("validate", path, "--rules", files["rules"])
    assert checked.exit_code == 2
    assert (f"Error: {path}: line 5, column 10 (case_id): still holds the template's placeholder 'FILL-IN-CASE-ID'; "
            "write what the FGD recorded here") in checked.stderr
