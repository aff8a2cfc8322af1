-- A repeated commandId finds what the first call recorded (the idempotency key of every mutation).
CREATE INDEX events_command_id ON events ((metadata->>'commandId')) WHERE metadata ? 'commandId';
