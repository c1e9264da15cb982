"""Every committee chart shows user-written names as typed: `<`, `>` and `&` are escaped in every
label, tick, legend name, title and hover text given to Plotly (scoring.cycle.charts.plot_text)."""
import re

import numpy as np
import polars as pl
import pytest

from scoring.cycle import charts
from scoring.committee import charts as cc

HOSTILE = "<b>fet</b> & <a href='http://example.invalid/x'>länk</a>"
ESCAPED = "&lt;b&gt;fet"                     # the start of HOSTILE, escaped (long names are wrapped or cut)
OWN_MARKUP = re.compile(r"</?(br|extra)>")      # what the builders add themselves


def texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in texts(v)]
    return []


def assert_shown_as_typed(fig) -> None:
    found = texts(fig.to_plotly_json())
    assert any(ESCAPED in t for t in found), "the hostile name is not in the figure at all"
    for text in found:
        assert not re.search(r"<(?!/?(br|extra)>)", text), text     # no markup but our own
        assert "&" not in OWN_MARKUP.sub("", text).replace("&lt;", "").replace("&gt;", "").replace("&amp;", ""), text


def test_plot_text_escapes_markup_once():
    assert charts.plot_text("<b>fet</b>") == "&lt;b&gt;fet&lt;/b&gt;"
    assert charts.plot_text("A & B") == "A &amp; B"
    assert charts.plot_text("Förskolan Solen") == "Förskolan Solen"
    assert charts.plot_texts([1, "<i>"]) == ["1", "&lt;i&gt;"]


def test_rank_intervals_axis_and_hover():
    table = pl.DataFrame({"unit_name": [HOSTILE, "Vanlig"], "p_first": [0.7, 0.3], "rank_low": [1, 1],
                          "rank_high": [2, 2]})
    fig = cc.rank_intervals(table)
    assert_shown_as_typed(fig)
    assert list(fig.data[0].text) == ["70\u00a0%", "30\u00a0%"]              # Swedish: a no-break space before %
    assert "%{text}" in fig.data[0].hovertemplate and ":.0%" not in fig.data[0].hovertemplate
    assert list(fig.layout.xaxis.ticktext) == ["0\u00a0%", "20\u00a0%", "40\u00a0%", "60\u00a0%", "80\u00a0%", "100\u00a0%"]


def test_radar_legend_and_criterion_titles():
    profile = pl.DataFrame({"criterion": [1, 2, 3], "title": [HOSTILE, "Ledarskap", "Resultat"],
                            "score": [60.0, 70.0, 80.0], "median": [50.0, 50.0, 50.0]})
    assert_shown_as_typed(cc.radar(profile, HOSTILE))


def test_score_spread_is_anonymous_and_escaped():
    scores = pl.DataFrame({"criterion": [1, 1, 1, 2, 2], "score": [70.0, 80.0, 60.0, 50.0, 55.0]})
    criteria = pl.DataFrame({"criterion": [1, 2], "title": [HOSTILE, "Resultat"]})
    fig = cc.score_spread(scores, criteria)
    assert_shown_as_typed(fig)
    assert [t.name for t in fig.data] == ["Lägst–högst", "En examinators poäng", "Medel ± standardavvikelse"]
    dots = fig.data[1]
    assert sorted(dots.y) == [50.0, 55.0, 60.0, 70.0, 80.0]
    assert list(fig.data[0].base) == [60.0, 50.0] and list(fig.data[0].y) == [20.0, 5.0]


def test_severity_and_ranking_comparison():
    examiners = pl.DataFrame({"display_name": [HOSTILE, "Examinator B"], "severity": [2.0, -2.0],
                              "severity_se": [1.0, 1.0]})
    assert_shown_as_typed(cc.severity(examiners))
    comparison = pl.DataFrame({"unit_name": [HOSTILE, "Vanlig"], "rank_calibrated": [1, 2], "rank_other": [2, 1],
                               "moved": [True, True]})
    assert_shown_as_typed(cc.ranking_comparison(comparison))


def test_statistics_charts_escape_names_and_titles():
    rows = pl.DataFrame({"cycle": [2022, 2026], "participants": [3, 4], "target": [5, None]})
    assert_shown_as_typed(cc.participation(rows, HOSTILE))
    classes = pl.DataFrame({"cycle": [2022], "class_name": [HOSTILE], "participants": [3]})
    assert_shown_as_typed(cc.participation_by_class(classes))
    totals = pl.DataFrame({"cycle": [2022, 2022], "class_name": [HOSTILE] * 2, "class_position": [1, 1],
                           "total": [60.0, 70.0]})
    for kind in ("box", "violin"):
        assert_shown_as_typed(cc.score_distributions(totals, kind))
    severity = pl.DataFrame({"cycle": [2022, 2026], "display_name": [HOSTILE] * 2, "severity": [1.0, 2.0],
                             "severity_se": [1.0, 1.0]})
    assert_shown_as_typed(cc.severity_over_years(severity))


@pytest.mark.parametrize("horizontal", [False, True])
def test_progress_bars_escape_names(horizontal):
    counts = pl.DataFrame({"name": [HOSTILE], "submitted": [1], "draft": [0], "not_started": [2]})
    assert_shown_as_typed(charts.progress_bars(counts, "name", "Framsteg", late=False, horizontal=horizontal))


def test_score_distributions_beyond_all_points_sends_quartiles_not_units():
    rng = np.random.default_rng(7)
    n = cc.ALL_POINTS + 500
    totals = pl.DataFrame({"cycle": rng.integers(2016, 2027, n), "class_name": rng.choice([HOSTILE, "B"], n),
                           "total": rng.normal(60, 10, n)}).with_columns(
        class_position=pl.when(pl.col("class_name") == "B").then(2).otherwise(1))
    fig = cc.score_distributions(totals, "box")
    assert_shown_as_typed(fig)
    assert len(fig.data) == 2 and all(t.y is None for t in fig.data)       # no unit's total sent to the browser
    first = fig.data[0]
    part = totals.filter(pl.col("class_name") == HOSTILE, pl.col("cycle") == int(first.x[0]))["total"]
    assert first.median[0] == pytest.approx(part.median())
    assert first.q1[0] == pytest.approx(part.quantile(0.25, "linear"))
    assert part.min() <= first.lowerfence[0] <= first.q1[0] <= first.q3[0] <= first.upperfence[0] <= part.max()
    violin = cc.score_distributions(totals, "violin")
    assert all(t.points is False for t in violin.data)                     # the violin draws its shape, no dots
