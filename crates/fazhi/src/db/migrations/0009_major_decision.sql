-- M5 重大行政决策 (国务院令第713号, townships by 参照): the annual catalogue,
-- decisions with one row per recorded step, public comments on drafts.
-- Materials are platform attachments (entity 'major_decision', entity_id
-- '<id>' or '<id>-<step>'); the legality review lives in the legality-review
-- mechanism (subject kind 'decision').
CREATE TABLE decision_catalogue (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    party_consent_on TEXT,
    approved_by BIGINT,
    approved_at TEXT,
    published_at TEXT,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, year)
);

CREATE TABLE decision_catalogue_item (
    id {{PK}},
    catalogue_id BIGINT NOT NULL REFERENCES decision_catalogue(id),
    seq BIGINT NOT NULL,
    title TEXT NOT NULL,
    lead_unit TEXT NOT NULL,
    basis TEXT,
    planned TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX decision_catalogue_item_idx ON decision_catalogue_item(catalogue_id, seq);

CREATE TABLE major_decision (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    catalogue_item_id BIGINT NOT NULL REFERENCES decision_catalogue_item(id),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    lead_unit TEXT NOT NULL,
    summary TEXT NOT NULL,
    hearing BOOLEAN NOT NULL,
    technical BOOLEAN NOT NULL,
    risky BOOLEAN NOT NULL,
    draft_text TEXT,
    draft_explanation TEXT,
    comment_start TEXT,
    comment_end TEXT,
    urgent_reason TEXT,
    adoption_text TEXT,
    decision_text TEXT,
    doc_no TEXT,
    decided_on TEXT,
    published_on TEXT,
    standing TEXT NOT NULL,
    stage TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX major_decision_org_idx ON major_decision(org_id, year);

CREATE TABLE decision_step (
    id {{PK}},
    decision_id BIGINT NOT NULL REFERENCES major_decision(id),
    step TEXT NOT NULL,
    done_on TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail_json TEXT NOT NULL,
    -- 集体讨论: the meeting agenda item (议题) it was decided under; no FK so the
    -- meetings module can be linked without a migration order.
    meeting_item_id BIGINT,
    created_at TEXT NOT NULL
);
CREATE INDEX decision_step_idx ON decision_step(decision_id, step);

CREATE TABLE decision_comment (
    id {{PK}},
    decision_id BIGINT NOT NULL REFERENCES major_decision(id),
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT,
    contact_enc TEXT,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    reject_reason TEXT,
    moderated_by BIGINT,
    moderated_at TEXT,
    ip_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX decision_comment_idx ON decision_comment(decision_id, status);
CREATE INDEX decision_comment_ip_idx ON decision_comment(ip_hash, created_at);
