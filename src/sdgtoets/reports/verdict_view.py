"""A verdict as a document for reading: page one says it all, then the detail, a legend, the annex.

Every word is chosen here, in the verdict's language; the renderers only format. Each
contribution, knowledge gap and suggestion of the verdict appears once in the document (page one
picks the most important ones; the detail gives their figures and points back to them instead of
saying them again), so nothing is lost and nothing is said twice. Questions are named by their
short label ("Toegankelijkheid") wherever the document mentions them in passing; the full
question only where the reader must know exactly what was asked (a gap with no advice of its own).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.goals import LMB_FIELDS, target_key
from ..core.verdict import Contribution, KnowledgeGap, SdgResult, Suggestion, Verdict
from ..core.whatif import Change, Proposal, Target
from ..i18n import t
from .document import (
    Block,
    Cell,
    Document,
    Fields,
    Figure,
    Inlines,
    ItemList,
    Paragraph,
    Section,
    Span,
    Table,
    inl,
    strong,
)
from .drawing import Drawing
from .numbers import euro, join_words, long_date, num
from .wheel import Bar, Legend, profile, sdg_wheel

PROJECT_FIELDS = ("municipality", "department", "policy_goal", "owner", "budget", "year")
MAX_STRENGTHS = 3
MAX_WEAKNESSES = 3
MAX_SUGGESTIONS = 5
MIN_SUGGESTIONS = 3
MAX_WHAT_IF_ALTERNATIVES = 2  # other ways with as few changes, per step (in one line each)
MAX_WHAT_IF_CHANGES = 8  # a larger set is said in one sentence (the JSON of --what-if lists it)


@dataclass(slots=True)  # not frozen: a document builds dozens (and never changes them)
class Finding:
    """One rule's contributions of one sign, gathered: the SDGs (and LMB fields) it works on."""

    rule: str
    sign: str
    rationale: str
    targets: tuple[str, ...]
    points: float
    strength: int
    mitigated: bool


# What a figure holds when the document is built for a format that shows only its words.
_NOT_DRAWN = Drawing(0, 0, ())


def verdict_document(verdict: Verdict, date: dt.date | None = None, drawings: bool = True) -> Document:
    """The verdict as a document; ``date`` is the day it was made (none: left out). Without
    ``drawings`` the figures keep their words (text alternative, caption) but are not drawn:
    for Markdown and the terminal, which show only those."""
    return _View(verdict, date, drawings).document()


class _View:
    def __init__(self, verdict: Verdict, date: dt.date | None, drawings: bool = True) -> None:
        self.v = verdict
        self.lang = verdict.language
        self.date = date
        self.drawings = drawings
        self.sdg_names = {f"sdg:{s.number}": s.name for s in verdict.sdgs}
        self.lmb_names = {f.field: f.name for f in verdict.lmb}
        names = (self.lang, *self.sdg_names.items(), *self.lmb_names.items())
        known = _NAMES.get(names)
        if known is None:
            if len(_NAMES) >= _WORDS_LIMIT:  # never with real goals; stay bounded anyway
                _NAMES.clear()
                _TARGET_WORDS.clear()
                _LINES.clear()
                _HEADS.clear()
            known = _NAMES[names] = next(_NAME_IDS)
        self.names_key = known
        self.answer_numbers = {a.question: i + 1 for i, a in enumerate(verdict.answers)}
        # The contributions per aspect, in the verdict's order (substance, process, context).
        self.by_aspect: dict[str, list[Contribution]] = {}
        for c in verdict.contributions:
            self.by_aspect.setdefault(_aspect(c), []).append(c)
        self.substance = self.by_aspect.get("substance", [])
        self.on_page_one: set[str] = set()
        self.page_one_number: dict[str, int] = {}  # suggestion text -> its number on page one
        self.more_texts: set[str] = set()  # suggestion texts under "More suggestions"
        # Suggestion texts already written (once each: page one, then "more suggestions").
        self.said: set[str] = set()
        # Findings written out on page one, by (rule, sign): their number there. The detail
        # gives their figures and points back to them instead of saying them again.
        self.page_one_findings: dict[tuple[str, str], int] = {}

    def w(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    # --- the whole ---------------------------------------------------------------------------

    def document(self) -> Document:
        sections = [self.summary(), self.detail(), self.legend(), self.annex()]
        return Document(
            title=self.w("doc.title", project=str(self.v.project.get("name", ""))),
            lang=self.lang,
            sections=tuple(sections),
        )

    # --- page one ----------------------------------------------------------------------------

    def summary(self) -> Section:
        v = self.v
        level = self.w("doc.level", level=v.level_label)
        if _provisional(v):
            level += f" ({self.w('doc.provisional')})"
        blocks: list[Block] = [
            self.facts(),
            Paragraph(inl(strong(level)), role="lead"),
            Paragraph(inl(v.summary), role="why"),
            self.wheel(),
            self.pillar_profile(),
            self.lmb_profile(),
        ]
        subs = [
            Section(self.w("doc.strengths"), self.strengths(), id="strengths"),
            Section(self.w("doc.weaknesses"), self.weaknesses(), id="weaknesses"),
            Section(self.w("doc.top_suggestions"), self.top_suggestions(), id="top-suggestions"),
        ]
        uncovered = self.not_covered()
        if uncovered:
            subs.append(Section(self.w("doc.not_covered"), uncovered, id="not-covered"))
        return Section(self.w("doc.summary"), tuple(blocks), tuple(subs), id="summary")

    def facts(self) -> Fields:
        rows: list[tuple[str, Inlines]] = []
        for key in PROJECT_FIELDS:
            value = self.v.project.get(key)
            if value in (None, ""):
                continue
            shown = (
                euro(value, self.lang) if key == "budget" and isinstance(value, int | float) else str(value)
            )
            rows.append((self.w("project." + key), inl(shown)))
        if self.date is not None:
            rows.append((self.w("doc.date"), inl(long_date(self.date, self.lang))))
        rows.append((self.w("doc.depth"), inl(self.w("word." + self.v.depth))))
        return Fields(tuple(rows))

    def findings(self, sign: str) -> list[Finding]:
        """Substantive contributions of one sign, one finding per rule, most important first."""
        by_rule: dict[str, list[Contribution]] = {}
        for c in self.substance:
            if c.sign == sign:
                by_rule.setdefault(c.rule, []).append(c)
        out = [
            Finding(
                rule,
                sign,
                cs[0].rationale,
                tuple(c.target for c in cs),
                sum(c.points for c in cs),
                max(c.strength for c in cs),
                all(c.mitigated for c in cs),
            )
            for rule, cs in by_rule.items()
        ]
        if sign == "negative":
            out.sort(key=lambda f: (f.mitigated, -f.strength, -f.points))
        else:
            out.sort(key=lambda f: (-f.points, -f.strength))
        return out

    def strengths(self) -> tuple[Block, ...]:
        found = self.findings("positive")
        if not found:
            return (Paragraph(inl(self.w("doc.no_positives"))),)
        items = [inl(f"{f.rationale} ({self.targets(f.targets)})") for f in self.shown(found, MAX_STRENGTHS)]
        blocks: list[Block] = [ItemList(tuple(items), ordered=True)]
        if len(found) > MAX_STRENGTHS:
            blocks.append(Paragraph(inl(self.w("doc.more_strengths", n=len(found) - MAX_STRENGTHS)), "note"))
        return tuple(blocks)

    def weaknesses(self) -> tuple[Block, ...]:
        found = self.findings("negative")
        blocks: list[Block] = []
        if not found:
            blocks.append(Paragraph(inl(self.w("doc.no_negatives"))))
        else:
            shown = self.shown(found, MAX_WEAKNESSES)
            blocks.append(ItemList(tuple(self.harm_line(f) for f in shown), ordered=True))
            if len(found) > MAX_WEAKNESSES:
                more = len(found) - MAX_WEAKNESSES
                blocks.append(Paragraph(inl(self.w("doc.more_weaknesses", n=more)), "note"))
        gaps = self.project_gaps()
        if gaps:
            blocks.append(Paragraph(inl(self.w("doc.gaps_line", n=len(gaps))), "note"))
        return tuple(blocks)

    def shown(self, found: list[Finding], most: int) -> list[Finding]:
        """The first ``most`` findings, numbered for the detail to point back to."""
        for i, f in enumerate(found[:most]):
            self.page_one_findings[(f.rule, f.sign)] = i + 1
        return found[:most]

    def harm_line(self, f: Finding) -> Inlines:
        text = f"{_sentence(f.rationale)} ({self.targets(f.targets)})"
        if f.mitigated:
            text += " " + self.w("doc.mitigated_note")
        return inl(text)

    def top_suggestions(self) -> tuple[Block, ...]:
        chosen: list[Inlines] = []
        ordered = [s for s in self.v.suggestions if s.category != "knowledge_gap"]
        negatives = [s for s in ordered if s.category == "negative"]
        others = [s for s in ordered if s.category != "negative"]

        def take(s: Suggestion) -> None:
            self.on_page_one.add(s.id)
            if s.text not in self.said:
                self.said.add(s.text)
                chosen.append(self.suggestion_line(s))
                self.page_one_number[s.text] = len(chosen)

        for s in negatives[:MAX_SUGGESTIONS]:
            take(s)
        gaps = self.project_gaps()
        if gaps and len(chosen) < MAX_SUGGESTIONS:
            chosen.append(inl(self.w("doc.gap_suggestion", n=len(gaps))))
        for s in others:
            if len(chosen) >= MAX_SUGGESTIONS:
                break
            take(s)
        if not chosen:
            return (Paragraph(inl(self.w("doc.none"))),)
        return (ItemList(tuple(chosen), ordered=True),)

    def suggestion_line(self, s: Suggestion) -> Inlines:
        parts: list[str | Span] = [s.text]
        if s.targets:
            parts.append(f" ({self.targets(s.targets)})")
        if s.instrument:
            name = s.instrument.get("name", "")
            url = s.instrument.get("url")
            parts.append(" ")
            label = self.w("doc.instrument", name=name)
            parts.append(Span(label, em=True, href=url if url and _safe_url(url) else None))
            parts.append(".")
        return inl(*parts)

    def not_covered(self) -> tuple[Block, ...]:
        coverage = getattr(self.v, "coverage", None)
        topics = getattr(coverage, "not_covered", ()) if coverage is not None else ()
        if self.v.depth != "quick" or not topics:
            return ()
        items = []
        for topic in topics:
            text = topic.title
            if getattr(topic, "risk", False):
                text += f" ({self.w('doc.not_covered_risk')})"
            items.append(inl(text))
        return (Paragraph(inl(self.w("doc.not_covered_intro"))), ItemList(tuple(items)))

    # --- figures -----------------------------------------------------------------------------

    def legend_words(self) -> Legend:
        return Legend(self.w("doc.legend_positive"), self.w("doc.legend_negative"), self.w("doc.legend_gaps"))

    def wheel(self) -> Figure:
        bars = [Bar(str(s.number), s.positive, s.negative, s.knowledge_gaps) for s in self.v.sdgs]
        title = self.w("doc.wheel_title")

        def numbers(items: list[SdgResult]) -> str:
            return ", ".join(str(s.number) for s in items) or self.w("doc.alt_none")

        with_gaps = [s for s in self.v.sdgs if s.knowledge_gaps]
        alt = self.w(
            "doc.wheel_alt" if with_gaps else "doc.wheel_alt_no_gaps",
            positive=numbers([s for s in self.v.sdgs if s.positive]),
            negative=numbers([s for s in self.v.sdgs if s.negative]),
            gaps=numbers(with_gaps),
        )
        return Figure(
            sdg_wheel(bars, self.legend_words(), title) if self.drawings else _NOT_DRAWN,
            alt=alt,
            caption=self.w("doc.wheel_caption"),
            width_mm=74,
            placement="side",
        )

    def pillar_profile(self) -> Figure:
        rows = [Bar(p.name, p.positive, p.negative, p.knowledge_gaps) for p in self.v.pillars]
        same: dict[tuple[float, float], list[str]] = {}  # P's with the same figures, named together
        for r in rows:
            same.setdefault((r.positive, r.negative), []).append(r.label)
        alt = self.w(
            "doc.pillars_alt",
            rows="; ".join(
                self.w(
                    "doc.alt_row",
                    name=join_words(names, self.lang),
                    positive=num(positive, self.lang),
                    negative=num(negative, self.lang),
                )
                for (positive, negative), names in same.items()
            ),
        )
        title = self.w("doc.pillars_title")
        drawn = profile(rows, None, title) if self.drawings else _NOT_DRAWN
        return Figure(drawn, alt=alt, caption=title, width_mm=66, placement="side")

    def lmb_profile(self) -> Figure:
        rows = [Bar(f.name, f.positive, f.negative, f.knowledge_gaps, f.level_label) for f in self.v.lmb]
        by_level: dict[str, list[str]] = {}
        for r in rows:
            by_level.setdefault(r.note, []).append(r.label)
        alt = self.w(
            "doc.lmb_alt",
            rows="; ".join(
                self.w("doc.alt_row_level", name=join_words(names, self.lang), level=level)
                for level, names in by_level.items()
            ),
        )
        title = self.w("doc.lmb_title")
        drawn = profile(rows, None, title) if self.drawings else _NOT_DRAWN
        return Figure(drawn, alt=alt, caption=title, width_mm=74, placement="side")

    # --- the detail --------------------------------------------------------------------------

    def detail(self) -> Section:
        subs = [self.per_sdg()]
        trade = self.trade_offs()
        if trade:
            subs.append(Section(self.w("doc.trade_offs"), trade, id="trade-offs"))
        for aspect, key, intro in (
            ("process", "doc.process", "doc.process_intro"),
            ("context", "doc.context", "doc.context_intro"),
        ):
            apart = self.by_aspect.get(aspect)
            if apart:
                subs.append(Section(self.w(key), self.apart(apart, intro), id=aspect))
        subs.append(Section(self.w("doc.gaps"), self.gaps(), id="gaps"))
        rest = self.more_suggestions()
        if rest:
            subs.append(Section(self.w("doc.more_suggestions"), rest, id="suggestions"))
        lift = self.what_if()
        if lift:
            subs.append(Section(self.w("doc.what_if"), lift, id="what-if"))
        subs.append(Section(self.w("doc.lmb"), self.lmb(), id="lmb"))
        return Section(self.w("doc.detail"), (), tuple(subs), id="detail", new_page=True)

    def contribution_line(self, c: Contribution, also: Sequence[str] = ()) -> Inlines:
        because = self.because(c)
        number = self.page_one_findings.get((c.rule, c.sign))
        # The line says only these (a batch says the same few hundred lines for every project).
        key = (
            self.names_key,
            c.sign,
            c.kind,
            c.points,
            c.mitigated,
            c.rationale,
            tuple(also),
            *because,
            number,
        )
        line = _LINES.get(key)
        if line is None:
            line = self.contribution_said(c, also, because, number)
            if len(_LINES) >= _WORDS_LIMIT:
                _LINES.clear()  # stays bounded; refills with the lines still said
            _LINES[key] = line
        return line

    def contribution_said(
        self, c: Contribution, also: Sequence[str], because: list[str], number: int | None
    ) -> Inlines:
        sign = "+" if c.sign == "positive" else "−"
        tail = []
        if also:
            tail.append(self.w("doc.also", targets=self.targets(also)))
        tail += [self.w("word." + c.kind), f"{sign}{num(c.points, self.lang)}"]
        if c.mitigated:
            tail.append(self.w("doc.mitigated"))
        tail.extend(because)
        if number is None:
            said = _sentence(c.rationale)
        else:  # written out on page one
            said = self.w("doc.see_strength" if c.sign == "positive" else "doc.see_weakness", n=number)
        return inl(f"{sign} {said} ({'; '.join(tail)})")

    def because(self, c: Contribution) -> list[str]:
        """The answers a contribution follows from, by the questions' short names, in the order
        of the annex (where each answer stands in full)."""
        asked = sorted(
            {a.question for a in c.because if a.question in self.answer_numbers},
            key=self.answer_numbers.__getitem__,
        )
        if not asked:
            return []
        return [", ".join(self.v.short_label(q) for q in asked)]  # names may hold "en" themselves

    def per_sdg(self) -> Section:
        """One entry per SDG with its figures; each rule written once, under the first SDG it
        works on (naming the others), and the other SDGs point back to it."""
        by_target: dict[str, list[Contribution]] = {}
        by_rule: dict[tuple[str, str], list[str]] = {}
        for c in self.substance:
            canonical = _canonical(c.target)
            by_target.setdefault(canonical, []).append(c)
            by_rule.setdefault((c.rule, c.sign), []).append(canonical)
        first = {key: min(ts, key=_target_order) for key, ts in by_rule.items()}
        blocks: list[Block] = [Paragraph(inl(self.w("doc.per_sdg_intro")), "note")]
        for s in self.v.sdgs:
            key = f"sdg:{s.number}"
            mine = by_target.get(key, [])
            if not mine and not s.knowledge_gaps:
                continue  # the wheel says which SDGs it touches; the others get no entry
            blocks.append(self.sdg_head(s))
            ordered = sorted(mine, key=lambda c: (c.sign != "positive", -c.points))
            items = []
            elsewhere: list[str] = []
            for c in ordered:
                home = first[(c.rule, c.sign)]
                if home == key:
                    others = [t for t in by_rule[(c.rule, c.sign)] if t != key]
                    items.append(self.contribution_line(c, others))
                elif home not in elsewhere:
                    elsewhere.append(home)
            if elsewhere:
                items.append(inl(self.w("doc.see_also", targets=self.targets(elsewhere))))
            if items:
                blocks.append(ItemList(tuple(items)))
        return Section(self.w("doc.per_sdg"), tuple(blocks), id="per-sdg")

    def sdg_head(self, s: SdgResult) -> Paragraph:
        """``SDG 1 Geen armoede · +7 · −6 · 1 kennishiaat``, the same for many projects."""
        key = (self.names_key, s.number, s.name, s.positive, s.negative, s.knowledge_gaps)
        said = _HEADS.get(key)
        if said is None:
            head: list[str | Span] = [
                strong(self.w("doc.sdg_head", number=s.number, name=s.name)),
            ]
            if s.positive:  # each side only when it has points (an SDG may have only gaps)
                head.append(f" · +{num(s.positive, self.lang)}")
            if s.negative:
                head.append(f" · −{num(s.negative, self.lang)}")
            if s.knowledge_gaps:
                head.append(" · " + self.w("doc.sdg_gaps", n=s.knowledge_gaps))
            said = Paragraph(inl(*head))
            if len(_HEADS) >= _WORDS_LIMIT:
                _HEADS.clear()
            _HEADS[key] = said
        return said

    def trade_offs(self) -> tuple[Block, ...]:
        """In words, once: what the project helps most against what it harms most, and where
        gains and losses stand side by side (an SDG is never set against itself)."""
        helped = sorted((s for s in self.v.sdgs if s.positive), key=lambda s: (-s.positive, s.number))
        harmed = sorted((s for s in self.v.sdgs if s.negative), key=lambda s: (-s.negative, s.number))
        if not helped or not harmed:
            return ()
        top = 3

        def sdgs(items: list[SdgResult]) -> str:
            return self.targets([f"sdg:{s.number}" for s in sorted(items, key=lambda s: s.number)])

        only_helped = [s for s in helped if not s.negative][:top]
        only_harmed = [s for s in harmed if not s.positive][:top]
        both = [s for s in helped if s.negative]
        if only_helped and only_harmed:
            said = self.w("doc.trade_off_pair", helped=sdgs(only_helped), harmed=sdgs(only_harmed))
        elif only_helped or only_harmed:
            key = "doc.trade_off_helps" if only_helped else "doc.trade_off_harms"
            said = self.w(key, sdgs=sdgs(only_helped or only_harmed))
        else:
            said = ""
        if both:
            same = self.w("doc.trade_off_same", sdgs=sdgs(both))
            said = f"{said}; {same}" if said else same[:1].upper() + same[1:]
        return (Paragraph(inl(_sentence(said))),)

    def apart(self, contributions: Sequence[Contribution], intro: str) -> tuple[Block, ...]:
        return (Paragraph(inl(self.w(intro)), "note"), self.rule_lines(contributions))

    def rule_lines(self, contributions: Sequence[Contribution]) -> ItemList:
        """One line per rule (and sign), after the targets it works on, in order of appearance."""
        by_rule: dict[tuple[str, str], list[Contribution]] = {}
        for c in contributions:
            by_rule.setdefault((c.rule, c.sign), []).append(c)
        items: list[Inlines] = []
        for cs in by_rule.values():
            items.append(inl(f"{self.targets(c.target for c in cs)}: ", *self.contribution_line(cs[0])))
        return ItemList(tuple(items))

    def project_gaps(self) -> list[KnowledgeGap]:
        return [g for g in self.v.knowledge_gaps if getattr(g, "scope", "project") == "project"]

    def gaps(self) -> tuple[Block, ...]:
        if not self.v.knowledge_gaps:
            return (Paragraph(inl(self.w("doc.none"))),)
        specific = {
            s.id[4:]: s.text
            for s in self.v.suggestions
            if s.category == "knowledge_gap" and s.id.startswith("gap:")
        }
        generic = _generic_gap_texts(self.v.suggestions, self.v.knowledge_gaps)
        # How to close a project's gaps; the municipality's say where they belong under their heading.
        blocks: list[Block] = (
            [Paragraph(inl(self.w("doc.gaps_intro")), "note")] if self.project_gaps() else []
        )
        both = len({getattr(g, "scope", "project") for g in self.v.knowledge_gaps}) > 1
        for scope, key in (("project", "doc.gaps_project"), ("municipality", "doc.gaps_municipality")):
            mine = [g for g in self.v.knowledge_gaps if getattr(g, "scope", "project") == scope]
            if not mine:
                continue
            # Under a heading: said once there, why they are open (when that is the same for
            # all) and that the municipality's belong in its profile.
            heading = both or scope == "municipality"
            reasons = {g.reason for g in mine}
            said = [self.w(f"doc.gap_{mine[0].reason}")] if heading and len(reasons) == 1 else []
            if scope == "municipality":
                said.append(self.w("doc.gaps_municipality_note"))
            if heading:
                blocks.append(Paragraph(inl(strong(self.w(key)), f" ({'; '.join(said)})" if said else "")))
            items = []
            for g in mine:
                tail = [] if heading and len(reasons) == 1 else [self.w(f"doc.gap_{g.reason}")]
                if g.targets and scope == "project":  # the municipality's never reach the figures
                    tail.append(self.w("doc.gap_affects", targets=self.targets(g.targets)))
                name = self.v.short_label(g.question, g.label)
                text = f"{name} ({'; '.join(tail)})" if tail else name
                advice = specific.get(g.question)
                if advice and g.question not in generic:
                    text += f": {advice}"
                elif name != g.label:  # only the generic advice: say exactly what to find out
                    text += f": {g.label}"
                items.append(inl(text))
            blocks.append(ItemList(tuple(items)))
        return tuple(blocks)

    def more_suggestions(self) -> tuple[Block, ...]:
        rest: list[Inlines] = []
        for s in self.v.suggestions:
            if s.category == "knowledge_gap" or s.id in self.on_page_one or s.text in self.said:
                continue
            self.said.add(s.text)
            self.more_texts.add(s.text)
            rest.append(self.suggestion_line(s))
        return (ItemList(tuple(rest)),) if rest else ()

    # --- what would lift the verdict ---------------------------------------------------------

    def what_if(self) -> tuple[Block, ...]:
        """In words, per better level the smallest set of changes found (each set once: a set
        that reaches two levels is shown at the higher; a set that adds to the one before names
        only what it adds), what each change means and which suggestions go with it. Nothing
        when the verdict is at the top or nobody asked."""
        what = self.v.what_if
        if what is None or not what.targets:
            return ()
        steps: list[tuple[Target, Proposal]] = []
        shown: list[frozenset[tuple[str, str]]] = []
        for target in what.targets:
            if not target.proposals or _change_set(target.proposals[0]) in shown:
                continue
            shown.append(_change_set(target.proposals[0]))
            steps.append((target, target.proposals[0]))
        if not steps:
            return (Paragraph(inl(self.w("doc.what_if_none"))),)
        blocks: list[Block] = [Paragraph(inl(self.w("doc.what_if_intro")), "note")]
        said: set[str] = set()  # suggestion texts written out in this section
        before: frozenset[tuple[str, str]] = frozenset()
        for target, first in steps:
            mine = _change_set(first)
            if len(first.changes) > MAX_WHAT_IF_CHANGES:
                blocks.append(
                    Paragraph(inl(self.w("doc.what_if_many", n=len(first.changes), level=first.level_label)))
                )
                break  # a higher level needs at least as many
            adds = before and before < mine
            listed = [c for c in first.changes if not adds or _change_key(c) not in before]
            key = "doc.what_if_step_more" if adds else "doc.what_if_step"
            head = self.w(key, n=len(listed), level=first.level_label)
            if not target.smallest:
                head += " " + self.w("doc.what_if_maybe_fewer")
            blocks.append(Paragraph(inl(head)))
            blocks.append(ItemList(tuple(self.what_if_change(c, first, said) for c in listed)))
            others = [p for p in target.proposals[1:] if _change_set(p) not in shown]
            for other in others[:MAX_WHAT_IF_ALTERNATIVES]:
                different = [c for c in other.changes if _change_key(c) not in mine]
                if not different or all(_just_another_number(c, first) for c in different):
                    continue  # a threshold and its neighbour: the same way, another number
                key = "doc.what_if_also" if len(different) < len(other.changes) else "doc.what_if_or"
                before_text, _, after_text = self.w(key, changes="\0").partition("\0")
                parts: list[str | Span] = [before_text]
                for i, c in enumerate(different):
                    parts += ["; " if i else "", _named(c), " ", strong(self.what_if_answer(c))]
                parts.append(after_text)
                blocks.append(Paragraph(inl(*parts), "note"))
            before = mine
        unreached = [t.label for t in what.targets if t.size is None]
        if unreached:
            blocks.append(
                Paragraph(inl(self.w("doc.what_if_unreached", levels=join_words(unreached, self.lang))))
            )
        return tuple(blocks)

    def what_if_answer(self, c: Change) -> str:
        if c.option is not None:
            key = "doc.what_if_tick" if c.ticked else "doc.what_if_untick"
            return self.w(key, option=c.option_label or c.option)
        return c.display

    def what_if_change(self, c: Change, proposal: Proposal, said: set[str]) -> Inlines:
        """``<question>: <new answer> (nu: <old>)``, then the suggestions that go with it: a
        reference to those the document already lists, the text of the others (once)."""
        parts: list[str | Span] = [_named(c), " ", strong(self.what_if_answer(c))]
        notes = [] if c.option is not None else [self.w("doc.what_if_now", old=c.old_display)]
        texts = dict(proposal.suggestions)
        rules = list(c.rules)
        if c is proposal.changes[-1]:  # suggestions no change reads go with the last one
            claimed = {r for other in proposal.changes for r in other.rules}
            rules += [r for r, _ in proposal.suggestions if r not in claimed]
        numbers: list[int] = []
        more = False
        new: list[str] = []
        for rule in rules:
            text = texts.get(rule)
            if not text:
                continue
            if text in self.page_one_number:
                if self.page_one_number[text] not in numbers:
                    numbers.append(self.page_one_number[text])
            elif text in self.more_texts:
                more = True
            elif text not in said:
                said.add(text)
                new.append(text)
        refs = []
        if numbers:
            listed = [str(n) for n in sorted(numbers)]
            refs.append(
                self.w("doc.what_if_ref_one", number=listed[0])
                if len(listed) == 1
                else self.w("doc.what_if_ref_many", numbers=join_words(listed, self.lang))
            )
        if more:
            refs.append(self.w("doc.more_suggestions"))
        if refs:
            notes.append(self.w("doc.what_if_see", refs=join_words(refs, self.lang)))
        if notes:
            parts.append(" (" + "; ".join(notes) + ")")
        parts.append(".")
        for text in new:
            parts.append(" " + _sentence(text))
        return inl(*parts)

    def lmb(self) -> tuple[Block, ...]:
        status = (
            "doc.lmb_unknown" if self.v.is_lmb is None else "doc.lmb_yes" if self.v.is_lmb else "doc.lmb_no"
        )
        # Fields with points, those with the same level and figures named together (the level
        # of every field is on page one, in the LMB profile).
        same: dict[tuple[str, float, float, float], list[str]] = {}
        for f in self.v.lmb:
            if not (f.positive or f.negative or getattr(f, "excluded_positive", 0)):
                continue
            excluded = float(getattr(f, "excluded_positive", 0))
            same.setdefault((f.level_label, f.positive, f.negative, excluded), []).append(f.name)
        items = []
        for (level, positive, negative, excluded), names in same.items():
            text = self.w(
                "doc.lmb_field",
                name=join_words(names, self.lang),
                level=level,
                positive=num(positive, self.lang),
                negative=num(negative, self.lang),
            )
            if excluded:
                text += f"; {self.w('doc.lmb_excluded', points=num(excluded, self.lang))}"
            items.append(inl(text))
        # Rules that also work on an SDG are listed there (naming the field); the rest here.
        on_sdg = {(c.rule, c.sign) for c in self.substance if c.target.startswith("sdg:")}
        lmb_contribs = [
            c for c in self.substance if _canonical(c.target) in LMB_FIELDS and (c.rule, c.sign) not in on_sdg
        ]
        blocks: list[Block] = [Paragraph(inl(self.w(status)))]
        if items:
            blocks.append(ItemList(tuple(items)))
        if lmb_contribs:
            blocks.append(self.rule_lines(lmb_contribs))
        blocks.append(Paragraph(inl(self.w("doc.lmb_intro")), "note"))
        return tuple(blocks)

    # --- legend and annex --------------------------------------------------------------------

    def legend(self) -> Section:
        weights = _weights(self.v.contributions)
        blocks: list[Block] = [
            Paragraph(inl(self.w("doc.legend_level"))),
            Paragraph(
                inl(
                    self.w(
                        "doc.legend_points",
                        direct=num(weights.get("direct", 2), self.lang),
                        indirect=num(weights.get("indirect", 1), self.lang),
                    )
                )
            ),
            Paragraph(inl(self.w("doc.legend_self")), "note"),
        ]
        versions = self.v.versions
        rows: list[tuple[str, Inlines]] = [(self.w("doc.tool"), inl(str(versions.get("tool", ""))))]
        for key, label in (("questionnaire", "doc.questionnaire"), ("rubric", "doc.rubric")):
            item = versions.get(key) or {}
            rows.append(
                (
                    self.w(label),
                    inl(
                        self.w(
                            "doc.version_line",
                            id=item.get("id", ""),
                            version=item.get("version", ""),
                            hash=str(item.get("sha256", ""))[:12],
                        )
                    ),
                )
            )
        overlays = (versions.get("rubric") or {}).get("overlays") or []
        if overlays:
            rows.append(
                (
                    self.w("doc.overlays"),
                    inl(", ".join(f"{o.get('id', '')} {o.get('version', '')}" for o in overlays)),
                )
            )
        used = getattr(self.v, "profile", None)
        if used:
            rows.append(
                (
                    self.w("doc.profile"),
                    inl(", ".join(str(used.get(k, "")) for k in ("municipality", "date") if used.get(k))),
                )
            )
        blocks.append(Fields(tuple(rows)))
        if self.v.overlay_rules:
            blocks.append(
                Paragraph(inl(self.w("doc.overlay_rules", rules=", ".join(self.v.overlay_rules))), "note")
            )
        return Section(self.w("doc.legend"), tuple(blocks), id="legend")

    def annex(self) -> Section:
        blocks: list[Block] = []
        if self.v.answers:
            # Yes, no, none and "don't know" are said once each, with the questions that got them.
            plain: dict[str, list[str]] = {}
            rows: list[tuple[Cell, ...]] = []
            for a in self.v.answers:
                name = self.v.short_label(a.question, a.label)
                if isinstance(a.value, bool) or a.value in ([], "unknown"):
                    plain.setdefault(a.display, []).append(name)
                else:
                    rows.append((_text_cell(name), _text_cell(a.display)))
            if rows:
                blocks.append(Table((self.w("doc.col_question"), self.w("doc.col_answer")), tuple(rows)))
            if plain:
                blocks.append(
                    Fields(
                        tuple(
                            (answer[:1].upper() + answer[1:], inl(", ".join(names)))
                            for answer, names in plain.items()
                        )
                    )
                )
        else:
            blocks.append(Paragraph(inl(self.w("doc.no_answers"))))
        if self.v.ignored_answers:
            ignored = "; ".join(
                _with_answer(self.v.short_label(a.question, a.label), a.display)
                for a in self.v.ignored_answers
            )
            blocks.append(Paragraph(inl(self.w("doc.ignored", answers=ignored)), "note"))
        return Section(self.w("doc.annex"), tuple(blocks), id="annex", new_page=True)

    # --- words -------------------------------------------------------------------------------

    def targets(self, targets: Iterable[str], names: bool = False) -> str:
        """``SDG 1, 10 en 11`` (or with names: ``SDG 15 Leven op het land``), then LMB fields by name."""
        key = (self.names_key, tuple(targets), names)
        said = _TARGET_WORDS.get(key)
        if said is None:
            said = self.targets_said(key[1], names)
            if len(_TARGET_WORDS) < _WORDS_LIMIT:
                _TARGET_WORDS[key] = said
        return said

    def targets_said(self, targets: Iterable[str], names: bool) -> str:
        sdgs: list[int] = []
        fields: list[str] = []
        for target in targets:
            kind, key = target_key(target)
            if kind == "sdg":
                if int(key) not in sdgs:
                    sdgs.append(int(key))
            elif self.lmb_names.get(key, key) not in fields:
                fields.append(self.lmb_names.get(key, key))
        sdgs.sort()
        parts: list[str] = []
        if sdgs and names:
            parts.extend(f"SDG {n} {self.sdg_names.get(f'sdg:{n}', '')}".strip() for n in sdgs)
        elif sdgs:
            parts.append(self.w("doc.sdg_list", numbers=join_words([str(n) for n in sdgs], self.lang)))
        parts.extend(fields)
        return join_words(parts, self.lang)


# How a list of targets is said, per language and names of the goals (a batch says the same
# few hundred lists for every project); bounded, so memory stays flat in the number of projects.
_WORDS_LIMIT = 2048
_TARGET_WORDS: dict[tuple[Any, tuple[str, ...], bool], str] = {}
_LINES: dict[tuple[Any, ...], Inlines] = {}  # contribution lines, by all they say (same bound)
_HEADS: dict[tuple[Any, ...], Paragraph] = {}  # the heads of the SDGs in the detail (same bound)
# The words of the goals a view names targets with, each distinct set once (the key above).
_NAMES: dict[tuple[Any, ...], int] = {}
_NAME_IDS = itertools.count()


def _change_key(c: Change) -> tuple[str, str]:
    return (c.question, repr(c.value) if c.option is None else f"{c.option}:{c.ticked}")


def _named(c: Change) -> str:
    """The question by its short name, ready for its answer: ``Vliegreizen:`` (a question that
    has no short name and ends in a question mark keeps it: ``Meer groen?``)."""
    name = (c.short or c.label).strip()
    return name if name.endswith(("?", ":")) else name + ":"


def _just_another_number(c: Change, shown: Proposal) -> bool:
    number = isinstance(c.value, int | float) and not isinstance(c.value, bool)
    return number and any(o.question == c.question for o in shown.changes)


def _change_set(p: Proposal) -> frozenset[tuple[str, str]]:
    return frozenset(_change_key(c) for c in p.changes)


def _with_answer(name: str, answer: str) -> str:
    """``Toegankelijkheid: gedeeltelijk``; a full question (no short label) ends in its mark."""
    return f"{name} {answer}" if name.endswith("?") else f"{name}: {answer}"


@functools.lru_cache(maxsize=2048)  # question names and answers, the same for many projects
def _text_cell(text: str) -> Cell:
    return Cell(inl(text))


def _aspect(c: Contribution) -> str:
    return str(getattr(c, "aspect", "substance"))


def _provisional(v: Verdict) -> bool:
    coverage = getattr(v, "coverage", None)
    return bool(getattr(coverage, "provisional", False))


def _canonical(target: str) -> str:
    found = _CANONICAL.get(target)
    if found is None:
        kind, key = target_key(target)
        found = f"sdg:{key}" if kind == "sdg" else key
        if len(_CANONICAL) < _WORDS_LIMIT:
            _CANONICAL[target] = found
    return found


_CANONICAL: dict[str, str] = {}  # target as written -> canonical (a rubric has a few dozen)


def _target_order(target: str) -> tuple[int, int]:
    found = _ORDER.get(target)
    if found is None:
        kind, key = target_key(target)
        found = (0, int(key)) if kind == "sdg" else (1, LMB_FIELDS.index(key) if key in LMB_FIELDS else 9)
        if len(_ORDER) < _WORDS_LIMIT:
            _ORDER[target] = found
    return found


_ORDER: dict[str, tuple[int, int]] = {}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def _weights(contributions: Sequence[Contribution]) -> dict[str, float]:
    """The rubric's weights per kind, read back from the points (points = weight x strength)."""
    out: dict[str, float] = {}
    for c in contributions:
        if c.strength:
            out.setdefault(c.kind, c.points / c.strength)
    return out


def _generic_gap_texts(suggestions: Sequence[Suggestion], gaps: Sequence[KnowledgeGap]) -> set[str]:
    """Gap questions whose suggestion is only the rubric's generic "find out: <question> ..." text
    (it quotes the question): the intro of the list says that once, for all of them."""
    labels = {g.question: g.label for g in gaps}
    return {
        s.id[4:]
        for s in suggestions
        if s.category == "knowledge_gap" and s.id.startswith("gap:") and labels.get(s.id[4:], "\0") in s.text
    }
