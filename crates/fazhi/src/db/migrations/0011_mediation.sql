-- M9 人民调解 (人民调解法). Committees (人民调解委员会) of the town and of its
-- communities, their mediators, and cases. A case is its application facts
-- plus the dated steps recorded (mediation_case_event, the core Entry as JSON);
-- state, dates and outcome on the case row are copies of that fold for lists
-- and figures, rewritten by every step. Parties are designated 甲方/乙方/… in
-- the steps; their names, 身份证号, phones and addresses are SM4-GCM
-- ciphertexts (*_enc) with blind indexes (*_idx) on mediation_party only.
-- grid_event_id is the grid event the case came from (a plain number: the grid
-- module links it), grid_result the result handed back when mediation ended.

CREATE TABLE mediation_committee (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT NOT NULL,
    members_json TEXT NOT NULL,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    seal_name TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX mediation_committee_org_idx ON mediation_committee(org_id);

CREATE TABLE mediator (
    id {{PK}},
    committee_id BIGINT NOT NULL REFERENCES mediation_committee(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    user_id BIGINT REFERENCES app_user(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);
CREATE INDEX mediator_committee_idx ON mediator(committee_id);

CREATE TABLE mediation_case_seq (
    committee_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (committee_id, year)
);

CREATE TABLE mediation_case (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    committee_id BIGINT NOT NULL REFERENCES mediation_committee(id),
    code TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_note TEXT,
    dispute_type TEXT NOT NULL,
    grid_event_id BIGINT,
    applied_on TEXT NOT NULL,
    facts TEXT NOT NULL,
    issues TEXT NOT NULL,
    parties_json TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT NOT NULL,
    registered_on TEXT,
    concluded_on TEXT,
    effective_on TEXT,
    follow_ups BIGINT NOT NULL DEFAULT 0,
    risk_flagged BOOLEAN NOT NULL DEFAULT FALSE,
    police_reported_on TEXT,
    grid_result TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX mediation_case_org_idx ON mediation_case(org_id, applied_on);
CREATE INDEX mediation_case_grid_idx ON mediation_case(grid_event_id);

CREATE TABLE mediation_party (
    id {{PK}},
    case_id BIGINT NOT NULL REFERENCES mediation_case(id),
    seq BIGINT NOT NULL,
    designation TEXT NOT NULL,
    name_enc TEXT NOT NULL,
    id_enc TEXT,
    id_idx TEXT,
    phone_enc TEXT,
    phone_idx TEXT,
    address_enc TEXT,
    UNIQUE (case_id, seq)
);
CREATE INDEX mediation_party_id_idx ON mediation_party(id_idx);
CREATE INDEX mediation_party_phone_idx ON mediation_party(phone_idx);

-- The recorded steps, in order. entry_json is the core Entry ({"on", "action", …});
-- detail_json holds what the step's document needs beside it (a session's time,
-- place and attendees; an agreement's performance terms and copies).
CREATE TABLE mediation_case_event (
    id {{PK}},
    case_id BIGINT NOT NULL REFERENCES mediation_case(id),
    seq BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    action TEXT NOT NULL,
    entry_json TEXT NOT NULL,
    detail_json TEXT,
    actor_id BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
