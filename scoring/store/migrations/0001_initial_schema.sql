-- The award's data model. Totals, ranks and progress are derived when read;
-- they are never stored (only a signed committee decision freezes results).
-- Foreign keys are checked in the domain layer: DuckDB's FK checks block the
-- in-place updates our upserts need.

CREATE TABLE cycle (
    year                    INTEGER PRIMARY KEY,
    title                   VARCHAR NOT NULL,
    phase                   VARCHAR NOT NULL DEFAULT 'registration'
        CHECK (phase IN ('registration', 'assessment', 'consensus', 'site_visit', 'decision', 'closed')),
    approval_deadline       DATE NOT NULL,
    submission_deadline     DATE NOT NULL,
    assessment_deadline     DATE,
    consensus_deadline      DATE,
    decision_date           DATE,
    ceremony_date           DATE NOT NULL,
    ceremony_place          VARCHAR NOT NULL,
    chair_title             VARCHAR NOT NULL DEFAULT 'Stadsdirektör',
    logo_path               VARCHAR,
    scale_min               INTEGER NOT NULL,
    scale_max               INTEGER NOT NULL,
    scale_step              INTEGER NOT NULL,
    disagreement_threshold  INTEGER NOT NULL DEFAULT 30,
    created_at              TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE competition_class (
    cycle         INTEGER NOT NULL,
    code          VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    prize_amount  INTEGER,
    presenter     VARCHAR,
    PRIMARY KEY (cycle, code)
);

CREATE TABLE criterion (
    cycle        INTEGER NOT NULL,
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 5),
    title        VARCHAR NOT NULL,
    description  VARCHAR NOT NULL,
    guidance     VARCHAR[] NOT NULL,
    weight       DOUBLE NOT NULL CHECK (weight > 0),
    PRIMARY KEY (cycle, number)
);

CREATE TABLE scale_band (
    cycle       INTEGER NOT NULL,
    low         INTEGER NOT NULL,
    high        INTEGER NOT NULL,
    descriptor  VARCHAR NOT NULL,
    PRIMARY KEY (cycle, low)
);

CREATE SEQUENCE organisation_id START 1;
CREATE TABLE organisation (
    id     INTEGER PRIMARY KEY DEFAULT nextval('organisation_id'),
    name   VARCHAR NOT NULL UNIQUE,
    kind   VARCHAR NOT NULL CHECK (kind IN ('förvaltning', 'bolag')),
    board  VARCHAR NOT NULL               -- nämnd or styrelse that approves participation
);

CREATE TABLE participation_target (
    cycle            INTEGER NOT NULL,
    organisation_id  INTEGER NOT NULL,
    target           INTEGER NOT NULL CHECK (target >= 0),
    PRIMARY KEY (cycle, organisation_id)
);

CREATE TABLE unit (
    id                            VARCHAR PRIMARY KEY,
    name                          VARCHAR NOT NULL,
    organisation_id               INTEGER NOT NULL,
    manager_budget_responsibility BOOLEAN NOT NULL DEFAULT true,
    manager_staff_responsibility  BOOLEAN NOT NULL DEFAULT true,
    has_plan_with_goals           BOOLEAN NOT NULL DEFAULT true,
    employees                     INTEGER NOT NULL DEFAULT 5,
    operator_type                 VARCHAR NOT NULL DEFAULT 'kommunal'
        CHECK (operator_type IN ('kommunal', 'bolag', 'enskilt driven')),
    stockholm_share               DOUBLE,
    budget_kept                   BOOLEAN
);

CREATE SEQUENCE board_decision_id START 1;
CREATE TABLE board_decision (
    id                    INTEGER PRIMARY KEY DEFAULT nextval('board_decision_id'),
    cycle                 INTEGER NOT NULL,
    organisation_id       INTEGER NOT NULL,
    decided_on            DATE NOT NULL,
    protocol_ref          VARCHAR NOT NULL,
    protocol_received_on  DATE
);

-- One unit's participation in one cycle: registration, class and the written submission.
CREATE SEQUENCE submission_id START 1;
CREATE TABLE submission (
    id                         INTEGER PRIMARY KEY DEFAULT nextval('submission_id'),
    cycle                      INTEGER NOT NULL,
    unit_id                    VARCHAR NOT NULL,
    class_code                 VARCHAR NOT NULL,
    registration_status        VARCHAR NOT NULL DEFAULT 'registered'
        CHECK (registration_status IN ('registered', 'board_decided', 'protocol_received')),
    registered_on              DATE NOT NULL DEFAULT current_date,
    board_decision_id          INTEGER,
    eligibility_override       VARCHAR,      -- the admin's reason for entering an ineligible unit
    text                       VARCHAR NOT NULL DEFAULT '',
    consensus_opened_by_admin  BOOLEAN NOT NULL DEFAULT false,
    UNIQUE (cycle, unit_id)
);

CREATE TABLE submission_document (
    submission_id  INTEGER PRIMARY KEY,
    filename       VARCHAR NOT NULL,
    size_bytes     BIGINT NOT NULL,
    sha256         VARCHAR NOT NULL,
    content        BLOB NOT NULL,
    uploaded_by    VARCHAR NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE account (
    username         VARCHAR PRIMARY KEY,
    display_name     VARCHAR NOT NULL,
    role             VARCHAR NOT NULL CHECK (role IN ('admin', 'examiner', 'lead', 'committee', 'chair')),
    password_hash    VARCHAR NOT NULL,
    organisation_id  INTEGER,               -- for conflict of interest (jäv)
    is_demo          BOOLEAN NOT NULL DEFAULT false,
    active           BOOLEAN NOT NULL DEFAULT true,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE examiner (
    username       VARCHAR PRIMARY KEY,
    training_year  INTEGER,
    capacity       INTEGER NOT NULL DEFAULT 8 CHECK (capacity >= 0),
    classes        VARCHAR[] NOT NULL DEFAULT [],   -- class codes the examiner has experience of
    email          VARCHAR
);

-- An examiner's place on the team for one submission; exactly one member leads.
CREATE TABLE assignment (
    submission_id  INTEGER NOT NULL,
    examiner       VARCHAR NOT NULL,
    is_lead        BOOLEAN NOT NULL DEFAULT false,
    assigned_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (submission_id, examiner)
);

CREATE TABLE conflict_declaration (
    examiner     VARCHAR NOT NULL,
    unit_id      VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    declared_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (examiner, unit_id)
);

-- One examiner's independent assessment of one submission. `version` grows on
-- every save so that a stale browser tab cannot overwrite a newer save.
CREATE TABLE assessment (
    submission_id  INTEGER NOT NULL,
    examiner       VARCHAR NOT NULL,
    status         VARCHAR NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'draft', 'submitted')),
    version        INTEGER NOT NULL DEFAULT 0,
    updated_at     TIMESTAMP,
    submitted_at   TIMESTAMP,
    PRIMARY KEY (submission_id, examiner)
);

CREATE TABLE score (
    submission_id  INTEGER NOT NULL,
    examiner       VARCHAR NOT NULL,
    criterion      INTEGER NOT NULL,
    score          INTEGER,
    strengths      VARCHAR NOT NULL DEFAULT '',
    improvements   VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, examiner, criterion)
);

CREATE TABLE consensus (
    submission_id  INTEGER PRIMARY KEY,
    status         VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    version        INTEGER NOT NULL DEFAULT 0,
    done_by        VARCHAR,
    done_at        TIMESTAMP
);

CREATE TABLE consensus_score (
    submission_id  INTEGER NOT NULL,
    criterion      INTEGER NOT NULL,
    score          INTEGER,
    strengths      VARCHAR NOT NULL DEFAULT '',
    improvements   VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, criterion)
);

CREATE TABLE site_visit (
    submission_id  INTEGER PRIMARY KEY,
    selected_by    VARCHAR NOT NULL,
    selected_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    visit_date     DATE,
    visitors       VARCHAR NOT NULL DEFAULT '',
    notes          VARCHAR NOT NULL DEFAULT ''
);

CREATE TABLE site_visit_score (
    submission_id  INTEGER NOT NULL,
    criterion      INTEGER NOT NULL,
    score          INTEGER NOT NULL,
    reason         VARCHAR NOT NULL,
    PRIMARY KEY (submission_id, criterion)
);

-- The committee's proposal per class, and the units it awards.
CREATE TABLE class_decision (
    cycle       INTEGER NOT NULL,
    class_code  VARCHAR NOT NULL,
    motivation  VARCHAR NOT NULL DEFAULT '',
    no_winner   BOOLEAN NOT NULL DEFAULT false,
    updated_by  VARCHAR,
    updated_at  TIMESTAMP,
    PRIMARY KEY (cycle, class_code)
);

CREATE TABLE award (
    cycle          INTEGER NOT NULL,
    class_code     VARCHAR NOT NULL,
    submission_id  INTEGER NOT NULL,
    kind           VARCHAR NOT NULL CHECK (kind IN ('winner', 'honourable')),
    motivation     VARCHAR NOT NULL,
    prize_amount   INTEGER,
    final_total    DOUBLE,                  -- frozen when the chair signs
    PRIMARY KEY (cycle, submission_id)
);

CREATE TABLE decision_signature (
    cycle      INTEGER PRIMARY KEY,
    status     VARCHAR NOT NULL CHECK (status IN ('signed', 'reopened')),
    signed_by  VARCHAR NOT NULL,
    signed_at  TIMESTAMP NOT NULL
);

CREATE SEQUENCE decision_reopening_id START 1;
CREATE TABLE decision_reopening (
    id           INTEGER PRIMARY KEY DEFAULT nextval('decision_reopening_id'),
    cycle        INTEGER NOT NULL,
    reopened_by  VARCHAR NOT NULL,
    reopened_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    reason       VARCHAR NOT NULL
);

-- Append-only: the app inserts here and never updates or deletes.
CREATE SEQUENCE audit_id START 1;
CREATE TABLE audit_log (
    id          BIGINT PRIMARY KEY DEFAULT nextval('audit_id'),
    logged_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor       VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,
    entity      VARCHAR NOT NULL,
    entity_key  VARCHAR NOT NULL,
    old_value   VARCHAR,                    -- JSON text
    new_value   VARCHAR                     -- JSON text
);

CREATE INDEX assignment_examiner ON assignment (examiner);
CREATE INDEX submission_cycle ON submission (cycle, class_code);
CREATE INDEX audit_logged_at ON audit_log (logged_at);
