"""Session-state keys, in one place so pages never disagree about a name."""
USER = "user"
LAST_ACTIVE = "last_active"
FLASH = "flash"                # a message to show once after a rerun
CYCLE = "cycle_year"
WEB_TOKEN = "web_token"        # this log-in's token (scoring.platform.web_sessions), also kept in the browser's cookie
COOKIE_PENDING = "cookie_pending"  # "set" after log-in, "clear" after log-out: the browser is told once
LOGIN_USERNAME = "login_username"  # the log-in form's fields, read by its button's callback
LOGIN_PASSWORD = "login_password"
LOGIN_REFUSED = "login_refused"    # the log-in's refusal, shown once under the form
RUNS = "script_runs"               # this session's script runs (tests count the runs per log-in and per save)


def version_key(submission_id: int) -> str:
    """The assessment version this browser session last loaded or saved."""
    return f"assessment_version_{submission_id}"


def field_key(submission_id: int, criterion: int, field: str) -> str:
    return f"assessment_{submission_id}_{criterion}_{field}"


def working_copy_key(submission_id: int) -> str:
    """What the examiner has typed for each criterion of a submission, kept while they move between criteria."""
    return f"assessment_working_copy_{submission_id}"


def criterion_key(submission_id: int) -> str:
    """The criterion the scoring form shows."""
    return f"assessment_criterion_{submission_id}"
