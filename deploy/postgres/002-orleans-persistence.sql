-- Orleans ADO.NET grain persistence (invariant Npgsql) for PostgreSQL, written for the provider's
-- query contract (Microsoft.Orleans.Persistence.AdoNet 10.4.2): the provider reads the texts of
-- WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and DeleteStorageKey (used instead of
-- ClearStorageKey when DeleteStateOnClear is set) from OrleansQuery and binds @GrainIdHash,
-- @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString (NULL when the
-- key has no extension), @ServiceId, @GrainStateVersion (NULL when the grain holds no ETag) and
-- @PayloadBinary. Reads return (PayloadBinary, Version); writes, clears and deletes return one
-- NewGrainStateVersion.
--
-- ETag semantics, as the provider checks them: success returns the new version (a delete returns
-- the deleted version + 1, which the caller never holds). On a conflict the statement returns the
-- caller's own version, or no row at all when the caller passed none; the provider turns either
-- into InconsistentStateException. A first write (no version) creates version 1 only if no row
-- exists; a versioned write updates only the row holding exactly that version and never creates a
-- row. Under concurrency each statement decides on the row it locks, so of two writers holding the
-- same version exactly one wins.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- A grain without a key extension is stored with '' so that the key below holds for it too.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         text        NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_extension text        NOT NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL CHECK (version > 0),
    modified_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId
  AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_type = @GrainTypeString
  AND grain_id_extension = coalesce(@GrainIdExtensionString, '');
$q$),

('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_type = @GrainTypeString
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND @GrainStateVersion IS NOT NULL
      AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO orleans_grain_state
        (service_id, grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type,
         grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
           coalesce(@GrainIdExtensionString, ''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
UNION ALL
SELECT @GrainStateVersion WHERE @GrainStateVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM updated);
$q$),

-- Keeps the row (and bumps its version) with no payload: the next activation reads the default
-- state with the row's version as its ETag.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_type = @GrainTypeString
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT @GrainStateVersion WHERE @GrainStateVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cleared);
$q$),

('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_grain_state
    WHERE service_id = @ServiceId
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_type = @GrainTypeString
      AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version)
SELECT version + 1 AS "NewGrainStateVersion" FROM deleted
UNION ALL
SELECT @GrainStateVersion WHERE @GrainStateVersion IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deleted);
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
