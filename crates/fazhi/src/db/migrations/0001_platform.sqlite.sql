-- Full-text index over pre-segmented tokens (jieba, space-separated): the
-- unicode61 tokenizer then only splits on spaces.
CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_doc', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
  INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
  INSERT INTO search_fts(search_fts, rowid, tokens) VALUES('delete', old.id, old.tokens);
END;
CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
  INSERT INTO search_fts(search_fts, rowid, tokens) VALUES('delete', old.id, old.tokens);
  INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens);
END;
