"""`python -m kkb_advisor`: the same as the `kkb-advisor` command."""

from .cli import run

run()
