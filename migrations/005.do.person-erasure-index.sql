-- Cached answers carry names: the latest erasure is part of their key, found at once by this index.
CREATE INDEX person_registry_erased ON person_registry (erased_at);
