"""The Markdown verdict as it was before the verdict document (commit 837ca1f), kept only to measure
that the new document is shorter on the same content (tests/test_verdict_documents.py)."""

from __future__ import annotations

from sdgtoets.core.goals import target_key
from sdgtoets.core.verdict import Contribution, Verdict
from sdgtoets.i18n import t
from sdgtoets.reports.escape import md

PROJECT_FIELDS = ("municipality", "department", "policy_goal", "owner", "budget", "year")


def num(value: float, lang: str) -> str:
    text = str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def euro(value: float, lang: str) -> str:
    """An amount as a reader writes it: 6.500.000 (nl) or 6,500,000 (en); cents only when there are."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def target_labels(verdict: Verdict) -> dict[str, str]:
    labels = {f"sdg:{s.number}": f"SDG {s.number} {s.name}" for s in verdict.sdgs}
    for f in verdict.lmb:
        labels[f.field] = f.name
        labels[f"lmb:{f.field}"] = f.name
    return labels


def render(verdict: Verdict) -> str:
    lang = verdict.language
    labels = target_labels(verdict)
    rationales = {c.rule: c.rationale for c in verdict.contributions}
    pillar_names = {p.id: p.name for p in verdict.pillars}
    out: list[str] = []
    add = out.append

    add(f"# {t('md.title', lang, project=md(verdict.project.get('name', '')))}")
    add("")
    add(f"**{t('md.verdict', lang)}: {md(verdict.level_label)}**")
    add("")
    add(md(verdict.summary))
    add("")
    add(f"| {t('md.project', lang)} | {md(verdict.project.get('name', ''))} |")
    add("| --- | --- |")
    for key in PROJECT_FIELDS:
        if verdict.project.get(key) not in (None, ""):
            value = verdict.project[key]
            shown = euro(value, lang) if isinstance(value, int | float) and key == "budget" else md(value)
            add(f"| {t('project.' + key, lang)} | {shown} |")
    add(f"| {t('md.depth', lang)} | {t('word.' + verdict.depth, lang)} |")
    lmb_key = "md.lmb_unknown" if verdict.is_lmb is None else "md.lmb_yes" if verdict.is_lmb else "md.lmb_no"
    add(f"| {t('md.lmb_status', lang)} | {t(lmb_key, lang)} |")
    add("")

    add(f"## {t('md.sdgs', lang)}")
    add("")
    add(t("md.sdgs_intro", lang))
    add("")
    add(
        f"| {t('md.col_sdg', lang)} | {t('md.col_pillar', lang)} | {t('md.col_positive', lang)} | "
        f"{t('md.col_negative', lang)} | {t('md.col_gaps', lang)} | {t('md.col_status', lang)} |"
    )
    add("| --- | --- | ---: | ---: | ---: | --- |")
    for s in verdict.sdgs:
        add(
            f"| {s.number}. {s.name} | {pillar_names[s.pillar]} | {num(s.positive, lang)} | "
            f"{num(s.negative, lang)} | {s.knowledge_gaps} | {t('status.' + s.status, lang)} |"
        )
    add("")

    add(f"## {t('md.pillars', lang)}")
    add("")
    add(
        f"| {t('md.col_p', lang)} | {t('md.col_positive', lang)} | {t('md.col_negative', lang)} | "
        f"{t('md.col_gaps', lang)} | {t('md.col_sdgs_pos', lang)} | {t('md.col_sdgs_neg', lang)} |"
    )
    add("| --- | ---: | ---: | ---: | --- | --- |")
    for p in verdict.pillars:
        add(
            f"| {p.name} | {num(p.positive, lang)} | {num(p.negative, lang)} | {p.knowledge_gaps} | "
            f"{', '.join(map(str, p.sdgs_with_positive)) or '-'} | {', '.join(map(str, p.sdgs_with_negative)) or '-'} |"
        )
    add("")

    add(f"## {t('md.lmb', lang)}")
    add("")
    add(
        f"| {t('md.col_field', lang)} | {t('md.col_level', lang)} | {t('md.col_positive', lang)} | "
        f"{t('md.col_negative', lang)} | {t('md.col_gaps', lang)} |"
    )
    add("| --- | --- | ---: | ---: | ---: |")
    for f in verdict.lmb:
        add(
            f"| {f.name} | {md(f.level_label)} | {num(f.positive, lang)} | {num(f.negative, lang)} | "
            f"{f.knowledge_gaps} |"
        )
    add("")

    def contribution_lines(items: tuple[Contribution, ...]) -> None:
        if not items:
            add(t("md.none", lang))
            return
        for c in items:
            extra = [t("word." + c.kind, lang), num(c.points, lang)]
            if c.mitigated:
                extra.append(t("word.mitigated", lang))
            because = "; ".join(f"{md(a.label)} → {md(a.display)}" for a in c.because)
            line = f"- **{md(labels.get(c.target, c.target))}** ({', '.join(extra)}): {md(c.rationale)}"
            if because:
                line += f" _{t('md.because', lang)}: {because}_"
            add(line)

    add(f"## {t('md.strengths', lang)}")
    add("")
    contribution_lines(verdict.strengths)
    add("")
    add(f"## {t('md.weaknesses', lang)}")
    add("")
    contribution_lines(verdict.weaknesses)
    add("")
    add(f"## {t('md.trade_offs', lang)}")
    add("")
    if not verdict.trade_offs:
        add(t("md.none", lang))
    for tr in verdict.trade_offs:
        mark = f" ({t('word.mitigated', lang)})" if tr.mitigated else ""
        add(
            "- "
            + t(
                "md.trade_off_line",
                lang,
                sdg=labels[f"sdg:{tr.sdg}"],
                rules="; ".join(md(rationales.get(r, r)).rstrip(".") for r in tr.negative_rules),
                against=", ".join(map(str, tr.against_sdgs)),
            )
            + mark
        )
    add("")

    add(f"## {t('md.gaps', lang)}")
    add("")
    if not verdict.knowledge_gaps:
        add(t("md.none", lang))
    for g in verdict.knowledge_gaps:
        reason = t("md.gap_" + g.reason, lang)
        affects = ", ".join(_short(x, labels) for x in g.targets)
        tail = f"; {t('md.gap_affects', lang)} {affects}" if affects else ""
        add(f"- {md(g.label)} ({reason}{tail})")
    add("")

    add(f"## {t('md.suggestions', lang)}")
    add("")
    if not verdict.suggestions:
        add(t("md.none", lang))
    for sug in verdict.suggestions:
        targets = ", ".join(_short(x, labels) for x in sug.targets)
        line = f"{sug.priority}. **{t('category.' + sug.category, lang)}**"
        if targets:
            line += f" ({targets})"
        line += f": {md(sug.text)}"
        if sug.instrument:
            line += f" {t('md.instrument', lang)}: _{md(sug.instrument['name'])}_."
        add(line)
    add("")

    add(f"## {t('md.answers', lang)}")
    add("")
    if verdict.answers:
        add(f"| {t('md.col_question', lang)} | {t('md.col_answer', lang)} |")
        add("| --- | --- |")
        for a in verdict.answers:
            add(f"| {md(a.label)} | {md(a.display)} |")
    else:
        add(t("md.none", lang))
    add("")
    if verdict.ignored_answers:
        add(f"## {t('md.ignored', lang)}")
        add("")
        for a in verdict.ignored_answers:
            add(f"- {md(a.label)}: {md(a.display)}")
        add("")
    if verdict.overlay_rules:
        add(f"## {t('md.overlay_rules', lang)}")
        add("")
        add(", ".join(md(r) for r in verdict.overlay_rules))
        add("")

    v = verdict.versions
    add(f"## {t('md.versions', lang)}")
    add("")
    add(
        t(
            "md.versions_line",
            lang,
            tool=v["tool"],
            qid=v["questionnaire"]["id"],
            qversion=v["questionnaire"]["version"],
            rid=v["rubric"]["id"],
            rversion=v["rubric"]["version"],
        )
    )
    add("")
    add(f"_{t('md.self_assessment', lang)}_")
    return "\n".join(out) + "\n"


def _short(target: str, labels: dict[str, str]) -> str:
    kind, key = target_key(target)
    return f"SDG {key}" if kind == "sdg" else labels.get(target, target)
