"""The chart of verdicts by family: drawn by the dashboard's overview and, as a PNG, in the weekly brief.

Its data are plain records, not a data frame: the brief is drawn without loading pandas, and altair is loaded
only when the chart is drawn."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..languages.i18n import _
from ..model.vocabulary import VERDICTS, verdict_color, verdict_label

if TYPE_CHECKING:
    import altair as alt


def verdict_chart(rows: Sequence[Mapping]) -> alt.Chart:
    """The overview's chart: how many indicators of each family moved which way since the baseline."""
    import altair as alt  # altair only when a chart is drawn: a snapshot without charts never loads it

    values = [{"family": r["family_name"], "verdict": verdict_label(r["verdict"])} for r in rows]
    labels = [verdict_label(v) for v in VERDICTS]
    indicators = _("indicators")
    return alt.Chart(alt.Data(values=values), description=_("verdicts by family")).mark_bar().encode(
        y=alt.Y("family:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("count():Q", title=indicators, axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("verdict:N", scale=alt.Scale(domain=labels, range=[verdict_color(v) for v in VERDICTS]),
                        legend=alt.Legend(title=_("since the 2020 baseline"), orient="bottom")),
        order=alt.Order("verdict:N"),
        tooltip=[alt.Tooltip("family:N", title=_("family")), alt.Tooltip("verdict:N", title=_("verdict")),
                 alt.Tooltip("count():Q", title=indicators)],
    ).properties(height=alt.Step(24))
