-- Platform foundation. Portable SQL for SQLite and PostgreSQL: {{PK}} is the
-- dialect's auto-increment key; instants are TEXT in RFC 3339 UTC
-- (lexically ordered), legal dates TEXT 'YYYY-MM-DD'.

CREATE TABLE org_unit (
    id {{PK}},
    parent_id BIGINT REFERENCES org_unit(id),
    kind TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    town_id BIGINT,
    sort_order BIGINT NOT NULL DEFAULT 0,
    address TEXT,
    phone TEXT,
    office_hours TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX org_unit_path_idx ON org_unit(path);
CREATE INDEX org_unit_parent_idx ON org_unit(parent_id);

CREATE TABLE app_user (
    id {{PK}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    title TEXT,
    phone_enc TEXT,
    phone_idx TEXT,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    password_changed_at TEXT
);
CREATE INDEX app_user_org_idx ON app_user(org_id);
CREATE INDEX app_user_phone_idx ON app_user(phone_idx);

CREATE TABLE role_grant (
    id {{PK}},
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    role TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    created_at TEXT NOT NULL,
    UNIQUE (user_id, role, org_id)
);

CREATE TABLE user_session (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX user_session_user_idx ON user_session(user_id);

CREATE TABLE api_token (
    id {{PK}},
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE login_attempt (
    id {{PK}},
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TEXT NOT NULL,
    success BOOLEAN NOT NULL
);
CREATE INDEX login_attempt_user_idx ON login_attempt(username, at);

CREATE TABLE audit_head (
    chain_key TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE audit_record (
    id {{PK}},
    chain_key TEXT NOT NULL,
    seq BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    org_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    UNIQUE (chain_key, seq)
);
CREATE INDEX audit_record_entity_idx ON audit_record(entity, entity_id);
CREATE INDEX audit_record_org_idx ON audit_record(org_id, id);

CREATE TABLE calendar_day (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE calendar_year (
    year BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

-- A running deadline of some record. The spec is the core engine's input
-- (trigger, unit, days, pauses, restarts, extensions); due_date is derived and
-- re-computed whenever the spec or the calendar changes.
CREATE TABLE clock (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    module TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    due_date TEXT,
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    beyond_calendar BOOLEAN NOT NULL DEFAULT FALSE,
    stopped_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (entity, entity_id, name)
);
CREATE INDEX clock_open_idx ON clock(stopped_at, due_date);

CREATE TABLE todo_item (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    assignee_id BIGINT REFERENCES app_user(id),
    module TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    detail TEXT,
    url TEXT,
    entity TEXT,
    entity_id TEXT,
    clock_id BIGINT REFERENCES clock(id),
    due_date TEXT,
    status TEXT NOT NULL,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    done_at TEXT,
    done_by BIGINT
);
CREATE INDEX todo_item_org_idx ON todo_item(org_id, status);
CREATE INDEX todo_item_assignee_idx ON todo_item(assignee_id, status);

CREATE TABLE attachment (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    sm3 TEXT NOT NULL,
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    file_name TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    uploaded_by BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachment_entity_idx ON attachment(entity, entity_id);
CREATE INDEX attachment_sm3_idx ON attachment(sm3);

CREATE TABLE job (
    id {{PK}},
    kind TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    org_id BIGINT,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    locked_at TEXT,
    locked_by TEXT,
    finished_at TEXT,
    result_attachment_id BIGINT REFERENCES attachment(id),
    error TEXT
);
CREATE INDEX job_status_idx ON job(status, id);

CREATE TABLE search_doc (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    module TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    title TEXT NOT NULL,
    snippet TEXT NOT NULL,
    url TEXT NOT NULL,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    tokens TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (entity, entity_id)
);
