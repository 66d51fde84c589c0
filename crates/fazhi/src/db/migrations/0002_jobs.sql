-- Background jobs keep their output file (e.g. an XLSX export) beside the data.
ALTER TABLE job ADD COLUMN result_path TEXT;
ALTER TABLE job ADD COLUMN result_name TEXT;
ALTER TABLE job ADD COLUMN rows_done BIGINT NOT NULL DEFAULT 0;
