"""Why a program stands where it stands, in words: its ranking terms, and a line for its place in the advice."""

from __future__ import annotations

from ..model.advice import Term, build
from ..model.case import Case
from ..model.ruleset import Bilingual, Ranking
from .need import Need
from .ranking import Contribution, Draft

__all__ = ["NodeWords", "note", "terms"]


class NodeWords:
    """How the case's problems and causes read in a sentence: "P1 (Pendapatan rendah)". One a case (each node's
    words are made once, the first time a term or note needs them)."""

    def __init__(self, case: Case, needs: dict[str, Need]) -> None:
        self.labels = {p.id: Bilingual(id=p.label_id, en=p.label_en or p.label_id) for p in case.problems}
        self.labels |= {c.id: Bilingual(id=c.label_id, en=c.label_en or c.label_id) for c in case.causes}
        self.needs = needs
        self._nodes: dict[str, Bilingual] = {}
        self._whys: dict[str, Bilingual] = {}
        self.terms: dict[tuple[str, str, int], Bilingual] = {}  # (kind, node, repeat) -> a term's words

    def node(self, node: str) -> Bilingual:
        words = self._nodes.get(node)
        if words is None:
            label = self.labels.get(node, Bilingual(id=node, en=node))
            words = self._nodes[node] = Bilingual(id=f"{node} ({label.id})", en=f"{node} ({label.en})")
        return words

    def why_problem(self, node: str) -> Bilingual:
        """The need of a problem in words: "keparahan 4, diangkat 2 dari 3 kelompok, ~20% keluarga"."""
        words = self._whys.get(node)
        if words is None:
            words = self._whys[node] = self._why(node)
        return words

    def _why(self, node: str) -> Bilingual:
        n = self.needs[node]
        idn, en = [f"keparahan {n.severity}"], [f"severity {n.severity}"]
        if n.of_groups and n.groups:
            idn.append(f"diangkat {n.groups} dari {n.of_groups} kelompok")
            en.append(f"raised by {n.groups} of {n.of_groups} groups")
        if n.share is not None:
            idn.append(f"mengenai ~{n.share:.0%} wilayah")
            en.append(f"affects ~{n.share:.0%} of the village")
        return Bilingual(id=", ".join(idn), en=", ".join(en))


_VERBS = {"answers": ("menjawab", "answers"), "supports": ("mendukung jawaban untuk", "supports"),
          "enables": ("membuka jalan untuk", "enables"), "related": ("terkait (menurut katalog) dengan",
                                                                   "is related (by the catalogue) to")}


def _term(c: Contribution, value: float, words: NodeWords) -> Term:
    key = (c.kind, c.node, c.repeat)  # the words of a term: the same for every program with such a term
    text = words.terms.get(key)
    if text is None:
        text = words.terms[key] = _term_text(c, words)
    kind = "already" if c.repeat else c.kind
    return build(Term, kind=kind, node=c.node, value=round(value, 3), text=text)


def _term_text(c: Contribution, words: NodeWords) -> Bilingual:
    node = words.node(c.node)
    if c.kind == "cause":
        text = Bilingual(id=f"menyentuh penyebab {node.id}", en=f"acts on the cause {node.en}")
    else:
        verb = _VERBS.get(c.kind, _VERBS["answers"])
        why = words.why_problem(c.node)
        text = Bilingual(id=f"{verb[0]} masalah {node.id}: {why.id}", en=f"{verb[1]} problem {node.en}: {why.en}")
    if c.repeat:
        text = Bilingual(id=f"{text.id} (sudah dijawab {c.repeat} program lain di daftar)",
                         en=f"{text.en} (already answered by {c.repeat} other program(s) of the list)")
    return text


def terms(d: Draft, ranking: Ranking, words: NodeWords) -> tuple[Term, ...]:
    """The program's gain term by term; they add up to its score (x100). The largest contribution counts in full,
    the others at the `breadth` fraction; a program of an agency at the FGD gains `present` x their sum."""
    out = []
    if d.offered:
        out.append(build(Term, kind="offered", node="", value=round(ranking.offered, 3),
                         text=Bilingual(id=f"ditawarkan {d.offered} di FGD", en=f"offered by {d.offered} at the FGD")))
    if d.named and ranking.named * d.named_need > 0:  # a named cause that reaches no problem adds nothing
        node = words.node(d.named)
        out.append(build(Term, kind="named", node=d.named, value=round(ranking.named * d.named_need, 3),
                         text=Bilingual(id=f"disebut namanya oleh FGD di {node.id}",
                                        en=f"named by the FGD itself in {node.en}")))
    parts = []
    for i, c in enumerate(d.terms):
        value = c.value if i == 0 else ranking.breadth * c.value
        if round(value, 3) > 0:
            parts.append(_term(c, value, words))
    if d.present and ranking.present > 0:
        extra = ranking.present * sum(c.value if i == 0 else ranking.breadth * c.value for i, c in enumerate(d.terms))
        if round(extra, 3) > 0:
            agency = d.program.agency
            out.append(build(Term, kind="present", node="", value=round(extra, 3),
                             text=Bilingual(id=f"instansinya ({agency}) hadir di FGD",
                                            en=f"its agency ({agency}) took part in the FGD")))
    return (*out, *parts)


def note(d: Draft, words: NodeWords, names: dict[str, Bilingual], needed_by: tuple[str, ...],
         served: tuple[str, ...]) -> Bilingual:
    """One line on why the program is where it is."""
    return Bilingual(*_line(d, words, names, needed_by, served))


def _line(d: Draft, words: NodeWords, names: dict[str, Bilingual], needed_by: tuple[str, ...],
          served: tuple[str, ...]) -> tuple[str, str]:
    """The (id, en) line of the program's note, made only for the note it has."""
    note = d.note
    if note == "offered":
        return f"ditawarkan {d.offered} di FGD", f"offered by {d.offered} at the FGD"
    if note == "severe":
        top = _top(d, words)
        return f"jawaban terbaik untuk masalah parah {top.id}", f"the best answer to the severe problem {top.en}"
    if note == "prerequisite":
        return "perlu lebih dulu untuk " + ", ".join(needed_by), "needed first by " + ", ".join(needed_by)
    if note == "answered":
        top, by = _top(d, words), d.note_by
        name = names.get(by, Bilingual(by, by))
        return (f"yang dijawabnya, {top.id}, sudah dijawab oleh {by} ({name.id})",
                f"what it answers, {top.en}, is already answered by {by} ({name.en})")
    if note == "little":
        return "menambah terlalu sedikit pada daftar utama", "adds too little to the main list"
    if note == "support":
        return "langkah pendukung", "a supporting measure"
    if note == "enabler":
        return (("sarana untuk " + ", ".join(served)) if served else "sarana (pendanaan/perencanaan) bila dibutuhkan",
                ("a means for " + ", ".join(served)) if served else "a means (funding/planning) when needed")
    if note == "keep":
        return "sudah berjalan: pertahankan dan perkuat", "already in place: keep and strengthen"
    return "", ""  # main, or a note without a line


def _top(d: Draft, words: NodeWords) -> Bilingual:
    return words.node(d.terms[0].node) if d.terms else Bilingual(id="", en="")
