-- Orleans' reminder service (Microsoft.Orleans.Reminders.AdoNet) replaces the previous runtime's
-- reminders table. Its rows are carried over, but not by SQL: Orleans keys a reminder by the
-- service id (configuration, not data) and by a hash of the grain id that SQL cannot compute. The
-- table is set aside here, and the silo's start-up migration step (PostgresReminderConversion)
-- moves its rows into orleans_reminders under the silo's service id, then drops it.
alter table if exists reminders rename to reminders_before_orleans;

-- One row per reminder of one service (Orleans' ServiceId: reminders outlive a cluster id).
-- grain_hash is Orleans' uniform hash of the grain id, which it sends as a signed integer; the
-- reminder service asks for ring ranges of it. period_ms is a bigint because Orleans sends a period
-- beyond 24.8 days as a 64-bit value.
create table orleans_reminders (
    service_id    text        not null,
    grain_id      text        not null,
    reminder_name text        not null,
    grain_hash    integer     not null,
    start_time    timestamptz not null,
    period_ms     bigint      not null,
    version       integer     not null,
    primary key (service_id, grain_id, reminder_name)
);

create index orleans_reminders_by_hash on orleans_reminders (service_id, grain_hash);

-- A reminder's ETag. Drawn from one sequence rather than counted per row, so a reminder removed and
-- registered again never gets back an ETag an old reader still holds. Orleans parses ETags as
-- 32-bit integers: the sequence is one, and wraps rather than fails.
create sequence orleans_reminders_etag as integer cycle;

insert into OrleansQuery (QueryKey, QueryText) values

-- Orleans reads back one column, Version: the reminder's new ETag.
('UpsertReminderRowKey', $$
insert into orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
values (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, nextval('orleans_reminders_etag'))
on conflict (service_id, grain_id, reminder_name) do update
   set grain_hash = excluded.grain_hash,
       start_time = excluded.start_time,
       period_ms  = excluded.period_ms,
       version    = excluded.version
returning version as "Version"
$$),

('ReadReminderRowKey', $$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period_ms as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
$$),

('ReadReminderRowsKey', $$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period_ms as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_id = @GrainId
$$),

-- A ring range is (@BeginHash, @EndHash]: begin excluded, end included. Orleans sends both as
-- signed integers and picks this query when begin < end in that signed order...
('ReadRangeRows1Key', $$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period_ms as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and grain_hash > @BeginHash and grain_hash <= @EndHash
$$),

-- ...and this one otherwise: the range wraps past the largest hash (begin = end is the whole ring).
('ReadRangeRows2Key', $$
select grain_id as "GrainId", reminder_name as "ReminderName", start_time as "StartTime",
       period_ms as "Period", version as "Version"
from orleans_reminders
where service_id = @ServiceId and (grain_hash > @BeginHash or grain_hash <= @EndHash)
$$),

-- Only the holder of the current ETag removes a reminder. Orleans reads one boolean.
('DeleteReminderRowKey', $$
with removed as (
    delete from orleans_reminders
     where service_id = @ServiceId and grain_id = @GrainId and reminder_name = @ReminderName
       and version = @Version
    returning 1)
select count(*) > 0 from removed
$$),

('DeleteReminderRowsKey', $$
delete from orleans_reminders where service_id = @ServiceId
$$);
