"""Utskick: the kansli sees the outbox and its status, filters it, resends a failed message, invites examiners,
and — with SMTP configured — sends the queue to a real aiosmtpd."""
from __future__ import annotations

import re

from scoring.platform import invitations
from scoring.ui import mail_text as t
from tests.conftest import button, by_label, user_of
from tests.smtp_sink import SmtpServer

PAGE = "scoring/ui/pages/admin_outbox.py"


def _open(app):
    at = app("admin").switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_without_smtp_the_page_says_messages_stay_queued_and_lists_the_demo_outbox(app, monkeypatch):
    monkeypatch.delenv("KVALITET_SMTP_URL", raising=False)
    at = _open(app)
    assert [x.value for x in at.title] == ["Utskick"]
    assert any("ligger kvar i kön" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == t.OUTBOX_SEND_NOW]
    table = at.dataframe[0].value
    assert {"I kö", "Skickat", "Misslyckat"} <= set(table["Status"])
    assert "Kansliets brevlåda" in set(table["Mottagare"])
    assert any("I kö: 6" in c.value for c in at.caption)


def test_filter_by_status_and_resend_a_failed_message(app):
    at = _open(app)
    by_label(at.selectbox, "Status").set_value("failed").run()
    table = at.dataframe[0].value
    assert list(table["Status"]) == ["Misslyckat"] and "550" in table["Serverns svar"].iloc[0]
    failed_id = int(table["Nr"].iloc[0])
    button(at, t.OUTBOX_RESEND_BUTTON).click().run()
    assert not at.exception
    assert any(f"nummer {failed_id} ligger i kön igen" in s.value for s in at.success)
    by_label(at.selectbox, "Status").set_value("failed").run()
    assert any(i.value == t.OUTBOX_EMPTY for i in at.info)


def test_invite_one_examiner_queues_an_invitation(app):
    at = _open(app)
    by_label(at.multiselect, t.INVITE_PICK).set_value(["examinator2"])
    button(at, t.INVITE_BUTTON).click().run()
    assert not at.exception
    assert any("1 inbjudan ligger i utskickskön" in s.value for s in at.success)
    people = at.dataframe[1].value
    assert people.set_index("Användarnamn").loc["examinator2", "Inbjudan"] == "Inbjudan i kön"


def test_with_smtp_send_now_delivers_the_queue_and_the_invitation_link(app, monkeypatch, db):
    with SmtpServer() as server:
        monkeypatch.setenv("KVALITET_SMTP_URL", server.url)
        monkeypatch.setenv("KVALITET_MAIL_FROM", "kvalitet@stockholm.example")
        at = _open(app)
        by_label(at.multiselect, t.INVITE_PICK).set_value(["examinator4"])
        button(at, t.INVITE_BUTTON).click().run()
        button(at, t.OUTBOX_SEND_NOW).click().run()
        assert not at.exception
    assert any("Skickade 7" in i.value for i in at.info)
    assert len(server.received) == 7
    invitation = next(r.message for r in server.received if r.rcpt_tos == ["examinator4@kvalitet.example"]
                      and "Inbjudan" in r.message["Subject"])
    token = re.search(r"\?inbjudan=([A-Za-z0-9_-]+)", invitation.get_body(("plain",)).get_content()).group(1)
    assert invitations.check(db, token).username == "examinator4"


def _in_cycle(at) -> dict[str, bool]:
    people = next(d.value for d in at.dataframe if t.INVITE_COLUMNS["in_cycle"] in d.value.columns)
    return dict(zip(people["Användarnamn"], people[t.INVITE_COLUMNS["in_cycle"]]))


def test_invitations_and_reminders_act_on_the_picked_cycle_which_follows_from_other_pages(app, db):
    from scoring import swedish
    from scoring.platform import outbox
    from tests.next_cycle import add_2027
    add_2027(db, 1)                                                    # next year's cycle: no teams yet
    admin = user_of(db, "admin")
    expected = {year: dict(zip(*invitations.candidates(db, admin, year).select("username", "in_cycle")))
                for year in (2027, 2026)}
    assert not any(expected[2027].values()) and any(expected[2026].values())
    at = _open(app)
    assert at.selectbox(key="outbox-cycle-year").value == 2026          # the cycle in progress
    assert _in_cycle(at) == expected[2026]
    at.switch_page("scoring/ui/pages/admin_teams.py").run()
    at.selectbox(key="teams-cycle-year").set_value(2027).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.selectbox(key="outbox-cycle-year").value == 2027          # the kansli's choice follows
    assert _in_cycle(at) == expected[2027]
    assert not [b for b in at.button if b.label.startswith("Bjud in alla")]
    deadline = swedish.date(outbox.assessment_deadline(db, 2027))
    assert deadline != swedish.date(outbox.assessment_deadline(db, 2026))
    assert t.REMINDER_DAYS.format(deadline=deadline) in [w.label for w in at.text_input]
