-- Cached answers that carry names are keyed by how many erasures have committed. The latest
-- erased_at (migration 005) is a transaction's start time: an erasure that began before another
-- and committed after it left that key unchanged, and an answer computed in between kept the name.
-- This counter moves in each erasure's own statement, under its row lock, so erasures move it in
-- the order they commit.
CREATE TABLE person_erasures (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  erasures bigint NOT NULL
);
INSERT INTO person_erasures (erasures) SELECT count(*) FROM person_registry WHERE erased_at IS NOT NULL;
