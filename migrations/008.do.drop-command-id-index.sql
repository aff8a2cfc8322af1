-- The commandId expression index of 002 answered no query: a repeated commandId is found by the
-- ids of the events it recorded (events_event_id_key), which are derived from the caller's
-- university, the stream and the commandId, so a key is looked up within the caller's namespace
-- only. Every append still paid for this index (the recorder stores `commandId` in every event's
-- metadata, null or not).
DROP INDEX IF EXISTS events_command_id;
