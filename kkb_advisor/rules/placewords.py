"""Words true to the place: a program's text as a case in one village reads it.

Two things make a catalogue text fit the case it is shown for:

- **Place words.** A text may write ``{kelurahan}``, ``{lurah}``, ``{musrenbang}``, ``{kota}``… where the word
  depends on the case: a desa reads "desa", "Kepala Desa", "Musrenbangdes"; a kelurahan reads "kelurahan",
  "Lurah", "Musrenbangkel"; a case in a kabupaten reads "kabupaten", in a kota "kota". ``WORDS`` lists them all;
  the loader refuses any other ``{name}`` (rules/parse.py), so a typo never reaches a report.
- **Local wording.** A catalogue program may carry ``local:`` variants, each for one kab/kota or province
  (``where``): the fields it gives (agency name, procedure, first step, …) replace the general ones for cases in
  that place only. Every other case gets the general, national wording.

``Place.of(metadata)`` reads the case; ``place.program(p)`` and ``place.text(b)`` give what that case shows.
Substitution is a plain lookup of known names (never ``str.format`` on rule-file text). An Advisor makes one
``PlaceIndex`` of its rule set: its ``place(metadata)`` is the same Place, whose sources and programs are then
answered from what the index worked out once (which places each source names; each program as a place reads it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..model.ruleset import Bilingual, LocalWording, Program, RuleSet
from .fields import place_key, place_keys

__all__ = ["WORDS", "Place", "PlaceIndex", "names_pattern", "place_names", "placeholders", "unknown_placeholders"]

# name -> ((id, en) for a desa, (id, en) for a kelurahan)
_UNIT: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "kelurahan": (("desa", "desa"), ("kelurahan", "kelurahan")),
    "Kelurahan": (("Desa", "Desa"), ("Kelurahan", "Kelurahan")),
    "lurah": (("Kepala Desa", "village head (Kepala Desa)"), ("Lurah", "Lurah")),
    "lpm": (("LPMD", "LPMD (village community-empowerment council)"),
            ("LPMK", "LPMK (kelurahan community-empowerment council)")),
    "musrenbang": (("Musrenbangdes", "village Musrenbang (Musrenbangdes)"),
                   ("Musrenbangkel", "kelurahan Musrenbang (Musrenbangkel)")),
    "dana": (("Dana Desa", "Village Fund (Dana Desa)"), ("Dana Kelurahan", "kelurahan fund (Dana Kelurahan)")),
    "rkp": (("RKPDes", "village work plan (RKPDes)"), ("rencana kerja kelurahan", "kelurahan work plan")),
}
# name -> ((id, en) in a kabupaten, in a kota, where the case does not say which)
_REGION: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "kota": (("kabupaten", "regency"), ("kota", "city"), ("kabupaten/kota", "regency/city")),
    "Kota": (("Kabupaten", "Regency"), ("Kota", "City"), ("Kabupaten/Kota", "Regency/City")),
    "bupati": (("Bupati", "regent (Bupati)"), ("Wali Kota", "mayor (Wali Kota)"),
               ("Bupati/Wali Kota", "regent or mayor")),
}
WORDS: tuple[str, ...] = (*_UNIT, *_REGION)
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` place words a text uses, in order."""
    return _PLACEHOLDER.findall(text)


def unknown_placeholders(text: str) -> list[str]:
    return [name for name in placeholders(text) if name not in WORDS]


def place_names(ruleset: RuleSet) -> dict[str, str]:
    """Every name that stands for a place with wording of its own (a program's `locality` or `local:` place, without
    'Kota'/'Kabupaten'/'Provinsi', and the taxonomy's `place_names`), casefolded -> that place's key."""
    out: dict[str, str] = {}
    for program in ruleset.programs.values():
        for where in (program.locality, *(w.where for w in program.local)):
            if where:
                key = place_key(where)
                head, _, core = key.partition(" ")
                out.setdefault(core if head in {"kota", "kabupaten", "provinsi"} and core else key, key)
    for where, names in ruleset.taxonomy.place_names.items():
        for name in names:
            out.setdefault(name.casefold(), place_key(where))
    return out


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the names, as words of a text or parts of a URL ("pemkot-solo-canangkan" names Solo,
    "kampung-kb-sehati" names Kampung KB Sehati); group 1 is the name found."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    if not ordered:
        return None
    alternation = "|".join(re.escape(n).replace(r"\ ", r"[\s_-]+") for n in ordered)
    return re.compile(rf"(?i)(?<![^\W_])({alternation})(?![^\W_])")


@dataclass(frozen=True)
class Place:
    """Where a case is: desa or kelurahan, kabupaten or kota (or unknown), and its place keys (rules/fields.py)."""

    is_desa: bool
    region: int  # 0 kabupaten, 1 kota, 2 not said
    places: frozenset[str]
    foreign: re.Pattern[str] | None = None  # the names of other places that have wording of their own
    index: PlaceIndex | None = field(default=None, compare=False, repr=False)  # the rule set's, from index.place()

    @classmethod
    def of(cls, metadata: Any, ruleset: RuleSet | None = None) -> Place:
        """From a case's (or an advice's village) metadata: is_desa, kab_kota, province; with the rule set, also
        which other places' names its sources must not show."""
        first = place_key(metadata.kab_kota).split(" ", 1)[0]
        region = {"kabupaten": 0, "kota": 1}.get(first, 2)
        places = frozenset(place_keys(metadata.kab_kota, metadata.province))
        foreign = None
        if ruleset is not None:
            foreign = names_pattern(n for n, key in place_names(ruleset).items() if key not in places)
        return cls(bool(metadata.is_desa), region, places, foreign)

    def sources(self, sources: tuple[str, ...]) -> tuple[str, ...]:
        """The sources a case here is shown: none that names another place with wording of its own (a city's own
        news or office page is shown to that city's cases)."""
        if self.index is not None:
            return tuple(s for s in sources if self.index.named(s) <= self.places)
        if self.foreign is None:
            return sources
        return tuple(s for s in sources if not self.foreign.search(s))

    def _word(self, name: str, lang: int) -> str | None:
        if name in _UNIT:
            return _UNIT[name][0 if self.is_desa else 1][lang]
        if name in _REGION:
            return _REGION[name][self.region][lang]
        return None

    def _fill(self, text: str, lang: int) -> str:
        if "{" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self._word(m.group(1), lang) or m.group(0), text)

    def text(self, b: Bilingual) -> Bilingual:
        if "{" not in b.id and "{" not in b.en:
            return b
        return Bilingual(id=self._fill(b.id, 0), en=self._fill(b.en, 1))

    def local(self, program: Program) -> LocalWording | None:
        """The program's wording for this place: the first variant whose ``where`` is one of the case's places."""
        return next((w for w in program.local if place_key(w.where) in self.places), None)

    def program(self, program: Program) -> Program:
        """The program as this case reads it: local wording where the catalogue has some, place words filled."""
        if self.index is not None:
            return self.index.program(self, program)
        return self._program(program)

    def _program(self, program: Program) -> Program:
        changes: dict[str, Any] = {}
        variant = self.local(program)
        if variant is not None:
            if variant.agency_name is not None:
                changes["agency_name"] = variant.agency_name
            changes.update({k: getattr(variant, k) for k in LocalWording.TEXTS if getattr(variant, k) is not None})
            if variant.sources:
                changes["sources"] = tuple(dict.fromkeys((*program.sources, *variant.sources)))
        for key in LocalWording.TEXTS:
            value = changes.get(key, getattr(program, key))
            filled = self.text(value)
            if filled is not value:
                changes[key] = filled
        sources = self.sources(changes.get("sources", program.sources))
        if sources != program.sources:
            changes["sources"] = sources
        agency = changes.get("agency_name", program.agency_name)
        if "{" in agency:
            changes["agency_name"] = self._fill(agency, 0)
        return replace(program, **changes) if changes else program


_VIEWS = 256  # places whose programs a PlaceIndex keeps (then it starts again): memory stays flat over any run


class PlaceIndex:
    """A rule set's place words worked out once (one an Advisor): which places with wording of their own each of
    its sources names, and its programs as the cases of a place read them (kept for the last places asked for).
    ``place(metadata)`` gives what ``Place.of(metadata, ruleset)`` gives, answered from here."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._names = place_names(ruleset)  # name -> the key of its place
        # the places whose cases read the rule set otherwise than cases elsewhere: those named by local wording or
        # by a source (with the desa/kelurahan and kabupaten/kota words, all a place's view depends on)
        self._own = frozenset({*self._names.values(), *(place_key(w.where) for p in ruleset.programs.values()
                                                        for w in p.local)})
        self._any = names_pattern(self._names)
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        known = {s for p in ruleset.programs.values() for s in (*p.sources, *(x for w in p.local for x in w.sources))}
        known |= {s for r in ruleset.rules for s in r.source} | {p.source for p in ruleset.prerequisites if p.source}
        self.sources = frozenset(known)  # every source the rule set gives (programs, local wording, rules)
        self._named: dict[str, frozenset[str] | None] = dict.fromkeys(sorted(known))  # None: not looked at yet
        # per place: the rule set's programs as read there, and other words of the rule set made for that place
        self._views: dict[tuple[bool, int, frozenset[str]], dict[tuple[str, str], Any]] = {}

    def place(self, metadata: Any) -> Place:
        base = Place.of(metadata)
        return Place(base.is_desa, base.region, base.places, None, self)

    def named(self, source: str) -> frozenset[str]:
        """The keys of the places with wording of their own that a source names (as a word or a part of a URL)."""
        found = self._named.get(source)
        if found is None:
            found = self._find(source)
            if source in self._named:  # the rule set's own sources are remembered; nothing else is
                self._named[source] = found
        return found

    def _find(self, source: str) -> frozenset[str]:
        # the one pattern of all names finds a name where some name's own pattern would (the same alternatives,
        # tried at each position): only a source it finds something in is searched name by name
        if self._any is None or not self._any.search(source):
            return frozenset()
        out = set()
        for name, key in self._names.items():
            if name not in self._patterns:
                self._patterns[name] = names_pattern([name])
            pattern = self._patterns[name]
            if pattern is not None and pattern.search(source):
                out.add(key)
        return frozenset(out)

    def program(self, place: Place, program: Program) -> Program:
        """``place.program(program)``, kept per place for the rule set's own programs."""
        if self.ruleset.programs.get(program.id) is not program:
            return place._program(program)
        view: Program = self.kept(place, ("program", program.id), lambda: place._program(program))
        return view

    def kept(self, place: Place, key: tuple[str, str], make: Callable[[], Any]) -> Any:
        """What ``make`` gives for the place, made once per place (for the last places asked about): for words of
        the rule set that depend only on the place (desa or kelurahan, kabupaten or kota, and which of the places
        with wording of their own it is in: local wording and the sources it is shown), under a key that names
        them within the rule set. Places alike in those share one view: a province's hundreds of kabupaten and
        kota without wording of their own are one place here."""
        where = (place.is_desa, place.region, place.places & self._own)
        views = self._views.get(where)
        if views is None:
            if len(self._views) >= _VIEWS:
                self._views.clear()
            views = self._views.setdefault(where, {})
        if key not in views:
            views[key] = make()
        return views[key]
