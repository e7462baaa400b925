-- Grain states (Orleans binary, a few KB for a device with its recent controls) stay inline in the
-- row, uncompressed, up to the page size: every control rewrites its device's state twice, and
-- compressing it into the TOAST table on each write cost PostgreSQL more CPU than the write itself.
-- Free space left in each page lets the rewrite be a HOT update (no primary-key index entry).
-- fillfactor applies to pages written from now on.
ALTER TABLE orleans_grain_state SET (toast_tuple_target = 8160, fillfactor = 70);
