-- 会议制度 (meetings): types with members and a weekly schedule, meetings, agenda items (议题) with
-- materials, attendance, discussion notes, itemized votes (逐项表决), item decisions, minutes versions
-- and corrections (更正). Approved votes, decisions and minutes are never updated in place: a correction
-- inserts a new row and marks the old one `superseded_by`, so the original stays.

CREATE TABLE meeting_type (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    name TEXT NOT NULL,
    -- Notice lead time in calendar days (提前通知).
    notice_days BIGINT NOT NULL DEFAULT 1,
    -- Quorum: num/den of the voting members; strict = "more than" (过半数), else "at least".
    quorum_num BIGINT NOT NULL DEFAULT 1,
    quorum_den BIGINT NOT NULL DEFAULT 2,
    quorum_strict BOOLEAN NOT NULL DEFAULT TRUE,
    -- Recurring schedule: ISO weekday (1 = Monday) or NULL when convened as needed.
    weekday BIGINT,
    start_time TEXT NOT NULL DEFAULT '08:30',
    location TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE meeting_member (
    id {{PK}},
    type_id BIGINT NOT NULL REFERENCES meeting_type(id),
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    -- principal | member | attendee (列席, no vote)
    role TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    UNIQUE (type_id, user_id)
);

CREATE TABLE meeting (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    type_id BIGINT NOT NULL REFERENCES meeting_type(id),
    title TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    -- preparing | notified | in_session | ended | approved
    status TEXT NOT NULL,
    notice_sent_at TEXT,
    notice_on_time BOOLEAN,
    notice_late_reason TEXT,
    started_at TEXT,
    ended_at TEXT,
    approved_at TEXT,
    approved_by BIGINT REFERENCES app_user(id),
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    -- Bumped by every change to the meeting or anything under it (OParl `modified`).
    modified_at TEXT NOT NULL,
    UNIQUE (type_id, meeting_date)
);
CREATE INDEX meeting_org_date ON meeting (org_id, meeting_date);
CREATE INDEX meeting_modified ON meeting (modified_at);

-- Members as they stood when the notice went out (later changes to the type do not rewrite a past meeting).
CREATE TABLE meeting_attendance (
    id {{PK}},
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    role TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    -- NULL until recorded; present | absent | leave
    presence TEXT,
    reason TEXT,
    recorded_at TEXT,
    UNIQUE (meeting_id, user_id)
);

CREATE TABLE meeting_item (
    id {{PK}},
    org_id BIGINT NOT NULL REFERENCES org_unit(id),
    meeting_id BIGINT REFERENCES meeting(id),
    position BIGINT NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    proposer_id BIGINT NOT NULL REFERENCES app_user(id),
    proposer_unit TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- 前期调研、征求意见、会前协调情况.
    research_notes TEXT,
    -- A major administrative decision (重大行政决策) this item puts to the meeting.
    decision_id BIGINT NULL,
    -- proposed | accepted | returned | decided
    status TEXT NOT NULL,
    return_reason TEXT,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
);
CREATE INDEX meeting_item_meeting ON meeting_item (meeting_id, position);
CREATE INDEX meeting_item_decision ON meeting_item (decision_id);

CREATE TABLE meeting_item_file (
    id {{PK}},
    item_id BIGINT NOT NULL REFERENCES meeting_item(id),
    attachment_id BIGINT NOT NULL REFERENCES attachment(id),
    -- Published with the meeting (OParl File) once the minutes are approved.
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    UNIQUE (item_id, attachment_id)
);

-- 发言要点: internal, never published.
CREATE TABLE meeting_note (
    id {{PK}},
    item_id BIGINT NOT NULL REFERENCES meeting_item(id),
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    body TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_note_item ON meeting_note (item_id);

CREATE TABLE meeting_correction (
    id {{PK}},
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    -- vote | decision
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE meeting_vote (
    id {{PK}},
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    item_id BIGINT NOT NULL REFERENCES meeting_item(id),
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    -- agree | disagree | abstain
    choice TEXT NOT NULL,
    opinion TEXT,
    cast_at TEXT NOT NULL,
    superseded_by BIGINT,
    correction_id BIGINT REFERENCES meeting_correction(id)
);
CREATE UNIQUE INDEX meeting_vote_current ON meeting_vote (item_id, user_id) WHERE superseded_by IS NULL;

CREATE TABLE meeting_decision (
    id {{PK}},
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    item_id BIGINT NOT NULL REFERENCES meeting_item(id),
    -- adopt | reject | defer
    outcome TEXT NOT NULL,
    text TEXT NOT NULL,
    majority TEXT NOT NULL,
    contrary BOOLEAN NOT NULL,
    contrary_reason TEXT,
    members BIGINT NOT NULL,
    present BIGINT NOT NULL,
    agree BIGINT NOT NULL,
    disagree BIGINT NOT NULL,
    abstain BIGINT NOT NULL,
    decided_by BIGINT NOT NULL,
    decided_at TEXT NOT NULL,
    superseded_by BIGINT,
    correction_id BIGINT REFERENCES meeting_correction(id)
);
CREATE UNIQUE INDEX meeting_decision_current ON meeting_decision (item_id) WHERE superseded_by IS NULL;

CREATE TABLE meeting_minutes (
    id {{PK}},
    meeting_id BIGINT NOT NULL REFERENCES meeting(id),
    version BIGINT NOT NULL,
    attachment_id BIGINT NOT NULL REFERENCES attachment(id),
    sm3 TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    approved_by BIGINT NOT NULL,
    correction_id BIGINT REFERENCES meeting_correction(id),
    UNIQUE (meeting_id, version)
);
