-- Version 2: reminders in the shape Orleans' reminder service asks for (IReminderTable).
-- A reminder is keyed by the grain id's text ("type/key") and its name; grain_hash is the grain
-- id's uniform hash, by which each silo reads the reminders of its share of the ring. Orleans
-- reminders always have a period: the old one-shot rows (period NULL) get one minute, and their
-- grains remove them once handled. The hash of a converted row cannot be computed in SQL; the
-- table fills it in when it starts (SqliteReminderTable.StartAsync).
CREATE TABLE orleans_reminders (
    grain_id   TEXT    NOT NULL,
    grain_hash INTEGER,
    name       TEXT    NOT NULL,
    start_at   TEXT    NOT NULL,
    period_ms  INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (grain_id, name)
) WITHOUT ROWID;

INSERT INTO orleans_reminders (grain_id, grain_hash, name, start_at, period_ms, version)
SELECT grain_type || '/' || grain_key, NULL, name, first_tick, coalesce(period_ms, 60000), version FROM reminders;

DROP TABLE reminders;

CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (grain_hash);
