-- M10 网格化管理 (spec §10; seed: 综治三级网格化管理). Grids are org units of
-- kind 'grid' under a community/village (一级网格 = the community, 二级 = the
-- grid, kept by a 网格员). Buildings (楼栋, 三级网格, kept by 楼栋长) belong
-- to a grid, households (户) to a building, residents to a household.
-- 身份证号, phones, door numbers and reporters' contacts are SM4-GCM
-- ciphertexts (*_enc) with HMAC-SM3 blind indexes (*_idx) for exact look-up;
-- no plaintext of them is stored anywhere.

CREATE TABLE grid_building (
    id {{PK}},
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    UNIQUE (grid_id, name)
);

-- 楼栋长: a user with a building_steward grant on the grid, appointed to buildings.
CREATE TABLE grid_steward (
    building_id BIGINT NOT NULL REFERENCES grid_building(id),
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    appointed_on TEXT NOT NULL,
    PRIMARY KEY (building_id, user_id)
);
CREATE INDEX grid_steward_user_idx ON grid_steward(user_id);

CREATE TABLE grid_household (
    id {{PK}},
    building_id BIGINT NOT NULL REFERENCES grid_building(id),
    door_enc TEXT NOT NULL,
    door_idx TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (building_id, door_idx)
);

-- The resident basic information table (居民基础信息表). grid_id/building_id
-- are copies of the household's place for scope and lists; a move rewrites
-- them and appends to grid_residence. id_idx is unique: one person, one row.
CREATE TABLE grid_resident (
    id {{PK}},
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    building_id BIGINT NOT NULL REFERENCES grid_building(id),
    household_id BIGINT NOT NULL REFERENCES grid_household(id),
    name TEXT NOT NULL,
    id_enc TEXT NOT NULL,
    id_idx TEXT NOT NULL UNIQUE,
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
CREATE INDEX grid_resident_building_idx ON grid_resident(building_id);
CREATE INDEX grid_resident_household_idx ON grid_resident(household_id);
CREATE INDEX grid_resident_phone_idx ON grid_resident(phone_idx);
-- The register list's default order (listing sorts by COALESCE(CAST(col AS TEXT), ''), id):
-- lets SQLite walk the list in order and stop at the page size instead of sorting the table.
CREATE INDEX grid_resident_list_idx ON grid_resident((COALESCE(CAST(name AS TEXT), '')), id);

-- Where a resident lived, from/to (a move closes one row and opens the next).
CREATE TABLE grid_residence (
    id {{PK}},
    resident_id BIGINT NOT NULL REFERENCES grid_resident(id),
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    building_id BIGINT NOT NULL,
    household_id BIGINT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX grid_residence_resident_idx ON grid_residence(resident_id);

-- An XLSX import: its options, progress and per-row report (first rows only).
CREATE TABLE grid_import (
    id {{PK}},
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    mode TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_path TEXT NOT NULL,
    file_sm3 TEXT NOT NULL,
    status TEXT NOT NULL,
    rows_total BIGINT NOT NULL DEFAULT 0,
    rows_inserted BIGINT NOT NULL DEFAULT 0,
    rows_registered BIGINT NOT NULL DEFAULT 0,
    rows_bad BIGINT NOT NULL DEFAULT 0,
    report_json TEXT NOT NULL DEFAULT '[]',
    message TEXT,
    job_id BIGINT,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX grid_import_grid_idx ON grid_import(grid_id, created_at);

-- 巡查: one visit of a grid by its worker.
CREATE TABLE grid_patrol (
    id {{PK}},
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    patrolled_by BIGINT NOT NULL REFERENCES app_user(id),
    patrol_date TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    checked_json TEXT NOT NULL,
    findings TEXT NOT NULL,
    photos BIGINT NOT NULL DEFAULT 0,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);
CREATE INDEX grid_patrol_grid_idx ON grid_patrol(grid_id, patrol_date);

-- Event time limits in working days per town and category (defaults in code).
CREATE TABLE grid_event_limit (
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    category TEXT NOT NULL,
    days BIGINT NOT NULL,
    updated_by BIGINT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, category)
);

-- 网格事件: report facts plus dated steps (grid_event_entry, the core Entry
-- as JSON). state/level/dates on the row are copies of that fold for lists,
-- rewritten by every step. org_id is the unit where the event sits now
-- (the grid, then the community or town when escalated or dispatched).
CREATE TABLE grid_event (
    id {{PK}},
    grid_id BIGINT NOT NULL REFERENCES org_unit(id),
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    building_id BIGINT,
    category TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    limit_days BIGINT NOT NULL,
    state TEXT NOT NULL,
    level TEXT NOT NULL,
    assignee_id BIGINT REFERENCES app_user(id),
    dispatched_to TEXT,
    patrol_id BIGINT,
    mediation_case_id BIGINT,
    tracking_code TEXT UNIQUE,
    secret_hash TEXT,
    reporter_name_enc TEXT,
    reporter_phone_enc TEXT,
    reporter_phone_idx TEXT,
    handled_on TEXT,
    closed_on TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX grid_event_grid_idx ON grid_event(grid_id, reported_on);
CREATE INDEX grid_event_org_idx ON grid_event(org_id, state);

CREATE TABLE grid_event_entry (
    id {{PK}},
    event_id BIGINT NOT NULL REFERENCES grid_event(id),
    seq BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    entry_json TEXT NOT NULL,
    actor_id BIGINT,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, seq)
);

CREATE TABLE grid_event_seq (
    town_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (town_id, year)
);
