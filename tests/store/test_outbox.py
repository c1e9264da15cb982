"""The outbox: messages land in the same transaction as their event, carry only names, dates and links,
reminders are queued once per examiner and day, and the kansli resends a failed message."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from scoring.assessment import consensus
from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.platform import outbox
from scoring.assessment import site_visit
from scoring.cycle import teams
from scoring.platform.access import AccessDenied, ValidationError
from scoring.committee.decisions import AwardChoice
from scoring.store import audit
from scoring.store import outbox as store

YEAR = 2026


def _messages(db, kind: str | None = None) -> pl.DataFrame:
    with db.read() as con:
        rows = store.listing(con, None, kind, 10_000)
        bodies = con.execute("SELECT id, body_text, body_html FROM outbox WHERE message_id NOT LIKE '<demo-%'"
                             ).fetchall()
    texts = {i: (t, h) for i, t, h in bodies}        # the demo's own outbox is left out
    return rows.filter(pl.col("id").is_in(list(texts))).with_columns(pl.col("id").replace_strict({i: t for i, (t, _) in texts.items()}).alias("text"),
                             pl.col("id").replace_strict({i: h for i, (_, h) in texts.items()}).alias("html"))


def _submissions(db, year: int) -> list[int]:
    with db.read() as con:
        return [r[0] for r in con.execute("SELECT id FROM submission WHERE cycle = ? ORDER BY id", [year]).fetchall()]


def test_a_message_lands_with_its_event_or_not_at_all(db):
    message = outbox.compose("Ämne", "Eva", ["Text."], "http://x/")

    def fails(con):
        outbox.queue(con, "admin", "assignment", "examinator1", message)
        raise ValidationError("nej")

    with pytest.raises(ValidationError):
        db.write(fails)
    assert _messages(db).is_empty()
    db.write(lambda con: outbox.queue(con, "admin", "assignment", "examinator1", message))
    assert _messages(db).height == 1


def test_hand_team_notifies_only_the_new_member_with_links_and_no_scores(db, user):
    admin = user("admin")
    view = teams.team_view(db, admin, YEAR).filter(pl.col("size") > 0)
    sid, current, lead = view["submission_id"][0], view["usernames"][0].to_list(), view["lead"][0]
    roster = teams.candidates(db, admin, sid)
    newcomer = roster.filter(~pl.col("username").is_in(current) & (pl.col("blocked") == ""))["username"][0]
    teams.set_team(db, admin, YEAR, sid, [*current, newcomer], lead, allow_over_capacity=True)
    sent = _messages(db, "assignment")
    assert sent["recipient"].to_list() == [newcomer]
    text = sent["text"][0]
    assert "/bedomningar" in text and "inskickad senast" in text
    with db.read() as con:
        strengths = [r[0] for r in con.execute("SELECT strengths FROM score WHERE submission_id = ? AND strengths <> ''",
                                               [sid]).fetchall()]
    assert not any(s in text or s in sent["html"][0] for s in strengths)


def test_hostile_unit_names_are_escaped_and_on_one_line_in_the_notice(db, user):
    admin = user("admin")
    view = teams.team_view(db, admin, YEAR).filter(pl.col("size") > 0)
    sid, current, lead = view["submission_id"][0], view["usernames"][0].to_list(), view["lead"][0]
    hostile = "<img src=x onerror=alert(1)>\r\nBcc: victim@evil.example"
    db.write(lambda con: con.execute("UPDATE unit SET name = ? WHERE id = (SELECT unit_id FROM submission"
                                     " WHERE id = ?)", [hostile, sid]))
    roster = teams.candidates(db, admin, sid)
    newcomer = roster.filter(~pl.col("username").is_in(current) & (pl.col("blocked") == ""))["username"][0]
    teams.set_team(db, admin, YEAR, sid, [*current, newcomer], lead, allow_over_capacity=True)
    sent = _messages(db, "assignment")
    assert "<img" not in sent["html"][0] and "&lt;img src=x onerror=alert(1)&gt;" in sent["html"][0]
    assert "\r" not in sent["text"][0] and "- &lt;img" not in sent["text"][0]
    assert any(line.startswith("- <img src=x onerror=alert(1)> Bcc: victim") for line in sent["text"][0].splitlines())


def test_a_whole_proposal_queues_one_notice_per_examiner_in_one_go(db, user):
    admin = user("admin")
    db.write(lambda con: con.execute("DELETE FROM assignment WHERE submission_id IN (SELECT id FROM submission"
                                     " WHERE cycle = 2026) AND examiner IN ('examinator2', 'examinator3')"))
    proposal = teams.propose(db, admin, YEAR)
    teams.save_proposal(db, admin, proposal, confirm_drop=True)
    sent = _messages(db, "assignment")
    assert sorted(sent["recipient"].to_list()) == sorted(set(proposal.added["examiner"].to_list()))
    assert sent["to_address"].null_count() == 0


def test_consensus_opened_by_the_kansli_tells_the_lead_once(db, user):
    with db.read() as con:
        sid = next(s for s in _submissions(db, YEAR) if not store.all_submitted(con, s))
        lead = store.submission_lead(con, sid)[0]
    consensus.open_for_team(db, user("admin"), sid, "En examinator är sjuk.")
    db.write(lambda con: outbox.consensus_open(con, "admin", sid))          # a second event: no second notice
    sent = _messages(db, "consensus_open")
    assert sent["recipient"].to_list() == [lead] and "/konsensus" in sent["text"][0]


def test_last_submit_opens_consensus_and_queues_for_the_lead(db):
    with db.read() as con:
        done = [s for s in _submissions(db, YEAR) if store.all_submitted(con, s)]
        open_ = [s for s in _submissions(db, YEAR) if not store.all_submitted(con, s)]
    assert done and open_
    db.write(lambda con: outbox.consensus_open_if_ready(con, "examinator1", done[0]))
    db.write(lambda con: outbox.consensus_open_if_ready(con, "examinator1", open_[0]))
    assert _messages(db, "consensus_open").height == 1


def test_site_visit_choice_tells_the_lead(db, user):
    db.write(lambda con: con.execute("UPDATE cycle SET phase = 'site_visit' WHERE year = 2022"))
    short = site_visit.shortlist(db, user("kommitte1"), 2022)
    sid = short.filter(~pl.col("selected"))["submission_id"][0]
    site_visit.select(db, user("kommitte2"), sid)
    sent = _messages(db, "site_visit")
    with db.read() as con:
        assert sent["recipient"].to_list() == [store.submission_lead(con, sid)[0]]


def test_signed_decision_goes_to_the_award_mailbox(db, user, monkeypatch):
    monkeypatch.setenv("KVALITET_KANSLI_EMAIL", "kvalitetsutmarkelsen@stockholm.example")
    admin, chair = user("admin"), user("stadsdirektor")
    for phase in ("consensus", "site_visit", "decision"):
        cycle_setup.move_phase(db, admin, YEAR, phase)
    from scoring.assessment import results
    totals = results.weighted_totals(db, YEAR)
    for code in ("forskola", "skola", "aldreomsorg", "socialtjanst_lss", "andra"):
        best = totals.filter(pl.col("class_code") == code).sort("total", descending=True, nulls_last=True)
        decisions.record_proposal(db, chair, YEAR, code, f"Motivering för {code}.",
                                  [] if code == "andra" else [AwardChoice(best["submission_id"][0])])
    decisions.sign(db, chair, YEAR)
    sent = _messages(db, "decision_signed")
    assert sent["recipient"].to_list() == [None]
    assert sent["to_address"].to_list() == ["kvalitetsutmarkelsen@stockholm.example"]
    assert "Motivering" not in sent["text"][0]


def _deadline(db) -> dt.date:
    with db.read() as con:
        return store.cycle_deadline(con, YEAR)[1]


def test_remind_queues_once_per_day_only_on_reminder_days_to_examiners_with_work_left(db):
    deadline = _deadline(db)
    assert outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=5)) == 0
    week = outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=7))
    again = outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=7))
    with db.read() as con:
        waiting = store.unsubmitted_by_examiner(con, YEAR)
        assert audit.entries(con, action="queue_reminders").height == 1
    assert week == waiting.height > 0 and again == 0
    sent = _messages(db, "reminder")
    assert sorted(sent["recipient"].to_list()) == sorted(waiting["examiner"].to_list())
    assert sent["to_address"].null_count() == 0
    assert outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=2)) == week


def test_reminder_days_are_a_per_cycle_setting(db, user):
    deadline = _deadline(db)
    outbox.set_reminder_days(db, user("admin"), YEAR, [5])
    assert outbox.reminder_days(db, YEAR) == [5]
    assert outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=7)) == 0
    assert outbox.remind(db, "cli", YEAR, deadline - dt.timedelta(days=5)) > 0
    with pytest.raises(ValidationError):
        outbox.set_reminder_days(db, user("admin"), YEAR, [-1])
    with pytest.raises(AccessDenied):
        outbox.set_reminder_days(db, user("examinator1"), YEAR, [3])


def test_resend_requeues_a_failed_message_with_the_same_message_id(db, user):
    message = outbox.compose("Ämne", "Eva", ["Text."], "http://x/")
    outbox_id = db.write(lambda con: outbox.queue(con, "admin", "assignment", "examinator1", message))
    with pytest.raises(ValidationError, match="misslyckat"):
        outbox.resend(db, user("admin"), outbox_id)
    db.write(lambda con: store.mark_failed(con, outbox_id, "550 nej"))
    db.write(lambda con: con.execute("UPDATE examiner SET email = 'ny@example.se' WHERE username = 'examinator1'"))
    with pytest.raises(AccessDenied):
        outbox.resend(db, user("examinator1"), outbox_id)
    before = _messages(db).filter(pl.col("id") == outbox_id)
    outbox.resend(db, user("admin"), outbox_id)
    with db.read() as con:
        row = store.get(con, outbox_id)
        assert audit.entries(con, entity="outbox")["action"].to_list() == ["resend"]
    assert (row["status"], row["to_address"]) == ("queued", "ny@example.se")
    assert before["to_address"][0] == "examinator1@kvalitet.example"


def test_listing_needs_the_kansli(db, user):
    with pytest.raises(AccessDenied):
        outbox.listing(db, user("examinator1"))
    assert outbox.listing(db, user("admin")).columns[:3] == ["id", "created_at", "kind"]


def test_a_ten_thousand_recipient_reminder_run_queues_each_once(db):
    def crowd(con):
        con.execute("INSERT INTO account (username, display_name, role, password_hash)"
                    " SELECT 'bulk' || i, 'Bulk ' || i, 'examiner', 'x' FROM range(10000) t(i)")
        con.execute("INSERT INTO examiner (username, email)"
                    " SELECT 'bulk' || i, CASE WHEN i % 1000 = 0 THEN 'trasig adress' ELSE 'bulk' || i || '@kvalitet.example'"
                    " END FROM range(10000) t(i)")
        con.execute("INSERT INTO assignment (submission_id, examiner) SELECT (SELECT min(id) FROM submission"
                    " WHERE cycle = 2026), 'bulk' || i FROM range(10000) t(i)")
    db.write(crowd)
    day = _deadline(db) - dt.timedelta(days=2)
    first = outbox.remind(db, "cli", YEAR, day)
    assert first >= 10_000 and outbox.remind(db, "cli", YEAR, day) == 0
    with db.read() as con:
        counts = con.execute("SELECT count(*), count(DISTINCT message_id), count(DISTINCT recipient) FROM outbox"
                             " WHERE kind = 'reminder' AND message_id NOT LIKE '<demo-%'").fetchone()
    assert counts == (first, first, first)
