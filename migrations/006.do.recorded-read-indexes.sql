-- An as-of view reads one university's events of a few types recorded by an instant
-- (readRecorded): without these it scans the whole log (1.2 s on the 4.8M-event Beijing store).
-- The university's events of the types asked for, in log order:
CREATE INDEX events_university_type ON events (university_id, type, global_position);
-- The streams every university shares, found by the prefix of their ids (LIKE 'policy%',
-- 'training-session-%'): pattern_ops because only a C collation lets the plain index serve LIKE.
CREATE INDEX events_stream_prefix ON events (stream_id text_pattern_ops);
