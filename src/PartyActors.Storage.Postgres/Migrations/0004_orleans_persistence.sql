-- Grain state for Orleans' own ADO.NET provider (AddAdoNetGrainStorage), the alternative to the
-- service's grain_state (0001), which this leaves alone.
--
-- Orleans splits a grain id into two 64-bit numbers and a string (a Guid or integer key in n0/n1
-- with an optional key extension, or a string key alone) and also sends a hash of the id and one
-- of the grain type. The hashes lead the unique key, so a lookup is a short index probe even for
-- string keys (whose n0 and n1 are both 0); the exact identity after them keeps two ids that share
-- hashes apart. A missing extension is a null, equal to another null here (nulls not distinct,
-- PostgreSQL 15), so one grain can have only one row.
--
-- payload null with a version: state cleared with DeleteStateOnClear = false; the row stays so
-- that no ETag issued before the clear can match again.
create table orleans_storage (
    grain_id_hash      integer     not null,
    grain_type_hash    integer     not null,
    service_id         text        not null,
    grain_type         text        not null,
    grain_id_n0        bigint      not null,
    grain_id_n1        bigint      not null,
    grain_id_extension text,
    payload            bytea,
    version            integer     not null,
    modified_at        timestamptz not null default now(),
    constraint orleans_storage_grain unique nulls not distinct
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- State ETags, from a sequence for the reason given for reminders' (0003): with
-- DeleteStateOnClear = true the row goes, and a per-row count would start again at an ETag a stale
-- writer may still hold.
create sequence orleans_storage_etag as integer cycle;

insert into OrleansQuery (QueryKey, QueryText) values

-- Orleans reads at most one row: PayloadBinary (null once cleared) and Version, the ETag. No row
-- means no state.
('ReadFromStorageKey', $$
select payload as "PayloadBinary", version as "Version"
from orleans_storage
where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
  and service_id = @ServiceId and grain_type = @GrainTypeString
  and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
  and grain_id_extension is not distinct from @GrainIdExtensionString
$$),

-- A write with the current ETag replaces the row; a write without an ETag creates it, unless it
-- exists. Always exactly one row back, NewGrainStateVersion: the new ETag, or null when the ETag
-- was stale, which Orleans turns into an InconsistentStateException (an empty answer would read
-- as success to a writer that sent no ETag).
('WriteToStorageKey', $$
with replaced as (
    update orleans_storage
       set payload = @PayloadBinary, version = nextval('orleans_storage_etag'), modified_at = now()
     where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
       and service_id = @ServiceId and grain_type = @GrainTypeString
       and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
       and grain_id_extension is not distinct from @GrainIdExtensionString
       and version = @GrainStateVersion
    returning version),
created as (
    insert into orleans_storage (grain_id_hash, grain_type_hash, service_id, grain_type,
                                 grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    select @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString,
           @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, nextval('orleans_storage_etag')
    where @GrainStateVersion is null
    on conflict on constraint orleans_storage_grain do nothing
    returning version)
select coalesce((select version from replaced), (select version from created)) as "NewGrainStateVersion"
$$),

-- Clear (DeleteStateOnClear = false) keeps the row with a null payload and a new ETag, which it
-- returns. No row back (a stale ETag) is a conflict to Orleans.
('ClearStorageKey', $$
update orleans_storage
   set payload = null, version = nextval('orleans_storage_etag'), modified_at = now()
 where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
   and service_id = @ServiceId and grain_type = @GrainTypeString
   and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
   and grain_id_extension is not distinct from @GrainIdExtensionString
   and version = @GrainStateVersion
returning version as "Version"
$$),

-- Clear with DeleteStateOnClear = true. Orleans only checks that something comes back and that it
-- differs from the ETag it sent; the grain then holds no ETag.
('DeleteStorageKey', $$
delete from orleans_storage
 where grain_id_hash = @GrainIdHash and grain_type_hash = @GrainTypeHash
   and service_id = @ServiceId and grain_type = @GrainTypeString
   and grain_id_n0 = @GrainIdN0 and grain_id_n1 = @GrainIdN1
   and grain_id_extension is not distinct from @GrainIdExtensionString
   and version = @GrainStateVersion
returning 'deleted' as "Deleted"
$$);
