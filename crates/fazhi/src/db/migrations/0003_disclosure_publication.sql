-- M2 政务公开, proactive publication (主动公开): the town's catalogue categories,
-- its guide (指南) and 索引号 scheme, items with their versions, confidentiality
-- reviews (保密审查) and published files. The public only ever reads
-- disclosure_version rows whose (item_id, version) is an item's
-- published_version, of an item that is not withdrawn.

-- One row per town: the guide's edited fields (art.12) and the 索引号 scheme.
CREATE TABLE disclosure_guide (
    town_id BIGINT PRIMARY KEY REFERENCES org_unit(id),
    classification TEXT,
    arrangement TEXT,
    access_methods TEXT,
    agency_name TEXT,
    address TEXT,
    office_hours TEXT,
    phone TEXT,
    fax TEXT,
    online_contact TEXT,
    supervision TEXT,
    index_org_code TEXT NOT NULL,
    index_pattern TEXT NOT NULL,
    rereview_months BIGINT NOT NULL DEFAULT 12,
    updated_by BIGINT,
    updated_at TEXT NOT NULL
);

-- The town's catalogue categories (目录分类), configurable; a default set for a 镇.
CREATE TABLE disclosure_category (
    id {{PK}},
    town_id BIGINT NOT NULL REFERENCES org_unit(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    basis TEXT,
    sort_order BIGINT NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (town_id, code)
);

-- The 索引号 sequence, per town and year (taken inside the drafting transaction).
CREATE TABLE disclosure_index_seq (
    town_id BIGINT NOT NULL REFERENCES org_unit(id),
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (town_id, year)
);

-- An item: its number and workflow state; title, category, dates and 公开属性
-- (publicity: proactive | on_request | withheld, as fazhi_core's Publicity) are
-- copied from the working version for lists. published_version is what the
-- public sees (NULL until the first publication).
CREATE TABLE disclosure_item (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    index_no TEXT NOT NULL,
    status TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    published_version BIGINT,
    title TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES disclosure_category(id),
    formed_on TEXT NOT NULL,
    publicity TEXT NOT NULL,
    first_published_at TEXT,
    last_published_at TEXT,
    scheduled_version BIGINT,
    release_at TEXT,
    scheduled_by BIGINT,
    withdrawn_at TEXT,
    withdrawn_by BIGINT,
    withdraw_reason TEXT,
    next_rereview_on TEXT,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, index_no)
);
CREATE INDEX disclosure_item_status_idx ON disclosure_item(status, release_at);
CREATE INDEX disclosure_item_public_idx ON disclosure_item(org_id, published_version, withdrawn_at);

-- Every version of an item. summary/body keep the redaction marks (internal);
-- summary_public/body_public are what publication shows. content_hash covers
-- what a review saw (text, 公开属性, files).
CREATE TABLE disclosure_version (
    id {{PK}},
    item_id BIGINT NOT NULL REFERENCES disclosure_item(id),
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    doc_no TEXT,
    issuer TEXT NOT NULL,
    formed_on TEXT NOT NULL,
    changed_on TEXT,
    change_note TEXT,
    category_id BIGINT NOT NULL REFERENCES disclosure_category(id),
    publicity TEXT NOT NULL,
    withhold_ground TEXT,
    publicity_reason TEXT,
    summary TEXT NOT NULL,
    summary_public TEXT NOT NULL,
    body TEXT NOT NULL,
    body_public TEXT NOT NULL,
    redactions BIGINT NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    updated_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    published_at TEXT,
    UNIQUE (item_id, version)
);

-- Files of a version (platform attachments; the public may download only the
-- files of a published version).
CREATE TABLE disclosure_version_file (
    version_id BIGINT NOT NULL REFERENCES disclosure_version(id),
    attachment_id BIGINT NOT NULL REFERENCES attachment(id),
    PRIMARY KEY (version_id, attachment_id)
);

-- Confidentiality reviews (保密审查, art.17) and periodic re-reviews of withheld
-- items (art.18): reviewer, basis, conclusion, and the content they covered.
CREATE TABLE disclosure_review (
    id {{PK}},
    item_id BIGINT NOT NULL REFERENCES disclosure_item(id),
    version BIGINT NOT NULL,
    kind TEXT NOT NULL,
    reviewer_id BIGINT NOT NULL,
    reviewer_name TEXT NOT NULL,
    basis TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    opinion TEXT,
    escalated_to TEXT,
    content_hash TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX disclosure_review_item_idx ON disclosure_review(item_id, version, id);
