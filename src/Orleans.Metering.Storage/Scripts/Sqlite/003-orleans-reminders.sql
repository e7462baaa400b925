-- Orleans ADO.NET reminders for SQLite, written for the provider's query contract
-- (Microsoft.Orleans.Reminders.AdoNet 10.4.2). The provider loads every row of OrleansQuery and
-- refuses to start unless UpsertReminderRowKey, ReadReminderRowsKey, ReadReminderRowKey,
-- ReadRangeRows1Key, ReadRangeRows2Key, DeleteReminderRowKey and DeleteReminderRowsKey are there.
-- It binds @ServiceId, @GrainId (GrainId.ToString()), @ReminderName, @StartTime (a UTC DateTime,
-- which Microsoft.Data.Sqlite stores as ISO text), @Period (milliseconds), @Version (the ETag as an
-- int) and @GrainHash, @BeginHash, @EndHash: the unsigned ring hashes cast to signed 32-bit ints.
-- Rows are read by the column names GrainId, ReminderName, StartTime, Period and Version.
--
-- The version is the reminder's ETag: an upsert always succeeds, bumps it and returns it; a delete
-- removes the row only for the version the caller holds and answers one boolean row.
--
-- Ring ranges are (BeginHash, EndHash]. Hashes are stored as bound (signed), and the provider picks
-- ReadRangeRows1Key when BeginHash < EndHash as signed ints and ReadRangeRows2Key otherwise, so
-- both compare signed values: ReadRangeRows2Key is the range that wraps past the signed maximum,
-- and BeginHash = EndHash means the whole ring.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL CHECK (Period >= 0),
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- The reminder service reads its silo's share of the ring by hash.
CREATE INDEX IF NOT EXISTS OrleansRemindersTable_ByHash ON OrleansRemindersTable (ServiceId, GrainHash);

-- One statement, so the row's insert or update and the version it returns are one atomic write.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime,
    Period    = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version   = OrleansRemindersTable.Version + 1
RETURNING Version;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
');

-- changes() counts the rows the DELETE before it removed: one connection runs both statements in turn.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
  AND Version = @Version;
SELECT changes() > 0 AS Deleted;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
');
