"""Advice -> plain text and JSON, and the short Markdown of the recommendations that the full Markdown report
builds on. Functions return strings; nothing here prints or writes files."""

from __future__ import annotations

from ..model.advice import Advice, Recommendation
from .labels import label

__all__ = ["details", "node_text", "render_json", "render_markdown", "render_text"]


def render_json(advice: Advice) -> str:
    """The documented JSON contract: fields in schema order, maps sorted, two-space indent, newline at the end."""
    return advice.model_dump_json(indent=2) + "\n"


def node_text(advice: Advice, node: str, lang: str) -> str:
    info = advice.graph.nodes.get(node)
    if info is None:
        return node
    extra = f", {label('severity', lang)} {info.severity}" if info.severity is not None else ""
    return f"{node} {info.label.get(lang)} ({info.category}{extra})"


def _status(rec: Recommendation, lang: str) -> str:
    return label(f"status_{rec.status}", lang)


def _heading(advice: Advice, lang: str) -> list[str]:
    v = advice.village
    return [
        f"{label('title', lang)}: {v.kampung_kb_name}, {v.kelurahan_or_desa}, {v.kab_kota}",
        f"{label('case', lang)}: {advice.case_id} | {label('fgd_date', lang)}: {v.date} | "
        f"{label('rules', lang)}: {advice.ruleset.name} {advice.ruleset.version} ({advice.ruleset.hash}; "
        f"{label('engine', lang)} {advice.engine})",
    ]


def offered_line(rec: Recommendation, lang: str) -> str:
    """ "Ditawarkan DUKCAPIL di FGD: «...»" for a program an agency offered, else ""."""
    if rec.offered is None:
        return ""
    words = rec.offered.words.get(lang)
    return label("offered_by", lang).format(agency=rec.offered.agency) + (f": «{words}»" if words else "")


def step_lines(rec: Recommendation, lang: str) -> list[str]:
    """Its steps: "OSS-NIB (prasyarat, DPMPTSP): langkah pertama ..."."""
    return [f"{s.program} ({label('step_' + s.kind, lang)}, {s.agency}): {s.first_step.get(lang)}" for s in rec.steps]


def details(rec: Recommendation, lang: str, arrow: str) -> list[tuple[str, str]]:
    """What every format shows of a recommendation after its reasons: (label, text) pairs, in order."""
    out = [(label("path", lang), f" {arrow} ".join(path)) for path in rec.paths]
    out += [(label("step", lang), line) for line in step_lines(rec, lang)]
    if rec.prerequisites:
        out.append((label("prerequisites", lang), ", ".join(rec.prerequisites)))
    if rec.needed_by:
        out.append((label("needed_by", lang), ", ".join(rec.needed_by)))
    return [*out,
            (label("first_step", lang), rec.first_step.get(lang)),
            (label("lead", lang), rec.lead.get(lang)),
            (label("timing", lang), rec.timing_label.get(lang)),
            (label("procedure", lang), rec.procedure.get(lang)),
            (label("cost", lang), rec.cost.get(lang))]


def _rec_text(rec: Recommendation, advice: Advice, lang: str) -> list[str]:
    role = "" if rec.role == "answer" else f" | {label('role_' + rec.role, lang)}"
    lines = [f"{rec.rank:>2}. {rec.program}: {rec.name.get(lang)}",
             f"    {label('agency', lang)}: {rec.agency_name} | {_status(rec, lang)}{role} | "
             f"{label('score', lang)} {rec.score:.1f}"]
    offered = offered_line(rec, lang)
    if offered:
        lines.append(f"    {offered}")
    if rec.problems or rec.causes:
        lines.append(f"    {label('addresses', lang)}:")
        lines += [f"      - {node_text(advice, n, lang)}" for n in rec.addresses]
    lines.append(f"    {label('why', lang)}:")
    for reason in rec.because:
        lines.append(f"      - {reason.title.get(lang)} [{label('rule', lang)} {reason.rule}]")
        lines.append(f"        {reason.rationale.get(lang)}")
    lines += [f"    {name}: {text}" for name, text in details(rec, lang, "->")]
    return lines


def _gaps_and_findings(advice: Advice, lang: str, bullet: str) -> list[str]:
    lines = []
    if advice.gaps.problems or advice.gaps.root_causes:
        if advice.gaps.problems:
            lines.append(f"{label('gap_problems', lang)}:")
            lines += [f"{bullet}{node_text(advice, n, lang)}" for n in advice.gaps.problems]
        if advice.gaps.root_causes:
            lines.append(f"{label('gap_roots', lang)}:")
            lines += [f"{bullet}{node_text(advice, n, lang)}" for n in advice.gaps.root_causes]
    else:
        lines.append(label("no_gaps", lang))
    return lines


def also_line(rec: Recommendation, lang: str) -> str:
    """One line of "also possible" (or "keep"): the program, its agency, and why it is there."""
    note = rec.note.get(lang)
    return f"{rec.program}: {rec.name.get(lang)} ({rec.agency})" + (f" - {note}" if note else "")


def more_sections(advice: Advice, lang: str, bullet: str) -> list[tuple[str, list[str]]]:
    """The sections after the main list: keep, also possible, the agencies' offers this case cannot take, and
    the questions to ask next. (heading, lines); empty sections are left out."""
    out = []
    if advice.keep:
        out.append((label("keep", lang), [f"{bullet}{also_line(r, lang)}" for r in advice.keep]))
    if advice.also_possible:
        out.append((label("also_possible", lang), [f"{bullet}{also_line(r, lang)}" for r in advice.also_possible]))
    refused = [o for o in advice.offered if o.outcome == "not_possible"]
    if refused:
        out.append((label("offered_not_possible", lang),
                    [f"{bullet}{o.program} ({o.agency}): {o.reason.get(lang)}" for o in refused]))
    if advice.ask_next:
        lines = []
        for q in advice.ask_next:
            lines.append(f"{bullet}{q.text.get(lang)}")
            for a in q.answers:
                change = " ".join([f"+{p}" for p in a.adds] + [f"-{p}" for p in a.removes]) or label("no_change", lang)
                value = label(f"answer_{a.value}", lang) if a.value in {"true", "false"} else a.value
                lines.append(f"    {label('if_answer', lang).format(value=value)}: {change}")
        out.append((label("ask_next", lang), lines))
    return out


def render_text(advice: Advice, lang: str = "id") -> str:
    """Readable plain text for the terminal or a printout."""
    out = [*_heading(advice, lang), ""]
    if not advice.recommendations:
        out.append(label("none", lang))
    for rec in advice.recommendations:
        out += [*_rec_text(rec, advice, lang), ""]
    for heading, lines in more_sections(advice, lang, "  - "):
        out += [heading + ":", *lines, ""]
    out.append(label("gaps", lang) + ":")
    out += ["  " + line for line in _gaps_and_findings(advice, lang, "  - ")]
    if advice.findings:
        out += ["", label("findings", lang) + ":"]
        out += [f"  - {f.message.get(lang)}" for f in advice.findings]
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(advice: Advice, lang: str = "id") -> str:
    """Markdown for pasting into documents: a summary table, then one section a program."""
    head = _heading(advice, lang)
    out = [f"# {head[0]}", "", head[1], ""]
    if not advice.recommendations:
        out += [label("none", lang), ""]
    else:
        out += [f"| {label('rank', lang)} | {label('program', lang)} | {label('agency', lang)} | "
                f"{label('status', lang)} | {label('score', lang)} | {label('addresses', lang)} |",
                "|---:|---|---|---|---:|---|"]
        for r in advice.recommendations:
            out.append(f"| {r.rank} | {r.program}: {_md(r.name.get(lang))} | {r.agency} | {_status(r, lang)} | "
                       f"{r.score:.1f} | {', '.join(r.addresses)} |")
        out.append("")
    for rec in advice.recommendations:
        out += [f"## {rec.rank}. {rec.program}: {rec.name.get(lang)}", ""]
        out.append(f"- **{label('agency', lang)}:** {rec.agency_name}")
        out.append(f"- **{label('status', lang)}:** {_status(rec, lang)} ({label('score', lang)} {rec.score:.1f})")
        if rec.offered is not None:
            out.append(f"- **{label('offered', lang)}:** {_md(offered_line(rec, lang))}")
        if rec.addresses:
            out.append(f"- **{label('addresses', lang)}:** " + "; ".join(node_text(advice, n, lang)
                                                                       for n in rec.addresses))
        out += [f"- **{name}:** {text}" for name, text in details(rec, lang, "→")]
        out += ["", f"**{label('why', lang)}**", ""]
        for reason in rec.because:
            out.append(f"- {reason.title.get(lang)} (`{reason.rule}`): {reason.rationale.get(lang)}")
        out.append("")
    for heading, lines in more_sections(advice, lang, "- "):
        out += [f"## {heading}", "", *(_md(line) if line.startswith("- ") else line for line in lines), ""]
    out += [f"## {label('gaps', lang)}", ""]
    out += _gaps_and_findings(advice, lang, "- ")
    if advice.findings:
        out += ["", f"## {label('findings', lang)}", ""]
        out += [f"- {f.message.get(lang)}" for f in advice.findings]
    return "\n".join(out).rstrip() + "\n"
