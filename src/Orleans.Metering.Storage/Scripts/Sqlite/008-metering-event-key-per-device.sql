-- An event's mRID is unique only within its device: one EndDeviceControl (one mRID) addressed to
-- several EndDevices ends in one outcome event per device, and head-ends number events per device.
-- The key becomes (device_id, event_id); SQLite cannot change a primary key in place, so the table
-- is rebuilt with its rows.

CREATE TABLE metering_event_by_device
(
    device_id  TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    event_type TEXT    NOT NULL,
    created_ticks INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (device_id, event_id)
) WITHOUT ROWID;

INSERT INTO metering_event_by_device (device_id, event_id, event_type, created_ticks, body)
SELECT device_id, event_id, event_type, created_ticks, body FROM metering_event;

DROP TABLE metering_event;
ALTER TABLE metering_event_by_device RENAME TO metering_event;

CREATE INDEX ix_metering_event_device_time ON metering_event (device_id, created_ticks);
CREATE INDEX ix_metering_event_time ON metering_event (created_ticks);
