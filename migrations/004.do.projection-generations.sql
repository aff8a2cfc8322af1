-- Every projection builds into generations of tables (suffix _g<generation>). Queries read the LIVE
-- one; a rebuild fills a BUILDING one beside it and the switch is one UPDATE pair in one transaction.
CREATE TABLE projection_generations (
  name            text NOT NULL,
  generation      integer NOT NULL,
  version         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('BUILDING', 'LIVE', 'RETIRED')),
  cursor          text NOT NULL DEFAULT '0:0',
  position        bigint NOT NULL DEFAULT 0,
  policy_version  text,
  error           text,
  failed_position bigint,
  started_at      timestamptz NOT NULL DEFAULT now(),
  live_at         timestamptz,
  retired_at      timestamptz,
  dropped_at      timestamptz,
  PRIMARY KEY (name, generation)
);
CREATE UNIQUE INDEX projection_generations_one_live ON projection_generations (name) WHERE status = 'LIVE';
