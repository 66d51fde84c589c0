-- M2 政务公开, disclosure requests (依申请公开, 条例 chapter 4). A request is its
-- 收到日期 plus the dated steps staff recorded (disclosure_request_event, the
-- core aggregate's events as JSON); state, outcome and dates on the request row
-- are copies of that fold for lists and statistics, rewritten by every step.
-- The applicant's name, 身份证号/统一社会信用代码, phone, address and e-mail are
-- SM4-GCM ciphertexts (*_enc); the ID and phone also have a blind index (*_idx)
-- for exact look-up and the phone check on the tracking page. The tracking
-- secret is kept as its SM3 hash only.

-- Per town: the tracking-code prefix (XL → XL2026-000123) and the texts the
-- answer letter names for remedies.
CREATE TABLE disclosure_request_setting (
    town_id BIGINT PRIMARY KEY REFERENCES org_unit(id),
    code_prefix TEXT NOT NULL UNIQUE,
    review_body TEXT NOT NULL,
    court TEXT,
    updated_by BIGINT,
    updated_at TEXT NOT NULL
);

-- The tracking-code sequence per prefix and receipt year (taken in the registering transaction).
CREATE TABLE disclosure_request_seq (
    prefix TEXT NOT NULL,
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE disclosure_request (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    code TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    receipt_json TEXT NOT NULL,
    received_on TEXT NOT NULL,
    applicant_type TEXT NOT NULL,
    name_enc TEXT NOT NULL,
    id_enc TEXT NOT NULL,
    id_idx TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_idx TEXT NOT NULL,
    address_enc TEXT,
    email_enc TEXT,
    description TEXT NOT NULL,
    purpose TEXT,
    form TEXT NOT NULL,
    delivery TEXT NOT NULL,
    state TEXT NOT NULL,
    extended BOOLEAN NOT NULL DEFAULT FALSE,
    outcome TEXT,
    closed_on TEXT,
    on_time BOOLEAN,
    -- A pending proposal to extend (JSON: days, reason, by, at) awaiting the head's decision.
    extension_proposal TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX disclosure_request_org_idx ON disclosure_request(org_id, received_on);
CREATE INDEX disclosure_request_closed_idx ON disclosure_request(org_id, closed_on);
CREATE INDEX disclosure_request_id_idx ON disclosure_request(id_idx);
CREATE INDEX disclosure_request_phone_idx ON disclosure_request(phone_idx);

-- The recorded steps, in order. event_json is the core Event ({"on", "action", …});
-- detail is a system-written public text (e.g. the fee computation); note is
-- internal and never shown to the applicant.
CREATE TABLE disclosure_request_event (
    id {{PK}},
    request_id BIGINT NOT NULL REFERENCES disclosure_request(id),
    seq BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    action TEXT NOT NULL,
    event_json TEXT NOT NULL,
    detail TEXT,
    note TEXT,
    actor_id BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (request_id, seq)
);

-- Public submissions and failed tracking look-ups, for rate limits (like login_attempt).
CREATE TABLE disclosure_request_attempt (
    id {{PK}},
    kind TEXT NOT NULL,
    code TEXT,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX disclosure_request_attempt_ip_idx ON disclosure_request_attempt(kind, ip, at);
CREATE INDEX disclosure_request_attempt_code_idx ON disclosure_request_attempt(kind, code, at);

-- 行政复议 / 行政诉讼 about the town's disclosure work (annual report Table 四).
CREATE TABLE disclosure_review_case (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    request_id BIGINT REFERENCES disclosure_request(id),
    part TEXT NOT NULL,
    result TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    decided_on TEXT,
    authority TEXT NOT NULL,
    case_no TEXT,
    note TEXT,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX disclosure_review_case_org_idx ON disclosure_review_case(org_id, filed_on);
