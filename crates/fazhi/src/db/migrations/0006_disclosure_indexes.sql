-- M2 政务公开 at scale (100,000 published items): what the public reads need.
--
-- The public catalogue filters and orders by the published version's category
-- and 生成日期. Those live on disclosure_version, so every page joined and sorted
-- the whole published set. The publish path now copies them onto the item
-- (published_category_id, published_formed_on), where partial indexes over the
-- public rows serve each catalogue page as a keyset range scan.
ALTER TABLE disclosure_item ADD COLUMN published_category_id BIGINT REFERENCES disclosure_category(id);
ALTER TABLE disclosure_item ADD COLUMN published_formed_on TEXT;
UPDATE disclosure_item SET
    published_category_id = (SELECT v.category_id FROM disclosure_version v WHERE v.item_id = disclosure_item.id AND v.version = disclosure_item.published_version),
    published_formed_on = (SELECT v.formed_on FROM disclosure_version v WHERE v.item_id = disclosure_item.id AND v.version = disclosure_item.published_version)
WHERE published_version IS NOT NULL;

-- A town's catalogue, newest 生成日期 first (also with a year range).
CREATE INDEX disclosure_item_catalogue_idx ON disclosure_item(org_id, published_formed_on, id)
    WHERE published_version IS NOT NULL AND withdrawn_at IS NULL;
-- A town's catalogue by category.
CREATE INDEX disclosure_item_catalogue_cat_idx ON disclosure_item(org_id, published_category_id, published_formed_on, id)
    WHERE published_version IS NOT NULL AND withdrawn_at IS NULL;
-- The public API across all towns.
CREATE INDEX disclosure_item_catalogue_all_idx ON disclosure_item(published_formed_on, id)
    WHERE published_version IS NOT NULL AND withdrawn_at IS NULL;

-- Published items per town, category and year of 生成日期: the category counts
-- and the year list of the catalogue page read this instead of counting the
-- published set on every page. Maintained by the publish and withdraw paths.
CREATE TABLE disclosure_catalogue_count (
    town_id BIGINT NOT NULL REFERENCES org_unit(id),
    category_id BIGINT NOT NULL REFERENCES disclosure_category(id),
    year TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (town_id, category_id, year)
);
INSERT INTO disclosure_catalogue_count (town_id, category_id, year, n)
SELECT org_id, published_category_id, SUBSTR(published_formed_on, 1, 4), COUNT(*)
FROM disclosure_item WHERE published_version IS NOT NULL AND withdrawn_at IS NULL
GROUP BY org_id, published_category_id, SUBSTR(published_formed_on, 1, 4);

-- Search results are ordered newest first: with many matches for a common
-- word (低保), walking this index and stopping at the page size beats sorting
-- every match.
CREATE INDEX search_doc_updated_idx ON search_doc(updated_at);
CREATE INDEX search_doc_org_updated_idx ON search_doc(org_id, updated_at);

-- The annual report counts a year's first publications per town.
CREATE INDEX disclosure_item_first_published_idx ON disclosure_item(org_id, first_published_at);
