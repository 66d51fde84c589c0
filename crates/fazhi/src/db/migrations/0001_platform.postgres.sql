-- Full-text index over pre-segmented tokens (jieba, space-separated) with the
-- 'simple' configuration: no stemming or stop words to mangle Chinese.
ALTER TABLE search_doc ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED;
CREATE INDEX search_doc_tsv_idx ON search_doc USING GIN (tsv);
