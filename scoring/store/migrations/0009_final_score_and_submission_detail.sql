-- The final score, written once. Every reader of final scores and weighted totals selects from
-- these (results, the committee's ranking, feedback reports, the chair's signature, the archive):
--
--   agreed_score(years) what the team and the committee agreed, per submission and criterion that
--                       has it: the site visit's score where the visit adjusted it, else the score
--                       of a consensus marked done. source_rank 0 site visit, 1 consensus.
--   final_score(years)  one row per submission and criterion of the cycles in the list `years`:
--                       the agreed score, else the mean of the team's submitted individual
--                       scores (assigned examiners only). source_rank says which:
--                       0 site visit, 1 consensus, 2 individual mean, 3 missing (score null).
--                       scoring.store.results names the ranks (SOURCES).
--   final_total(years)  the one aggregator: per submission the weighted total of its final scores
--                       (null unless every criterion has one), criteria_scored, the weakest
--                       source_rank, site_visit (any criterion adjusted) and min_criterion.
--
-- They are table macros rather than views so that the cycle filter is applied before the
-- averages are taken: a view over every cycle would average every cycle's scores to read one.
-- CREATE OR REPLACE: re-creatable on an existing database, and a restore (scoring/store/backup.py)
-- builds them from this file, never from a backup.

CREATE OR REPLACE MACRO agreed_score(years) AS TABLE
WITH subs AS (SELECT id FROM submission WHERE list_contains(years, cycle)),
visit AS (
    SELECT vs.submission_id, vs.criterion, vs.score
    FROM site_visit_score vs JOIN subs ON subs.id = vs.submission_id
    JOIN site_visit v ON v.submission_id = vs.submission_id),
cons AS (
    SELECT cs.submission_id, cs.criterion, cs.score
    FROM consensus_score cs JOIN subs ON subs.id = cs.submission_id
    JOIN consensus k ON k.submission_id = cs.submission_id
    WHERE k.status = 'done' AND cs.score IS NOT NULL)
SELECT submission_id, criterion, CAST(coalesce(visit.score, cons.score) AS DOUBLE) AS score,
    CASE WHEN visit.score IS NOT NULL THEN 0 ELSE 1 END AS source_rank
FROM visit FULL OUTER JOIN cons USING (submission_id, criterion);

CREATE OR REPLACE MACRO final_score(years) AS TABLE
WITH subs AS (SELECT id, cycle, class_code FROM submission WHERE list_contains(years, cycle)),
crit AS (SELECT cycle, number, weight FROM criterion WHERE list_contains(years, cycle)),
agreed AS (SELECT * FROM agreed_score(years)),
indiv AS (
    SELECT sc.submission_id, sc.criterion, avg(sc.score) AS mean
    FROM score sc
    JOIN subs ON subs.id = sc.submission_id
    JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner
    JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner
    WHERE x.status = 'submitted' AND sc.score IS NOT NULL
    GROUP BY sc.submission_id, sc.criterion)
SELECT subs.id AS submission_id, subs.cycle, subs.class_code, crit.number AS criterion, crit.weight,
    CAST(coalesce(agreed.score, indiv.mean) AS DOUBLE) AS score,
    coalesce(agreed.source_rank, CASE WHEN indiv.mean IS NOT NULL THEN 2 ELSE 3 END) AS source_rank
FROM subs JOIN crit ON crit.cycle = subs.cycle
LEFT JOIN agreed ON agreed.submission_id = subs.id AND agreed.criterion = crit.number
LEFT JOIN indiv ON indiv.submission_id = subs.id AND indiv.criterion = crit.number;

CREATE OR REPLACE MACRO final_total(years) AS TABLE
SELECT submission_id, cycle, class_code,
    CASE WHEN count(score) = count(*) THEN sum(score * weight) / sum(weight) END AS total,
    CAST(count(score) AS INTEGER) AS criteria_scored,
    max(source_rank) AS source_rank,
    bool_or(source_rank = 0) AS site_visit,
    min(score) AS min_criterion
FROM final_score(years)
GROUP BY submission_id, cycle, class_code;

-- A submission with its unit, förvaltning and class: the join most store queries repeat.
CREATE OR REPLACE VIEW submission_detail AS
SELECT s.id AS submission_id, s.cycle, u.id AS unit_id, u.name AS unit_name, u.organisation_id,
    o.name AS organisation, s.class_code, c.name AS class_name, c.position AS class_position
FROM submission s
JOIN unit u ON u.id = s.unit_id
JOIN organisation o ON o.id = u.organisation_id
JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code;
