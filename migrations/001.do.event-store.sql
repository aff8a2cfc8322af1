-- The append-only event store: one row per event, one row per stream.
CREATE TABLE streams (
  stream_id     text PRIMARY KEY,
  version       bigint NOT NULL,
  university_id text,
  last_hash     text NOT NULL
);

CREATE TABLE events (
  global_position bigserial PRIMARY KEY,
  -- Commit-safe order: readers take (transaction_id, global_position) below the oldest open
  -- transaction, so an event whose transaction commits late is never skipped.
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  version         bigint NOT NULL,
  type            text NOT NULL,
  schema_version  integer NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  university_id   text,
  hash            text NOT NULL,
  previous_hash   text,
  CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

CREATE INDEX events_commit_order ON events (transaction_id, global_position);
CREATE INDEX events_university_recorded ON events (university_id, recorded_at);

-- Where each subscriber has got to in the commit-ordered log.
CREATE TABLE checkpoints (
  consumer   text PRIMARY KEY,
  position   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
