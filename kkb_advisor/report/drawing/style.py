"""The look of the problem tree: colours and sizes, shared by every way of drawing it."""

from __future__ import annotations

__all__ = ["CAUSE_FILL", "CAUSE_STROKE", "COVERED_FILL", "COVERED_STROKE", "EDGE", "GAP_STROKE", "LOOP",
           "SEVERITY_FILL", "SEVERITY_TEXT", "node_style"]

SEVERITY_FILL = {1: "#fff3e0", 2: "#ffe0b2", 3: "#ffb74d", 4: "#fb8c00", 5: "#e65100"}
SEVERITY_TEXT = {1: "#222222", 2: "#222222", 3: "#222222", 4: "#111111", 5: "#ffffff"}
COVERED_FILL, COVERED_STROKE = "#dcedc8", "#33691e"
CAUSE_FILL, CAUSE_STROKE = "#eceff1", "#455a64"
GAP_STROKE = "#c62828"
EDGE, LOOP = "#546e7a", "#6a1b9a"



def node_style(covered: bool | None, kind: str, severity: int | None) -> tuple[str, str, str, bool]:
    """fill, stroke, text colour, dashed border (a gap: nothing recommended covers it)."""
    gap = covered is False
    if kind == "problem":
        sev = severity or 1
        return SEVERITY_FILL[sev], GAP_STROKE if gap else "#bf360c", SEVERITY_TEXT[sev], gap
    if covered:
        return COVERED_FILL, COVERED_STROKE, "#1b1b1b", False
    return ("#ffffff" if gap else CAUSE_FILL), (GAP_STROKE if gap else CAUSE_STROKE), "#1b1b1b", gap
