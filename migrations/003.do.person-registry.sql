-- Personal data lives here, never in events: erasing a person blanks the row and leaves the
-- event history and its hashes intact.
CREATE TABLE person_registry (
  person_id     text PRIMARY KEY,
  university_id text NOT NULL,
  name          text,
  registered_at timestamptz NOT NULL DEFAULT now(),
  erased_at     timestamptz,
  erased_by     text
);
CREATE INDEX person_registry_university ON person_registry (university_id);
