-- Reply outbox: one delivery per reply in a cluster. A silo leases the due rows it delivers
-- (lease_owner, lease_until_ticks: taken under FOR UPDATE SKIP LOCKED, so two silos never hold one
-- row); only the holder records the attempt, and a silo that dies loses its lease when it expires.
-- failing_since_ticks: first failed attempt since the reply was queued or re-queued; a reply that
-- keeps failing for Metering:Gateway:DeadLetterAfter gets dead_ticks and is not attempted again
-- until an operator re-queues it. Delivered rows are deleted after DeliveredRetention. Times are
-- UTC ticks like the other outbox columns.

ALTER TABLE metering_outbox ADD COLUMN IF NOT EXISTS lease_owner         text   NULL;
ALTER TABLE metering_outbox ADD COLUMN IF NOT EXISTS lease_until_ticks   bigint NULL;
ALTER TABLE metering_outbox ADD COLUMN IF NOT EXISTS failing_since_ticks bigint NULL;
ALTER TABLE metering_outbox ADD COLUMN IF NOT EXISTS dead_ticks          bigint NULL;

-- Pending rows (neither delivered nor dead): due rows for a claim, and a receiver's rows in
-- order, which a claim looks at to keep one receiver's replies in order.
DROP INDEX IF EXISTS ix_metering_outbox_due;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_pending_due ON metering_outbox (next_attempt_ticks)
    WHERE delivered_ticks IS NULL AND dead_ticks IS NULL;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_pending_receiver ON metering_outbox (address, created_ticks, id)
    WHERE delivered_ticks IS NULL AND dead_ticks IS NULL;

-- The retention sweep and the dead-letter list.
CREATE INDEX IF NOT EXISTS ix_metering_outbox_delivered ON metering_outbox (delivered_ticks) WHERE delivered_ticks IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_metering_outbox_dead ON metering_outbox (dead_ticks) WHERE dead_ticks IS NOT NULL;
