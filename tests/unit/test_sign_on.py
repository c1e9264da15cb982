"""The pure half of city sign-on: reading the provider's claims, and a sign-on counting once and only fresh."""
import time

import pytest

from scoring.platform import sign_on


def claims(**extra):
    return {"iss": "https://login.example/tenant/v2.0", "sub": "abc123", "email": "Anna@Stad.example",
            "email_verified": True, "iat": int(time.time()), "nonce": f"n-{time.monotonic_ns()}", **extra}


def test_identity_reads_issuer_subject_and_verified_email():
    who = sign_on.identity(claims())
    assert (who.issuer, who.subject, who.email, who.email_verified) == (
        "https://login.example/tenant/v2.0", "abc123", "Anna@Stad.example", True)


@pytest.mark.parametrize("flag", [False, None, "false", 1, "yes"])
def test_identity_email_unverified_unless_the_provider_says_true(flag):
    assert sign_on.identity(claims(email_verified=flag)).email_verified is False


def test_identity_entra_domain_owner_verified_counts_as_verified():
    who = sign_on.identity(claims(email_verified=None, xms_edov="true"))
    assert who.email_verified is True


@pytest.mark.parametrize("missing", ["iss", "sub"])
def test_identity_without_issuer_or_subject_refused(missing):
    given = claims()
    del given[missing]
    with pytest.raises(sign_on.SignOnRefused, match="saknar uppgifter"):
        sign_on.identity(given)


def test_claim_fresh_once_then_stale():
    given = claims()
    sign_on.claim_fresh(given)
    with pytest.raises(sign_on.Stale):      # Streamlit's remembered identity cookie, seen again
        sign_on.claim_fresh(given)


def test_claim_fresh_old_token_is_stale():
    with pytest.raises(sign_on.Stale):
        sign_on.claim_fresh(claims(iat=int(time.time()) - sign_on.FRESH_SECONDS - 5))


@pytest.mark.parametrize("bad", [{"iat": None}, {"iat": "now"}, {"iat": True}, {"nonce": None}, {"nonce": ""}])
def test_claim_fresh_without_time_or_nonce_is_stale(bad):
    with pytest.raises(sign_on.Stale):
        sign_on.claim_fresh(claims(**bad))
