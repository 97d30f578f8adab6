"""`barometer changes`: what changed in a span of weeks or days, each change explained."""
from __future__ import annotations

import json
import re
from datetime import date

import click

from ..reports.changes import changes as list_changes
from ..reports.changes.model import KINDS, Span
from ..reports.changes.texts import kind_heading
from ..languages.i18n import _
from ..reports.snapshot.compute import IsoWeek, WeekError, last_complete_week
from ..model.text_policy import json_safe, printable
from ..model.validation import DATE_MAX, DATE_MIN, outside_dates
from . import base
from .base import BadInput, lang_option, open_store

_WEEKISH = re.compile(r"^[0-9]{4}-[wW]")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_moment(text: str, option: str, *, end: bool) -> tuple[date, str | None]:
    """A WEEK (YYYY-Www: its Monday, or with `end` its Sunday) or a DATE (YYYY-MM-DD), and the week's label."""
    text = text.strip()
    if _WEEKISH.match(text):
        try:
            week = IsoWeek.parse(text.upper())
        except WeekError as exc:
            raise BadInput(f"{option}: {exc}") from None
        return (week.sunday if end else week.monday), week.label
    try:
        if not _DAY.match(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option}: " + _("{value} is neither an ISO week (YYYY-Www, e.g. 2020-W30) nor a day "
                                         "(YYYY-MM-DD, e.g. 2020-07-20)").format(value=repr(text))) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise BadInput(f"{option}: " + outside_dates(text))
    return day, None


def span_of(since: str | None, until: str | None, *, as_known_then: bool, today: date) -> Span:
    """The span the options name: by default the last complete week; a --since alone runs to today; an end after
    today is today (nothing is known of later days yet)."""
    if since is None:
        week = last_complete_week(today)
        start, first_label = week.monday, week.label
        default_end, last_label = week.sunday, week.label
    else:
        start, first_label = parse_moment(since, "--since", end=False)
        default_end, last_label = today, None
    if until is None:
        end = default_end
    else:
        end, last_label = parse_moment(until, "--until", end=True)
    if end > today:
        end, last_label = today, None
    if start > end:
        raise BadInput("--since: " + (_("{start} is after the span's end {end} (today)") if end == today else
                                      _("{start} is after the span's end {end} (--until)")).format(
            start=start.isoformat(), end=end.isoformat()))
    if first_label and last_label:
        label = first_label if first_label == last_label else _("{start} to {end}").format(start=first_label,
                                                                                            end=last_label)
    else:
        label = ""
    return Span(start, end, as_known_then, label)


def render_text(span: Span, items) -> str:
    lines = [_("What changed: {span}").format(span=span.describe())]
    if not items:
        lines.append(_("Nothing changed: no figure added, corrected or retracted, and no move."))
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind]
        if mine:
            lines += ["", f"{kind_heading(kind)} ({len(mine)})"] + [f"- {i.explanation}" for i in mine]
    return "\n".join(printable(line) for line in lines)


@click.command()
@click.option("--since", default=None, metavar="WEEK|DATE",
              help="First week (YYYY-Www, from its Monday) or day (default: the last complete week).")
@click.option("--until", default=None, metavar="WEEK|DATE",
              help="Last week (to its Sunday) or day (default: today; with no --since, that week's Sunday).")
@click.option("--as-known-then", is_flag=True,
              help="Only what had been entered by each moment; later corrections and retractions undone.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of text.")
@lang_option
@click.pass_context
def changes(ctx: click.Context, since: str | None, until: str | None, as_known_then: bool, as_json: bool) -> None:
    """What changed: figures added, corrected (old → new, why, by whom) and retracted (why); verdicts that
    changed; figures outside the 2020 baseline for the first time; new highs and lows since the baseline;
    series that went stale; sources whose collector keeps failing; the span's events.

    Each change names its indicator, figures, baseline, rule and public sources.

    Example: barometer changes --since 2020-W30 --until 2020-W35
    """
    span = span_of(since, until, as_known_then=as_known_then, today=date.today())
    items = list_changes(open_store(ctx), base.catalogue(ctx, localized=True), span)
    if as_json:
        click.echo(json_safe(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=2)))
        return
    click.echo(render_text(span, items))
