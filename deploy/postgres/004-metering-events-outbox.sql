-- The metering store: EndDeviceEvents (written before they are published on a stream) and the
-- outbox of asynchronous replies (written before they are delivered). Times are UTC ticks
-- (100 ns since 0001-01-01, bigint), exact to what DateTimeOffset holds: timestamptz keeps only
-- microseconds. metering_ticks_to_timestamptz(ticks) shows a tick value as a readable time.
-- Identifiers compare and sort byte-wise (COLLATE "C"), as .NET ordinal comparison does.

CREATE OR REPLACE FUNCTION metering_ticks(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM t) * 10000000)::bigint + 621355968000000000 $$;

CREATE OR REPLACE FUNCTION metering_ticks_to_timestamptz(ticks bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT to_timestamp((ticks - 621355968000000000) / 10000000.0) $$;

CREATE TABLE IF NOT EXISTS metering_event
(
    event_id      text COLLATE "C" NOT NULL PRIMARY KEY,
    device_id     text COLLATE "C" NOT NULL,
    event_type    text COLLATE "C" NOT NULL,
    created_ticks bigint NOT NULL,
    body          jsonb  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_metering_event_device_time ON metering_event (device_id, created_ticks);
CREATE INDEX IF NOT EXISTS ix_metering_event_time ON metering_event (created_ticks);

CREATE TABLE IF NOT EXISTS metering_outbox
(
    id                 text COLLATE "C" NOT NULL PRIMARY KEY,
    address            text    NOT NULL,
    kind               text    NOT NULL,
    body               text    NOT NULL,
    attempts           integer NOT NULL DEFAULT 0,
    next_attempt_ticks bigint  NOT NULL,
    created_ticks      bigint  NOT NULL,
    delivered_ticks    bigint  NULL,
    last_error         text    NULL
);

CREATE INDEX IF NOT EXISTS ix_metering_outbox_due ON metering_outbox (next_attempt_ticks) WHERE delivered_ticks IS NULL;
