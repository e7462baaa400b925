-- Orleans ADO.NET clustering (invariant Npgsql) for PostgreSQL, written for the provider's query
-- contract (Microsoft.Orleans.Clustering.AdoNet 10.4.2): the provider loads every row of
-- OrleansQuery (QueryKey, QueryText) at start-up, refuses to start when a required key is missing,
-- binds its parameters by name (@DeploymentId = the cluster id, @Address, @Port, @Generation,
-- @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @SuspectTimes, @Version)
-- and reads result columns by name (Address, Port, Generation, SiloName, HostName, Status,
-- ProxyPort, StartTime, IAmAliveTime, SuspectTimes, Version). Times are bound as UTC DateTime
-- (Npgsql sends timestamptz); Status is the SiloStatus number (3 Active, 6 Dead).
--
-- Versioning: one version row per cluster is the table's ETag. The provider passes the version it
-- read as @Version; an insert or update of a member row succeeds only when the stored version
-- still equals it, and bumps it in the same statement, so two silos racing on a stale view of the
-- table cannot both win. I-am-alive updates do not touch the version (as the contract requires).
-- Reads always return at least one row (the version), with NULL member columns when the cluster
-- has no matching member: the provider takes the table version from the first row.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_cluster_version
(
    cluster_id text        NOT NULL PRIMARY KEY,
    version    integer     NOT NULL DEFAULT 0 CHECK (version >= 0),
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). Deleting the cluster's version row
-- removes its members with it.
CREATE TABLE IF NOT EXISTS orleans_cluster_member
(
    cluster_id      text        NOT NULL REFERENCES orleans_cluster_version (cluster_id) ON DELETE CASCADE,
    address         varchar(45) NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row (version 0) once; answers whether this call created it.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_cluster_version (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";
$q$),

('MembershipReadAllKey', $q$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_member m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
$q$),

('MembershipReadRowKey', $q$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_cluster_member m
       ON m.cluster_id = v.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
$q$),

-- Inserts a new member when the table version is the caller's and the member is not there yet;
-- the version is bumped only together with a successful insert.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE cluster_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_cluster_member
                      WHERE cluster_id = @DeploymentId
                        AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING cluster_id),
inserted AS (
    INSERT INTO orleans_cluster_member
        (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, coalesce(@SiloName, ''), coalesce(@HostName, ''),
           @Status, coalesce(@ProxyPort, 0), NULL, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$q$),

-- Updates status, suspicions and liveness of an existing member when the table version is the
-- caller's, bumping the version with it.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_version
    SET version = version + 1, changed_at = now()
    WHERE cluster_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM orleans_cluster_member
                  WHERE cluster_id = @DeploymentId
                    AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING cluster_id),
updated AS (
    UPDATE orleans_cluster_member m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.cluster_id = bumped.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM updated) AS "Updated";
$q$),

-- The provider's key is spelled UpdateIAmAlivetimeKey (lower-case t).
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_cluster_member
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- Gateways for clients: active members that accept clients (@Status is Active).
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_cluster_member
WHERE cluster_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$q$),

-- The whole cluster: the version row, and its members by cascade.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster_version WHERE cluster_id = @DeploymentId;
$q$),

-- Required by the provider: removes members declared Dead (6) that were last alive, and started,
-- before @IAmAliveTime (the cut-off date). Live members are never removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_cluster_member
WHERE cluster_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime;
$q$),

-- Optional key: when present the provider uses it instead of the one above. It reads the table,
-- picks dead members older than the cut-off without recent suspicions, and deletes each one only
-- if the row is still exactly what it read (dead, same start, liveness and suspicions), so a row
-- changed in between is left alone.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_cluster_member
WHERE cluster_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(btrim(suspect_times), '') = coalesce(@SuspectTimes, '');
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
