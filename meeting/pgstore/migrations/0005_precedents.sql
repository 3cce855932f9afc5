-- Schema 5: indexes for 同类事项 (Precedents) at the size of a busy office's decade
-- (issue #16's benchmark: 50,000 cases, 148,500 follow-up items). Precedents reads
-- every case of a category, newest first, with its search text (the title is its
-- first line), and asks of each whether it has items still followed. Without these
-- it read the cases' rows (records and all) and sorted them, then looked up each
-- case's items in the table: 120 ms; with them both come from indexes alone.
--
-- cases_precedents has the keys of cases_category and serves its lists as well.
CREATE INDEX cases_precedents ON cases (category, received DESC, id DESC) INCLUDE (search);
DROP INDEX cases_category;

CREATE INDEX followups_followed ON followups (case_id) WHERE NOT superseded;
