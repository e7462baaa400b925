-- Reply outbox: leases, dead letters and retention (the same change as PostgreSQL's
-- 010-metering-outbox-leases.sql). The embedded database has one silo, whose claims run in one
-- write transaction (BEGIN IMMEDIATE); the lease columns keep the semantics the same as in a cluster.

ALTER TABLE metering_outbox ADD COLUMN lease_owner         TEXT    NULL;
ALTER TABLE metering_outbox ADD COLUMN lease_until_ticks   INTEGER NULL;
ALTER TABLE metering_outbox ADD COLUMN failing_since_ticks INTEGER NULL;
ALTER TABLE metering_outbox ADD COLUMN dead_ticks          INTEGER NULL;

DROP INDEX IF EXISTS ix_metering_outbox_due;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_pending_due ON metering_outbox (next_attempt_ticks)
    WHERE delivered_ticks IS NULL AND dead_ticks IS NULL;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_pending_receiver ON metering_outbox (address, created_ticks, id)
    WHERE delivered_ticks IS NULL AND dead_ticks IS NULL;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_delivered ON metering_outbox (delivered_ticks) WHERE delivered_ticks IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_dead ON metering_outbox (dead_ticks) WHERE dead_ticks IS NOT NULL;
