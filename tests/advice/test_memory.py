"""Steady memory: advising many cases in one process does not grow resident memory (bench/memory.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_3000_cases_grow_rss_by_less_than_10_percent_after_the_first_1000() -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "memory.py"), "--cases", "3000"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "KKB_ADVISOR_CACHE": "off"})
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"growth after the first 1,000: ([+-][\d.]+)%", done.stdout)
    assert found, done.stdout
    assert float(found.group(1)) < 10.0
