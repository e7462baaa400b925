-- Meter readings, kept narrow: a series (device + ReadingType code) is named once in
-- metering_series and referred to by its integer id; a value row is (series, time, value,
-- qualities, recorded) clustered on (series_id, ts), so a range read is one index range scan.
-- Times are UTC ticks (100 ns since 0001-01-01). A value that replaced a different one keeps the
-- earlier version in metering_reading_version (version 1 = the first value stored).

CREATE TABLE IF NOT EXISTS metering_series
(
    series_id    INTEGER NOT NULL PRIMARY KEY,
    device_id    TEXT    NOT NULL,
    reading_type TEXT    NOT NULL,
    UNIQUE (device_id, reading_type)
);

CREATE TABLE IF NOT EXISTS metering_reading
(
    series_id INTEGER NOT NULL,
    ts        INTEGER NOT NULL,
    value     REAL    NOT NULL,
    qualities TEXT    NULL,
    recorded  INTEGER NOT NULL,
    PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS metering_reading_version
(
    series_id INTEGER NOT NULL,
    ts        INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    value     REAL    NOT NULL,
    qualities TEXT    NULL,
    recorded  INTEGER NOT NULL,
    replaced  INTEGER NOT NULL,
    PRIMARY KEY (series_id, ts, version)
) WITHOUT ROWID;
