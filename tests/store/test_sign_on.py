"""City sign-on against a real DuckDB file: matching by verified e-mail then by stored subject, refusals that
write nothing, roles from our database, deactivated and locked accounts, and passwords turned off."""
import datetime as dt

import pytest

from scoring.platform import auth
from scoring.platform import sign_on
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import accounts
from scoring.store import sign_on as store

ISSUER = "https://login.example/tenant/v2.0"


def who(subject="sub-1", email="examinator1@kvalitet.example", verified=True, issuer=ISSUER):
    return sign_on.Identity(issuer, subject, email, verified)


def counts(db):
    with db.read() as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("account", "account_sign_on", "audit_log"))


def test_match_by_verified_email_links_subject_and_role_comes_from_db(db):
    user = sign_on.match(db, who(email="EXAMINATOR1@kvalitet.example "))
    assert (user.username, user.role) == ("examinator1", "lead")
    with db.read() as con:
        assert store.link_of(con, "examinator1") == (ISSUER, "sub-1")
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log WHERE entity_key = 'examinator1'"
                                            " ORDER BY id DESC LIMIT 2").fetchall()]
    assert actions == ["login", "link_sign_on"]


def test_match_by_subject_after_first_match_even_when_email_changes(db):
    sign_on.match(db, who())
    again = sign_on.match(db, who(email="nytt.namn@stad.example", verified=False))
    assert again.username == "examinator1"


@pytest.mark.parametrize("identity, message", [
    (who(email="okand@stad.example"), "inte kopplat till något konto"),
    (who(verified=False), "ingen bekräftad e-postadress"),
    (who(email=None), "ingen bekräftad e-postadress"),
])
def test_match_refused_and_nothing_written(db, identity, message):
    before = counts(db)
    with pytest.raises(sign_on.SignOnRefused, match=message):
        sign_on.match(db, identity)
    assert counts(db) == before


def test_match_email_of_two_accounts_refused(db):
    with db.transaction() as con:
        con.execute("UPDATE examiner SET email = 'delad@stad.example' WHERE username IN ('examinator2', 'examinator3')")
    with pytest.raises(sign_on.SignOnRefused, match="flera konton"):
        sign_on.match(db, who(email="delad@stad.example"))


def test_match_account_linked_to_another_identity_refused(db):
    sign_on.match(db, who(subject="first"))
    before = counts(db)
    with pytest.raises(sign_on.SignOnRefused, match="redan kopplat"):
        sign_on.match(db, who(subject="someone-else"))
    assert counts(db) == before


def test_match_deactivated_account_refused_by_email_and_by_subject(db, user):
    sign_on.match(db, who(subject="s2", email="examinator2@kvalitet.example"))
    auth.set_active(db, user("admin"), "examinator2", False)
    with pytest.raises(sign_on.SignOnRefused, match="avstängt"):
        sign_on.match(db, who(subject="s2", email="examinator2@kvalitet.example"))
    auth.set_active(db, user("admin"), "examinator3", False)
    with pytest.raises(sign_on.SignOnRefused, match="avstängt"):
        sign_on.match(db, who(subject="s3", email="examinator3@kvalitet.example"))


def test_match_locked_account_refused_until_unlocked(db, user):
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(db, "examinator4", "fel lösenord")
    with pytest.raises(sign_on.SignOnRefused, match="låst"):
        sign_on.match(db, who(email="examinator4@kvalitet.example"))
    auth.unlock(db, user("admin"), "examinator4")
    assert sign_on.match(db, who(email="examinator4@kvalitet.example")).username == "examinator4"


def test_set_email_lets_the_kansli_sign_on(db, user):
    with pytest.raises(sign_on.SignOnRefused):
        sign_on.match(db, who(email="kansli@stad.example"))
    sign_on.set_email(db, user("admin"), "admin", "kansli@stad.example")
    assert sign_on.match(db, who(email="kansli@stad.example")).role == "admin"


def test_set_email_refuses_bad_address_and_non_admin(db, user):
    with pytest.raises(ValidationError):
        sign_on.set_email(db, user("admin"), "admin", "inte en adress")
    with pytest.raises(AccessDenied):
        sign_on.set_email(db, user("examinator1"), "examinator1", "x@stad.example")


def test_passwords_off_refuses_password_log_in_and_on_again(db, user):
    assert auth.login(db, "examinator5", "demo").username == "examinator5"
    sign_on.set_passwords_enabled(db, user("admin"), False)
    assert not sign_on.passwords_enabled(db)
    with pytest.raises(auth.LoginError, match="lösenord är avstängd"):
        auth.login(db, "examinator5", "demo")
    with db.read() as con:
        assert accounts.get(con, "examinator5")["failed_logins"] == 0   # not counted as a failure
    sign_on.set_passwords_enabled(db, user("admin"), True)
    assert auth.login(db, "examinator5", "demo").username == "examinator5"


def test_set_passwords_enabled_only_by_kansli(db, user):
    with pytest.raises(AccessDenied):
        sign_on.set_passwords_enabled(db, user("kommitte1"), False)
    assert sign_on.passwords_enabled(db)


def test_sign_in_stale_claims_refused_before_any_write(db):
    before = counts(db)
    old = {"iss": ISSUER, "sub": "x", "email": "examinator1@kvalitet.example", "email_verified": True,
           "iat": int(dt.datetime.now().timestamp()) - 3600, "nonce": "n"}
    with pytest.raises(sign_on.Stale):
        sign_on.sign_in(db, old)
    assert counts(db) == before


def _invitation_token(db, user) -> str:
    """Invite examinator2 and send the mail to a real SMTP sink; the link's token."""
    import re

    from scoring.platform import invitations
    from scoring.platform import mail
    from tests.smtp_sink import SmtpServer
    invitations.invite(db, user("admin"), ["examinator2"])
    with SmtpServer() as server:
        mail.deliver(db, mail.config_from_env({"KVALITET_SMTP_URL": server.url,
                                               "KVALITET_MAIL_FROM": "kvalitet@stockholm.example"}))
    message = next(r.message for r in server.received if "Inbjudan" in r.message["Subject"])
    return message, re.search(r"\?inbjudan=([A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content()).group(1)


def test_passwords_off_invitation_says_confirm_and_only_confirms(db, user):
    from scoring.platform import invitations
    sign_on.set_passwords_enabled(db, user("admin"), False)
    message, token = _invitation_token(db, user)
    assert "bekräfta inbjudan" in message.get_body(("plain",)).get_content()
    with pytest.raises(ValidationError, match="lösenord är avstängd"):
        invitations.accept(db, token, "ett-långt-lösenord", "ett-långt-lösenord")
    assert invitations.confirm(db, token).username == "examinator2"
    with pytest.raises(invitations.InvitationError, match="redan använts"):
        invitations.confirm(db, token)
    with db.read() as con:
        assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'confirm_invitation'").fetchone()[0] == 1


def test_cli_sign_on_turns_passwords_off_and_sets_a_match_email(demo_path, capsys):
    from scoring import cli
    from scoring.store import Store
    assert cli.main(["sign-on", "--db", str(demo_path), "--passwords", "off",
                     "--email", "kommitte1", "ordforande@stad.example"]) == 0
    assert "avstängd" in capsys.readouterr().out
    db = Store(demo_path)
    try:
        assert not sign_on.passwords_enabled(db)
        assert sign_on.match(db, who(email="ordforande@stad.example")).username == "kommitte1"
    finally:
        db.close()
