"""The återföringsrapport from the database: content, escaping, rendering, who may get it, zip and CLI."""
import io
import zipfile

import polars as pl
import pytest

from scoring import cli
from scoring.assessment import consensus
from scoring.ceremony import feedback
from scoring.assessment import results
from scoring.platform.access import AccessDenied
from tests.pdf_checks import assert_pages_not_blank, pdf_text

YEAR = 2026
SCORES = (70, 40, 90, 60, 50)


def _agreed(db, user) -> int:
    """examinator1 marks a complete team's consensus done with an examiner's comment full of markup."""
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    sid = teams.filter((pl.col("submitted") == 3) & (pl.col("consensus_status") == "none"))["submission_id"][0]
    raw = {n: {"score": s, "strengths": f"Styrka {n}: kommentar <b>& fet?", "improvements": f"Förbättra {n} > nu"}
           for n, s in zip(range(1, 6), SCORES)}
    consensus.mark_done(db, user("examinator1"), sid, raw, 0)
    return sid


def test_pdf_from_db_has_unit_criteria_scores_and_escaped_comment(db, user):
    sid = _agreed(db, user)
    name, pdf = feedback.feedback_pdf(db, user("examinator1"), sid)
    text = pdf_text(pdf)
    view = consensus.team_view(db, user("examinator1"), sid)
    assert pdf.startswith(b"%PDF") and name.endswith(".pdf") and view.submission["unit_id"] in name
    assert view.submission["unit_name"] in text and view.submission["organisation"] in text
    for c, score in zip(view.rulebook.criteria, SCORES):
        assert c.title in text
        assert f"Poäng: {score} av 100" in text
    assert "Styrka 1: kommentar <b>& fet?" in text and "Förbättra 5 > nu" in text
    assert "teamets konsensus" in text
    assert "Starkast bedöms kriterium 3" in text and "kriterium 2" in text   # the generated summary
    assert_pages_not_blank(pdf)


def test_report_marks_individual_mean_and_site_visit_sources(db, user):
    reports = dict(feedback.cycle_reports(db, user("admin"), 2022))
    visited = [r for r in reports.values() if "platsbesöket" in r.summary]
    assert len(visited) == 3
    sources = {c.score_source for r in visited for c in r.criteria}
    assert sources == {"justerad vid platsbesök", "teamets konsensus"}
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    draft = teams.filter(pl.col("consensus_status") == "open")["submission_id"][0]
    report = feedback.feedback_report(db, user("examinator1"), draft)
    assert {c.score_source for c in report.criteria} == {results.SOURCE_LABELS["individuellt medel"]}
    assert "preliminär" in report.summary
    assert all(c.strengths for c in report.criteria)    # the team's own texts when there is no consensus


def test_class_median_in_report_matches_results(db, user):
    name, report = feedback.cycle_reports(db, user("admin"), 2022)[0]
    finals = results.final_scores(db, 2022)
    medians = results.class_medians(finals)
    code = "forskola"
    assert report.class_name == "Förskola"
    expected = medians.filter(pl.col("class_code") == code).sort("criterion")["median"].to_list()
    assert [c.class_median for c in report.criteria] == pytest.approx(expected)


@pytest.mark.parametrize("who", ["examinator2", "examinator4", "kommitte1", "stadsdirektor"])
def test_only_admin_and_the_teams_lead_get_a_report(db, user, who):
    sid = _agreed(db, user)
    assert feedback.may_download(db, user("admin"), sid).allowed
    with pytest.raises(AccessDenied):
        feedback.feedback_pdf(db, user(who), sid)


def test_lead_gets_no_report_before_the_team_view_is_open(db, user):
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    sid = teams.filter(~pl.col("may_view"))["submission_id"][0]
    with pytest.raises(AccessDenied):
        feedback.feedback_report(db, user("examinator1"), sid)


def test_zip_of_every_unit_for_admin_only(db, user):
    data = feedback.feedback_zip(db, user("admin"), 2022)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == 23 == len(set(names))
        assert all(archive.read(n).startswith(b"%PDF") for n in names)
    with pytest.raises(AccessDenied):
        feedback.feedback_zip(db, user("examinator1"), 2022)


def test_cli_exports_one_pdf_per_unit(demo_path, tmp_path, capsys):
    out = tmp_path / "rapporter"
    assert cli.main(["export", "feedback", "--cycle", "2022", "--out", str(out), "--db", str(demo_path),
                     "--workers", "1"]) == 0
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 23 and all(f.read_bytes().startswith(b"%PDF") for f in files)
    assert "23 återföringsrapporter" in capsys.readouterr().out
    assert cli.main(["export", "feedback", "--cycle", "1999", "--out", str(out), "--db", str(demo_path)]) == 2


def test_an_adjusted_score_prints_the_site_visits_reason(db, user):
    from scoring.reports import build_feedback_report
    from scoring.store import results as result_store
    with db.read() as con:
        reasons = {(r["submission_id"], r["criterion"]): r["reason"]
                   for r in result_store.site_visit_reasons(con, 2022).iter_rows(named=True)}
    assert reasons
    data = feedback._load(db, 2022)
    visited = {sid for sid, _ in reasons}
    for row in data.submissions.filter(pl.col("submission_id").is_in(visited)).iter_rows(named=True):
        report = feedback._report(data, row)
        for c in report.criteria:
            expected = reasons.get((row["submission_id"], c.number), "")
            assert c.adjustment_reason == (expected if c.score_source == "justerad vid platsbesök" else "")
        text = pdf_text(build_feedback_report(report))
        for c in report.criteria:
            if c.adjustment_reason:
                assert f"Justerad vid platsbesöket: {' '.join(c.adjustment_reason.split())}" in text


def test_an_individual_mean_is_shown_rounded_half_away_from_zero_like_every_figure(db, user):
    teams = consensus.my_teams(db, user("examinator1"), YEAR)
    sid = teams.filter(pl.col("consensus_status") == "open")["submission_id"][0]

    def fourth_member(con) -> None:            # a fourth submitted examiner: the mean of criterion 1 is 61.25
        team = [r[0] for r in con.execute("SELECT examiner FROM assignment WHERE submission_id = ?", [sid]).fetchall()]
        extra = con.execute("SELECT username FROM account WHERE role = 'examiner' AND username <> ALL(?) "
                            "ORDER BY username LIMIT 1", [team]).fetchone()[0]
        con.execute("INSERT INTO assignment (submission_id, examiner) VALUES (?, ?)", [sid, extra])
        con.execute("INSERT INTO assessment (submission_id, examiner, status, version) VALUES (?, ?, 'submitted', 1)",
                    [sid, extra])
        con.execute("INSERT INTO score (submission_id, examiner, criterion, score, strengths, improvements) "
                    "SELECT submission_id, ?, criterion, CASE WHEN criterion = 1 THEN 65 ELSE score END, '', '' "
                    "FROM score WHERE submission_id = ? AND examiner = ?", [extra, sid, team[0]])
        con.execute("UPDATE score SET score = 60 WHERE submission_id = ? AND criterion = 1 AND examiner <> ?",
                    [sid, extra])
        con.execute("UPDATE assessment SET status = 'submitted' WHERE submission_id = ?", [sid])

    db.write(fourth_member)
    finals = results.final_scores(db, YEAR).filter((pl.col("submission_id") == sid) & (pl.col("criterion") == 1))
    assert finals["score"][0] == pytest.approx(61.25)
    report = feedback.feedback_report(db, user("admin"), sid)
    assert report.criteria[0].score == 61.3                  # Python's round(61.25, 1) gives 61.2
    assert "Poäng: 61,3 av 100" in pdf_text(feedback.feedback_pdf(db, user("admin"), sid)[1])
