-- 合法性审查 (legality review) and the register of legal advisers (法律顾问).
-- One mechanism other modules attach to: a review names its subject by kind
-- ('decision', 'document', 'contract', 'enforcement') and, where the subject
-- is a record of another module, its id (a contract may stand alone: NULL).
-- The reviewer's period runs on the platform clock (entity 'legal_review',
-- name '审查期限'); due_date here is a copy for lists and statistics.

-- Advisers retained by a unit (usually the town): 执业证号, firm, contract term
-- and scope. user_id links the adviser's own account when they have one, so
-- reviews assigned to them land in their queue.
CREATE TABLE legal_adviser (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT NOT NULL,
    licence_no TEXT NOT NULL,
    firm TEXT NOT NULL,
    contract_start TEXT NOT NULL,
    contract_end TEXT NOT NULL,
    scope TEXT NOT NULL,
    user_id BIGINT REFERENCES app_user(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX legal_adviser_licence_idx ON legal_adviser(org_id, licence_no);

CREATE TABLE legal_review (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT,
    subject_title TEXT NOT NULL,
    -- 送审材料 as described by the requester; the files are attachments
    -- (entity 'legal_review').
    materials TEXT,
    questions TEXT NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES app_user(id),
    requested_at TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    working_days BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    state TEXT NOT NULL,
    -- Who reviews: an adviser of the register and/or a user (the adviser's
    -- account or a 司法所 reviewer); both NULL = any reviewer of the unit.
    adviser_id BIGINT REFERENCES legal_adviser(id),
    reviewer_id BIGINT REFERENCES app_user(id),
    opined_by BIGINT REFERENCES app_user(id),
    conclusion TEXT,
    reasons TEXT,
    articles TEXT,
    opined_at TEXT,
    opined_on TEXT,
    on_time BOOLEAN,
    responded_by BIGINT REFERENCES app_user(id),
    responded_at TEXT,
    withdrawn_by BIGINT REFERENCES app_user(id),
    withdrawn_at TEXT,
    withdraw_reason TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX legal_review_subject_idx ON legal_review(subject_kind, subject_id);
CREATE INDEX legal_review_org_idx ON legal_review(org_id, submitted_on);
CREATE INDEX legal_review_reviewer_idx ON legal_review(reviewer_id, state);

-- The opinion's points (修改意见), numbered; the requester's response to each
-- (adopted, with a note — required when not adopted) is filled in once.
CREATE TABLE legal_review_point (
    id {{PK}},
    review_id BIGINT NOT NULL REFERENCES legal_review(id),
    seq BIGINT NOT NULL,
    text TEXT NOT NULL,
    adopted BOOLEAN,
    response_note TEXT,
    responded_at TEXT,
    UNIQUE (review_id, seq)
);
