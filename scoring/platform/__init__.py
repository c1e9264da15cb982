"""Under every stage: roles and access, log-in and sessions, audit, backup, settings, mail."""
