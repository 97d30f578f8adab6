"""The weekly brief as Markdown and as HTML, built from one outline so the two always say the same.

Every piece of text is treated as untrusted: Markdown escapes what would change the layout, HTML escapes
everything, and only http(s) URLs become links. Nothing here reads the clock.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...model.addresses import shown_url
from ...model.catalogue_translations import localize_event
from ..changes.model import EVENT, KINDS, Item
from ..changes.texts import kind_heading
from ...readings.formatting import format_change, format_estimate, format_period
from ...languages.i18n import N_, _, current, data_language, format_date, ngettext
from ...readings.reading import reading
from .charts import MOVED_PNG, VERDICTS_PNG
from .table import all_sources, counts, movers, tally_word
from ...model.validation import is_http_url
from ...model.vocabulary import escape_html, escape_markdown, freshness_word

from .compute import IndicatorWeek, Snapshot

_MARKUP = set("<>\"'`")
# What could end or restyle a Markdown link's text, escaped there (an address has no space, `<`, `>` or quote).
_MD_LINK_TEXT = re.compile(r"([\\\[\]*_()!~|#])")
_BACKSLASHED = r"\\\1"
STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}img{max-width:100%}"""
# The HTML brief stands alone: its charts are inside it (data: URIs), and it may load nothing from anywhere (no
# script, no remote image or style), so a downloaded copy shows the same wherever it is opened. Links still open.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class Link:
    url: str
    text: str | None = None


def is_safe_url(url: str | None) -> bool:
    """An http(s) address (the sources' own test) with nothing that could close a Markdown autolink or
    an HTML attribute."""
    return is_http_url(url) and not _MARKUP.intersection(url)


# -- the outline ------------------------------------------------------------------------------------


def _counted(n: int, what: str) -> str:
    """"3 toward weaker legitimacy": how many stand one way."""
    return _("{n} {what}").format(n=n, what=what)


def _counts_line(label: str, tally: dict) -> str:
    parts = [_counted(n, tally_word(k)) for k, n in tally.items()]
    return _("{label}: {counts}.").format(label=label, counts=", ".join(parts) if parts else _("none"))


def _latest(iw: IndicatorWeek) -> str:
    r = reading(iw.summary)
    return f"{r.latest} ({r.period})" if r.period else r.latest


def _week_text(iw: IndicatorWeek) -> str:
    return format_estimate(iw.week, iw.summary.unit) if iw.week else "–"


def _previous_text(iw: IndicatorWeek) -> str:
    return format_estimate(iw.previous, iw.summary.unit) if iw.previous else "–"


def _week_change_text(iw: IndicatorWeek) -> str:
    return format_change(iw.week_change, iw.summary.unit) if iw.week_change else "–"


def _row(iw: IndicatorWeek) -> list:
    r = reading(iw.summary)
    return [iw.indicator.name, _week_text(iw), _week_change_text(iw), _latest(iw), r.baseline, r.change,
            r.verdict + (f" ({r.note})" if r.note else ""), freshness_word(iw.summary.freshness)]


def _sourced(item: Item) -> list:
    """A change as a line: its sentence, then its public sources as links."""
    if not item.sourced:
        return [item.text]
    if not item.sources:
        return [item.text + " " + _("No public source.")]
    parts: list = [item.text + " " + _("Sources:") + " "]
    for n, url in enumerate(item.sources):
        parts += ([", "] if n else []) + [Link(url)]
    return parts + ["."]


def changes_blocks(snap: Snapshot) -> list[tuple]:
    """"What changed this week": the week's items from indicators.reports.changes (its events have their
    own section)."""
    blocks: list[tuple] = [("h", 2, _("What changed this week"))]
    items = [i for i in snap.changes if i.kind != EVENT]
    if not items:
        blocks.append(("p", _("Nothing changed this week: no figure was added, corrected or retracted, and no "
                              "verdict, record, baseline crossing, staleness or collector failure moved.")))
        return blocks
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind]
        if mine:
            blocks += [("h", 3, f"{kind_heading(kind)} ({len(mine)})"), ("ul", [_sourced(i) for i in mine])]
    return blocks


TABLE_HEADERS = [N_("Indicator"), N_("This week"), N_("On the week before"), N_("Latest known (period)"),
                 N_("2020 baseline"), N_("Against 2020"), N_("Verdict"), N_("Freshness")]
MOVERS_HEADERS = [N_("Indicator"), N_("This week"), N_("Week before"), N_("Change")]


def title(snap: Snapshot) -> str:
    return _("Legitimacy Barometer: week {week}").format(week=snap.week.label)


def _event_line(e: dict) -> list:
    text = f"{format_period(e['date_start'], e['date_end'])} · {e['label']}"
    return [text + (f" — {e['description']}" if e["description"] else "") + " ", Link(e["source_url"])]


def outline(snap: Snapshot, charts: list[str]) -> list[tuple]:
    """The brief as blocks: ("h", level, text), ("p", text), ("ul" | "ol", items), ("table", headers, rows),
    ("img", path, alt). Text is plain and untrusted; a Link is a URL to show."""
    wk, c = snap.week, counts(snap)
    blocks: list[tuple] = [("h", 1, title(snap))]
    span = _("Monday {monday} to Sunday {sunday}.").format(monday=format_date(wk.monday), sunday=format_date(wk.sunday))
    if snap.as_known_then:
        blocks.append(("p", span + " " + _("As known then: only what had been entered by {at} counts; later entries, "
                                           "corrections and retractions are left out.").format(
            at=f"{format_date(wk.sunday)}, 24:00 UTC")))  # the week's end as people read it, not a timestamp
    else:
        blocks.append(("p", span + " " + _("Figures for periods ending by then, with every correction made since.")))
    blocks += changes_blocks(snap)
    sizes = [ngettext("{n} indicator", "{n} indicators", c["indicators"]).format(n=c["indicators"]),
             ngettext("{n} with a figure for this week", "{n} with a figure for this week",
                      c["with_week_value"]).format(n=c["with_week_value"]),
             ngettext("{n} event this week", "{n} events this week", c["events"]).format(n=c["events"])]
    freshness = ", ".join(_counted(n, freshness_word(k)) for k, n in c["freshness"].items())
    blocks += [("h", 2, _("Headline")), ("ul", [
        "; ".join(sizes) + ".",
        _counts_line(_("Against the 2020 baseline"), c["verdict"]),
        _counts_line(_("This week against the week before"), c["week_verdict"]),
        _("Freshness at the week's end: {counts}.").format(counts=freshness),
    ])]
    if VERDICTS_PNG in charts:
        blocks.append(("img", VERDICTS_PNG, _("Indicators per family by verdict against the 2020 baseline")))
    blocks.append(("h", 2, _("What moved most")))
    if MOVED_PNG in charts:
        blocks.append(("img", MOVED_PNG, _("The largest moves on the week before")))
    for verdict, heading in (("worse", _("Toward weaker legitimacy")), ("better", _("Toward stronger legitimacy"))):
        blocks.append(("h", 3, heading))
        moved = movers(snap, verdict)
        if moved:
            blocks.append(("table", [_(h) for h in MOVERS_HEADERS],
                           [[iw.indicator.name, _week_text(iw), _previous_text(iw), _week_change_text(iw)]
                            for iw in moved]))
        else:
            blocks.append(("p", _("Nothing moved measurably this way this week.")))
    for fid, fam in snap.catalogue.families.items():
        members = [iw for iw in snap.indicators if iw.indicator.family == fid]
        if not members:
            continue
        blocks.append(("h", 2, fam.name))
        blocks.append(("table", [_(h) for h in TABLE_HEADERS], [_row(iw) for iw in members]))
        notes = [f"{iw.indicator.name}: {note}" for iw in members for note in iw.notes]
        if notes:
            blocks.append(("ul", notes))
    blocks.append(("h", 2, _("Events this week")))
    lang = data_language()
    events = [localize_event(e, lang, snap.catalogue) for e in snap.events]
    blocks.append(("ul", [_event_line(e) for e in events]) if events else
                  ("p", _("No events recorded for this week.")))
    blocks.append(("h", 2, _("Sources")))
    sources = all_sources(snap)
    blocks.append(("ol", [[Link(u)] for u in sources]) if sources else ("p", _("No public sources.")))
    return blocks


# -- Markdown -----------------------------------------------------------------------------------------


def _md_inline(part) -> str:
    if isinstance(part, Link):
        if is_safe_url(part.url) and part.text is None:
            shown = shown_url(part.url)  # percent-encoded letters read as letters; the link goes where it was given
            return f"<{part.url}>" if shown == part.url else f"[{_MD_LINK_TEXT.sub(_BACKSLASHED, shown)}](<{part.url}>)"
        return escape_markdown(part.text or part.url or "")
    if isinstance(part, list):
        return "".join(_md_piece(p) for p in part)
    return escape_markdown(part)


def _md_piece(part) -> str:
    """A piece of a line: text keeps a space at either edge (escaping trims them), so pieces stay apart."""
    if not isinstance(part, str):
        return _md_inline(part)
    text = escape_markdown(part)
    return (" " if part[:1].isspace() and text else "") + text + (" " if part[-1:].isspace() else "")


def _md_list(kind: str, items: list) -> str:
    return "\n".join(f"{f'{i}.' if kind == 'ol' else '-'} {_md_inline(item)}" for i, item in enumerate(items, 1))


def _md_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(escape_markdown(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return "\n".join(lines + ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in rows])


MARKDOWN = {
    "h": lambda level, text: "#" * level + " " + escape_markdown(text),
    "p": escape_markdown,
    "ul": lambda items: _md_list("ul", items),
    "ol": lambda items: _md_list("ol", items),
    "table": _md_table,
    "img": lambda path, alt: f"![{escape_markdown(alt)}]({path})",
}


def render(blocks: list[tuple], renderers: dict) -> list[str]:
    """Each block through the renderer for its kind."""
    return [renderers[block[0]](*block[1:]) for block in blocks]


def markdown(snap: Snapshot, charts: list[str]) -> str:
    return "\n\n".join(render(outline(snap, charts), MARKDOWN)) + "\n"


# -- HTML ---------------------------------------------------------------------------------------------


def _html_inline(part) -> str:
    if isinstance(part, Link):
        if is_safe_url(part.url):
            return (f'<a href="{escape_html(part.url)}" rel="noopener noreferrer">'
                    f'{escape_html(part.text or shown_url(part.url))}</a>')
        return escape_html(part.text or shown_url(part.url) or "")
    if isinstance(part, list):
        return "".join(_html_inline(p) for p in part)
    return escape_html(part)


def _html_list(kind: str, items: list) -> str:
    return f"<{kind}>" + "".join(f"<li>{_html_inline(item)}</li>" for item in items) + f"</{kind}>"


def _html_table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{escape_html(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI, which an <img> shows without fetching anything (base64: no character to escape)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def html_renderers(images: Mapping[str, bytes]) -> dict:
    """The HTML of each block; an image is embedded from `images` (by its path), so the page needs no other file."""
    return {
        "h": lambda level, text: f"<h{level}>{escape_html(text)}</h{level}>",
        "p": lambda text: f"<p>{escape_html(text)}</p>",
        "ul": lambda items: _html_list("ul", items),
        "ol": lambda items: _html_list("ol", items),
        "table": _html_table,
        "img": lambda path, alt: f'<p><img src="{data_uri(images[path])}" alt="{escape_html(alt)}"></p>',
    }


def html(snap: Snapshot, images: Mapping[str, bytes]) -> str:
    """The brief as one self-contained HTML page: its charts (`images`, PNG bytes by path) embedded."""
    return (f'<!doctype html>\n<html lang="{current()}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{escape_html(title(snap))}</title>"
            f"<style>{STYLE}</style></head>\n<body>\n"
            + "\n".join(render(outline(snap, sorted(images)), html_renderers(images))) + "\n</body></html>\n")
