-- The metering store: EndDeviceEvents (written before they are published on a stream) and the
-- outbox of asynchronous replies (written before they are delivered). Times are UTC ticks
-- (100 ns since 0001-01-01), exact to what DateTimeOffset holds, so range queries use the indexes.

CREATE TABLE IF NOT EXISTS metering_event
(
    event_id   TEXT    NOT NULL PRIMARY KEY,
    device_id  TEXT    NOT NULL,
    event_type TEXT    NOT NULL,
    created_ticks INTEGER NOT NULL,
    body       TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_metering_event_device_time ON metering_event (device_id, created_ticks);
CREATE INDEX IF NOT EXISTS ix_metering_event_time ON metering_event (created_ticks);

CREATE TABLE IF NOT EXISTS metering_outbox
(
    id              TEXT    NOT NULL PRIMARY KEY,
    address         TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ticks INTEGER NOT NULL,
    created_ticks      INTEGER NOT NULL,
    delivered_ticks    INTEGER NULL,
    last_error      TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_metering_outbox_due ON metering_outbox (next_attempt_ticks) WHERE delivered_ticks IS NULL;
