-- City sign-on (OIDC): an account is matched by its verified e-mail the first time, and by the provider's
-- subject (issuer + sub) from then on. Also a sign-on e-mail for accounts that have no examiner e-mail
-- (the kansli, the committee), and the installation's settings (e.g. passwords turned off).

CREATE TABLE account_sign_on (
    username   VARCHAR PRIMARY KEY,           -- the account (roles always come from the account, never the provider)
    email      VARCHAR,                       -- matched against the verified e-mail claim; examiner.email otherwise
    issuer     VARCHAR,                       -- set together with subject at the first matched sign-on
    subject    VARCHAR,
    linked_at  TIMESTAMP,
    UNIQUE (issuer, subject)
);

CREATE TABLE installation_setting (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
