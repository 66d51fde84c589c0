-- M2 annual disclosure report (政府信息公开工作年度报告), 国办公开办函〔2021〕30号 format.
-- Tables 三 and 四 are always recomputed from the records; what is stored is the
-- edited text of the sections, the 手工填报 cells of Table 二, the approval, and
-- on publication a snapshot of exactly what was published.
CREATE TABLE disclosure_annual_report (
    id {{PK}},
    town_id BIGINT NOT NULL REFERENCES org_unit(id),
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    sections_json TEXT NOT NULL,
    table2_json TEXT NOT NULL,
    snapshot_json TEXT,
    drafted_by BIGINT NOT NULL,
    approved_by BIGINT,
    approved_at TEXT,
    published_by BIGINT,
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (town_id, year)
);
