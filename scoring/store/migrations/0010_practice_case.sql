-- The examiners' practice case (övningsfall, issue 18): a fictional submission every examiner scores before
-- the real work, with the kansli's reference scores. Its attempts live in their OWN tables, never in
-- assessment/score, so no reader of scores (final_score, ranks, feedback reports, ceremony, archive) can
-- pick them up by accident.

CREATE TABLE practice_case (
    cycle         INTEGER PRIMARY KEY,
    title         VARCHAR NOT NULL,
    text          VARCHAR NOT NULL,
    filename      VARCHAR,
    document      BLOB,
    source_cycle  INTEGER,                        -- the earlier cycle whose case was reused, if any
    lock_real     BOOLEAN NOT NULL DEFAULT false, -- real assignments wait until the practice case is submitted
    threshold     INTEGER NOT NULL DEFAULT 15,    -- a mean absolute deviation above this is flagged
    locked_at     TIMESTAMP,                      -- the reference is locked; the exercise is open
    locked_by     VARCHAR,
    updated_by    VARCHAR NOT NULL,
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE practice_reference (
    cycle      INTEGER NOT NULL,
    criterion  INTEGER NOT NULL,
    score      INTEGER NOT NULL,
    rationale  VARCHAR NOT NULL,
    set_by     VARCHAR NOT NULL,
    PRIMARY KEY (cycle, criterion)
);

-- One row per attempt: a re-score the kansli asks for is a new attempt beside the old.
CREATE TABLE practice_attempt (
    cycle         INTEGER NOT NULL,
    examiner      VARCHAR NOT NULL,
    attempt       INTEGER NOT NULL,
    status        VARCHAR NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    version       INTEGER NOT NULL DEFAULT 0,
    requested_by  VARCHAR,                        -- the kansli who asked for this re-score
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    submitted_at  TIMESTAMP,
    PRIMARY KEY (cycle, examiner, attempt)
);

CREATE TABLE practice_score (
    cycle         INTEGER NOT NULL,
    examiner      VARCHAR NOT NULL,
    attempt       INTEGER NOT NULL,
    criterion     INTEGER NOT NULL,
    score         INTEGER,
    strengths     VARCHAR NOT NULL DEFAULT '',
    improvements  VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (cycle, examiner, attempt, criterion)
);

-- Named senior examiners who may set the reference with the kansli (before it is locked).
CREATE TABLE practice_referee (
    cycle     INTEGER NOT NULL,
    examiner  VARCHAR NOT NULL,
    PRIMARY KEY (cycle, examiner)
);
