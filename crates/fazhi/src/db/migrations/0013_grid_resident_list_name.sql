-- The register list's index also carries the name, so a search by name
-- (contains) is tested on the index entries in list order instead of reading
-- every row until a page is full: at a million residents, a name whose
-- matches sort late took 1.3 s, now 55 ms (BENCHMARKS.md, "Grid (M10)").
DROP INDEX grid_resident_list_idx;
CREATE INDEX grid_resident_list_idx ON grid_resident((COALESCE(CAST(name AS TEXT), '')), id, name);
