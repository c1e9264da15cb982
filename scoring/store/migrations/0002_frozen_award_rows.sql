-- What the chair's signature freezes: every printed fact of a class's decision and of each award,
-- copied from the live tables when the chair signs and removed when the decisions are reopened.
-- The signed winner list, diplomas and programme are read from here, so a unit or class renamed
-- after signing (e.g. by import) leaves them unchanged; the difference is shown beside them.

CREATE TABLE signed_class (
    cycle       INTEGER NOT NULL,
    class_code  VARCHAR NOT NULL,
    class_name  VARCHAR NOT NULL,
    motivation  VARCHAR NOT NULL,
    no_winner   BOOLEAN NOT NULL,
    PRIMARY KEY (cycle, class_code)
);

CREATE TABLE signed_award (
    cycle          INTEGER NOT NULL,
    class_code     VARCHAR NOT NULL,
    submission_id  INTEGER NOT NULL,
    kind           VARCHAR NOT NULL CHECK (kind IN ('winner', 'honourable')),
    motivation     VARCHAR NOT NULL,
    prize_amount   INTEGER,
    final_total    DOUBLE,
    unit_id        VARCHAR NOT NULL,
    unit_name      VARCHAR NOT NULL,
    organisation   VARCHAR NOT NULL,
    PRIMARY KEY (cycle, submission_id)
);

-- Decisions signed before this migration: freeze them as they stand now.
INSERT INTO signed_class (cycle, class_code, class_name, motivation, no_winner)
SELECT d.cycle, d.class_code, c.name, d.motivation, d.no_winner
FROM class_decision d
JOIN competition_class c ON c.cycle = d.cycle AND c.code = d.class_code
JOIN decision_signature ds ON ds.cycle = d.cycle AND ds.status = 'signed';

INSERT INTO signed_award (cycle, class_code, submission_id, kind, motivation, prize_amount, final_total,
                          unit_id, unit_name, organisation)
SELECT aw.cycle, aw.class_code, aw.submission_id, aw.kind, aw.motivation, aw.prize_amount, aw.final_total,
       u.id, u.name, o.name
FROM award aw
JOIN decision_signature ds ON ds.cycle = aw.cycle AND ds.status = 'signed'
JOIN submission s ON s.id = aw.submission_id
JOIN unit u ON u.id = s.unit_id
JOIN organisation o ON o.id = u.organisation_id;
