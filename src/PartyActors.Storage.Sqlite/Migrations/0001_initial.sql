-- Version 1: grain state, grain logs, reminders.
-- Timestamps are UTC ISO-8601 text with 100 ns precision ('O' format): readable in the sqlite3
-- shell, ordered as text, and they round-trip a DateTimeOffset exactly.

-- payload is NULL for a record cleared with DeleteStateOnClear = false: the row keeps its version
-- so that a stale writer still conflicts.
CREATE TABLE grain_state (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    payload     TEXT,
    version     INTEGER NOT NULL,
    modified_at TEXT    NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
) WITHOUT ROWID;

CREATE TABLE grain_log (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    log_name    TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    entry       TEXT    NOT NULL,
    appended_at TEXT    NOT NULL,
    PRIMARY KEY (grain_type, grain_key, log_name, sequence)
) WITHOUT ROWID;

-- period_ms is NULL for a reminder that ticks once.
CREATE TABLE reminders (
    grain_type     TEXT    NOT NULL,
    grain_key      TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    first_tick     TEXT    NOT NULL,
    period_ms      INTEGER,
    last_delivered TEXT,
    version        INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
) WITHOUT ROWID;
