"""The default rule set and catalogue ship inside the wheel and work away from a checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_carries_the_rules_and_advises_outside_the_checkout(tmp_path: Path) -> None:
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                            str(REPO)], capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("kkb_advisor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "kkb_advisor/py.typed" in names  # users type-check against the package
    for needed in ("ruleset.yaml", "catalogue.yaml", "taxonomy.yaml", "prerequisites.yaml"):
        assert f"kkb_advisor/default_rules/{needed}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    case = elsewhere / "case.yaml"
    case.write_text((REPO / "cases" / "kadipiro-sehati-2018.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import json, kkb_advisor; "
            "from kkb_advisor.rules.load import default_rules_dir; r = kkb_advisor.load_rules(); "
            "a = kkb_advisor.advise(kkb_advisor.load_case('case.yaml', r), r); "
            "print(json.dumps([str(default_rules_dir()), a.recommendations[0].program]))")
    run = subprocess.run([sys.executable, "-I", "-c", code, str(site)], cwd=elsewhere, capture_output=True,
                         text=True, check=False, env={"KKB_ADVISOR_CACHE": "off", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    folder, first = json.loads(run.stdout)
    assert folder.startswith(str(site)) and folder.endswith("default_rules")
    assert first == "KOP-LATIHWIRAUSAHA"
