-- Orleans ADO.NET reminders (invariant Npgsql) for PostgreSQL, written for the provider's query
-- contract (Microsoft.Orleans.Reminders.AdoNet 10.4.2): the provider loads every row of
-- OrleansQuery, requires UpsertReminderRowKey, ReadReminderRowsKey, ReadReminderRowKey,
-- ReadRangeRows1Key, ReadRangeRows2Key, DeleteReminderRowKey and DeleteReminderRowsKey, binds
-- @ServiceId, @GrainId (GrainId.ToString()), @ReminderName, @GrainHash (the grain's uniform hash as
-- a signed int), @StartTime (UTC), @Period (milliseconds, int or bigint), @Version, @BeginHash and
-- @EndHash, and reads GrainId, ReminderName, StartTime, Period and Version.
--
-- Each row carries a version (the reminder's ETag): an upsert bumps it and returns it, a delete
-- succeeds only for the version the caller holds. Ring ranges are (BeginHash, EndHash] on signed
-- hashes: the provider picks ReadRangeRows1Key when BeginHash < EndHash as signed ints and
-- ReadRangeRows2Key for a range that wraps around (or covers everything when BeginHash = EndHash).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL CHECK (period_ms >= 0),
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its ring range.
CREATE INDEX IF NOT EXISTS orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET grain_hash = excluded.grain_hash,
    start_time = excluded.start_time,
    period_ms  = excluded.period_ms,
    version    = orleans_reminder.version + 1
RETURNING version AS "Version";
$q$),

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$),

('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$),

('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted";
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
