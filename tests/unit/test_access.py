"""The refusal messages of scoring.platform.access read as Swedish (issue 13.13: no doubled parentheses)."""
import pytest

from scoring.platform.access import ROLES, AccessDenied, User, require_role


@pytest.mark.parametrize("role", ROLES)
def test_require_role_names_the_role_without_doubled_parentheses(role):
    other = next(r for r in ROLES if r != role)
    with pytest.raises(AccessDenied) as refused:
        require_role(User("x", "X", role), other)
    message = str(refused.value)
    assert message.startswith("Din roll som ")
    assert "((" not in message and "))" not in message and ") (" not in message
    if role == "chair":
        assert message.startswith("Din roll som stadsdirektör (ordförande) får inte göra detta.")
