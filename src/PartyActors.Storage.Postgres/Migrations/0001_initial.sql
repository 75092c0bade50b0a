-- PartyActors storage schema, version 1. Applied once by PostgresMigrator, inside its transaction.

-- One row per grain state. version is the ETag: 1 on insert, +1 on every write. A null payload
-- is a state that was cleared with DeleteStateOnClear = false (the row keeps its version so an
-- old ETag can never match again).
create table grain_state (
    grain_type  text        not null,
    grain_key   text        not null,
    state_name  text        not null,
    payload     jsonb,
    version     bigint      not null,
    modified_at timestamptz not null default now(),
    primary key (grain_type, grain_key, state_name)
);

-- Append-only logs (points ledger, audit trail): sequences 1, 2, 3... per log, never rewritten.
create table grain_log (
    grain_type  text        not null,
    grain_key   text        not null,
    log_name    text        not null,
    sequence    bigint      not null,
    entry       jsonb       not null,
    appended_at timestamptz not null default now(),
    primary key (grain_type, grain_key, log_name, sequence)
);

-- Durable reminders. period_ms = -1 is a reminder that ticks once.
create table reminders (
    grain_type     text        not null,
    grain_key      text        not null,
    name           text        not null,
    first_tick     timestamptz not null,
    period_ms      bigint      not null,
    last_delivered timestamptz,
    version        bigint      not null,
    primary key (grain_type, grain_key, name)
);
