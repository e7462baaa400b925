-- An event's mRID is unique only within its device: one EndDeviceControl (one mRID) addressed to
-- several EndDevices ends in one outcome event per device, and head-ends number events per device.
-- The key becomes (device_id, event_id).

ALTER TABLE metering_event DROP CONSTRAINT IF EXISTS metering_event_pkey;
ALTER TABLE metering_event ADD CONSTRAINT metering_event_pkey PRIMARY KEY (device_id, event_id);
