"""Progress per class and per examiner, overdue against the cycle's assessment deadline (today pinned)."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from scoring.assessment import individual as assessment
from scoring.cycle import charts
from scoring.assessment import progress
from scoring.platform.access import AccessDenied

DEADLINE = dt.date(2026, 9, 15)  # criteria/2026.toml


def test_counts_per_class_and_examiner_match_the_assessments(db, user):
    p = progress.overview(db, user("admin"), 2026, DEADLINE)
    every = assessment.cycle_overview(db, user("admin"), 2026)
    counts = assessment.progress(every)
    totals = p.totals()
    assert totals["assigned"] == counts["total"] == p.by_examiner["assigned"].sum()
    for status in ("not_started", "draft", "submitted"):
        assert totals[status] == counts[status] == p.by_examiner[status].sum()
    mine = assessment.progress(assessment.my_assessments(db, user("examinator4"), 2026))
    row = p.by_examiner.filter(pl.col("examiner") == "examinator4").row(0, named=True)
    assert (row["assigned"], row["draft"], row["submitted"]) == (mine["total"], mine["draft"], mine["submitted"])
    assert p.by_class["class_name"].to_list()[0] == "Förskola"


@pytest.mark.parametrize(("today", "late"), [(DEADLINE - dt.timedelta(days=10), False), (DEADLINE, False),
                                             (DEADLINE + dt.timedelta(days=1), True)])
def test_overdue_means_not_submitted_after_the_deadline(db, user, today, late):
    p = progress.overview(db, user("admin"), 2026, today)
    outstanding = p.totals()["assigned"] - p.totals()["submitted"]
    assert outstanding > 0
    assert p.past_deadline is late
    assert p.totals()["overdue"] == (outstanding if late else 0)
    assert (p.by_class["overdue"] == (p.by_class["assigned"] - p.by_class["submitted"]) * late).all()
    exported = progress.export_frames(p)["Alla bedömningar"]
    assert (exported["Försenad"] == "Ja").sum() == p.totals()["overdue"]


def test_no_deadline_means_nothing_is_overdue(db, user):
    db.write(lambda con: con.execute("UPDATE cycle SET assessment_deadline = NULL WHERE year = 2026"))
    p = progress.overview(db, user("admin"), 2026, dt.date(2030, 1, 1))
    assert p.deadline is None and p.totals()["overdue"] == 0


def test_unstaffed_submissions_are_listed(db, user):
    db.write(lambda con: con.execute("DELETE FROM assignment WHERE submission_id = 1"))
    p = progress.overview(db, user("admin"), 2026, DEADLINE)
    assert p.unstaffed["submission_id"].to_list() == [1]


def test_only_the_kansli_sees_progress(db, user):
    with pytest.raises(AccessDenied):
        progress.overview(db, user("examinator1"), 2026, DEADLINE)


def test_chart_stacks_the_counts_and_shows_names_as_text(db, user):
    p = progress.overview(db, user("admin"), 2026, DEADLINE + dt.timedelta(days=1))
    counts = p.by_class.with_columns(pl.lit("Skola <b>&</b> fritids").alias("class_name"))
    fig = charts.progress_bars(counts, "class_name", "Per klass", late=True)
    assert [t.name for t in fig.data] == ["Inskickade", "Utkast (försenade)", "Ej påbörjade (försenade)"]
    assert list(fig.data[0].y) == p.by_class["submitted"].to_list()
    assert fig.data[0].x[0] == "Skola &lt;b&gt;&amp;&lt;/b&gt; fritids"
    assert fig.layout.barmode == "stack"
