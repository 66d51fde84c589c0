-- The rebuild of SQLite's ALTER TABLE procedure: grid_residence's foreign key
-- names grid_resident and is checked at commit, when the rows are back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE grid_resident_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    building_id BIGINT NOT NULL REFERENCES grid_building(id),
    household_id BIGINT NOT NULL REFERENCES grid_household(id),
    name TEXT NOT NULL,
    id_enc TEXT NOT NULL,
    id_idx TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    phone_enc TEXT,
    phone_idx TEXT,
    relation TEXT NOT NULL,
    residence TEXT NOT NULL,
    floating_since TEXT,
    items_json TEXT NOT NULL,
    attention BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    import_id BIGINT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO grid_resident_new SELECT id, grid_id, building_id, household_id, name, id_enc, id_idx, sex, birth_date, phone_enc, phone_idx, relation, residence,
    floating_since, items_json, attention, note, active, import_id, is_demo, created_by, created_at, updated_at FROM grid_resident;
DROP TABLE grid_resident;
ALTER TABLE grid_resident_new RENAME TO grid_resident;
CREATE UNIQUE INDEX grid_resident_id_idx ON grid_resident(id_idx);
CREATE INDEX grid_resident_building_idx ON grid_resident(building_id);
CREATE INDEX grid_resident_household_idx ON grid_resident(household_id);
CREATE INDEX grid_resident_phone_idx ON grid_resident(phone_idx);
CREATE INDEX grid_resident_list_idx ON grid_resident((COALESCE(CAST(name AS TEXT), '')), id);
