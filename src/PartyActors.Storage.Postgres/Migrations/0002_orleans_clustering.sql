-- Orleans' ADO.NET providers (clustering here, reminders in 0003, grain storage in 0004) ship no SQL:
-- each reads the statements it runs from OrleansQuery at start-up, by key, and binds its own
-- parameters (@DeploymentId, @Version, ...) to them. The keys, parameter names and the column
-- names it reads back are Orleans' contract; the tables and statements are ours.
-- Orleans asks "SELECT QueryKey, QueryText FROM OrleansQuery" without quotes, so PostgreSQL looks
-- for the lower-case names this table gets.
create table OrleansQuery (
    QueryKey  text primary key,
    QueryText text not null
);

-- Membership. One version row per cluster (Orleans passes its ClusterId as @DeploymentId). The
-- version is the table's ETag: a silo inserting or updating any row names the version it read, and
-- the statement moves it on by one only if it still matches, so of two silos acting on the same
-- snapshot only one wins. Orleans compares versions as numbers, so it counts up from 0.
create table orleans_membership_version (
    deployment_id text        primary key,
    version       integer     not null default 0,
    changed_at    timestamptz not null default now()
);

-- One row per silo incarnation (address, port and generation, a start-time stamp). status is
-- Orleans' SiloStatus as a number (3 Active, 6 Dead); suspect_times holds the suspicion votes in
-- the text form Orleans writes and parses ("silo,date|silo,date").
create table orleans_membership (
    deployment_id   text        not null references orleans_membership_version on delete cascade,
    address         text        not null,
    port            integer     not null,
    generation      integer     not null,
    silo_name       text        not null,
    host_name       text        not null,
    status          integer     not null,
    proxy_port      integer     not null,
    suspect_times   text,
    start_time      timestamptz not null,
    i_am_alive_time timestamptz not null,
    primary key (deployment_id, address, port, generation)
);

insert into OrleansQuery (QueryKey, QueryText) values

-- Called by every starting silo; Orleans reads one boolean: whether this call created the row.
('InsertMembershipVersionKey', $$
with created as (
    insert into orleans_membership_version (deployment_id) values (@DeploymentId)
    on conflict (deployment_id) do nothing
    returning 1)
select count(*) > 0 from created
$$),

-- Both reads return the version row left-joined to the silo rows, so an empty cluster still gives
-- one row: Orleans takes the version from the first row and skips rows whose StartTime is null.
('MembershipReadAllKey', $$
select v.version as "Version", m.address as "Address", m.port as "Port", m.generation as "Generation",
       m.silo_name as "SiloName", m.host_name as "HostName", m.status as "Status", m.proxy_port as "ProxyPort",
       m.suspect_times as "SuspectTimes", m.start_time as "StartTime", m.i_am_alive_time as "IAmAliveTime"
from orleans_membership_version v
left join orleans_membership m on m.deployment_id = v.deployment_id
where v.deployment_id = @DeploymentId
$$),

('MembershipReadRowKey', $$
select v.version as "Version", m.address as "Address", m.port as "Port", m.generation as "Generation",
       m.silo_name as "SiloName", m.host_name as "HostName", m.status as "Status", m.proxy_port as "ProxyPort",
       m.suspect_times as "SuspectTimes", m.start_time as "StartTime", m.i_am_alive_time as "IAmAliveTime"
from orleans_membership_version v
left join orleans_membership m
       on m.deployment_id = v.deployment_id
      and m.address = @Address and m.port = @Port and m.generation = @Generation
where v.deployment_id = @DeploymentId
$$),

-- Insert and update change the version row first and touch the silo row only through what that
-- returned: one statement, so a stale @Version changes nothing. Orleans reads one boolean.
('InsertMembershipKey', $$
with claimed as (
    update orleans_membership_version
       set version = version + 1, changed_at = now()
     where deployment_id = @DeploymentId and version = @Version
       and not exists (select 1 from orleans_membership
                        where deployment_id = @DeploymentId
                          and address = @Address and port = @Port and generation = @Generation)
    returning deployment_id),
inserted as (
    insert into orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    select deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    from claimed
    on conflict do nothing
    returning 1)
select count(*) > 0 from inserted
$$),

('UpdateMembershipKey', $$
with claimed as (
    update orleans_membership_version
       set version = version + 1, changed_at = now()
     where deployment_id = @DeploymentId and version = @Version
       and exists (select 1 from orleans_membership
                    where deployment_id = @DeploymentId
                      and address = @Address and port = @Port and generation = @Generation)
    returning deployment_id),
updated as (
    update orleans_membership m
       set status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      from claimed
     where m.deployment_id = claimed.deployment_id
       and m.address = @Address and m.port = @Port and m.generation = @Generation
    returning 1)
select count(*) > 0 from updated
$$),

-- The heartbeat: not a membership change, so the version stays.
('UpdateIAmAlivetimeKey', $$
update orleans_membership
   set i_am_alive_time = @IAmAliveTime
 where deployment_id = @DeploymentId
   and address = @Address and port = @Port and generation = @Generation
$$),

-- What clients connect to: active silos that listen for clients (@Status is 3, Active).
('GatewaysQueryKey', $$
select address as "Address", proxy_port as "ProxyPort", generation as "Generation"
from orleans_membership
where deployment_id = @DeploymentId and status = @Status and proxy_port > 0
$$),

-- The silo rows go with the version row (on delete cascade).
('DeleteMembershipTableEntriesKey', $$
delete from orleans_membership_version where deployment_id = @DeploymentId
$$),

-- Removing dead silos' rows leaves the version alone: a dead silo never comes back, so no live
-- silo's view of the cluster changes. Orleans requires this key, but while the next one exists
-- it uses that instead, one row at a time.
('CleanupDefunctSiloEntriesKey', $$
delete from orleans_membership
 where deployment_id = @DeploymentId and status = 6 and i_am_alive_time < @IAmAliveTime
$$),

-- Orleans picks dead rows older than its cutoff from a read, then deletes each only if it is still
-- as read (same start, heartbeat and votes), so a row changed since is kept.
('CleanupDefunctSiloEntryKey', $$
delete from orleans_membership
 where deployment_id = @DeploymentId
   and address = @Address and port = @Port and generation = @Generation
   and status = 6
   and start_time = @StartTime and i_am_alive_time = @IAmAliveTime
   and suspect_times is not distinct from @SuspectTimes
$$);
