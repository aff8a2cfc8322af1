-- What each generation of a projection last changed, university by university: a stamp moves
-- whenever a batch applies events of that university ('*': events recorded for no university,
-- which may change any university's rows). An answer about one university is shared until its
-- stamps move, not until anything anywhere is written (read-models.ts `answer`).
CREATE SEQUENCE projection_change_stamps;
CREATE TABLE projection_university_changes (
  name          text NOT NULL,
  generation    integer NOT NULL,
  university_id text NOT NULL,
  stamp         bigint NOT NULL,
  PRIMARY KEY (name, generation, university_id)
);
-- The answers' lookup: one university (and '*') across the live generations.
CREATE INDEX projection_university_changes_by_university ON projection_university_changes (university_id);
