-- Deleting a posting checks that no repost points at it (`reposted_from`, ON DELETE SET NULL): without an
-- index that is a scan of every posting per posting deleted — minutes for a demo reload beside real
-- data, or a benchmark's clean-up, at province scale. Few postings are reposts: a partial index.
CREATE INDEX postings_reposted_from_idx ON postings (reposted_from) WHERE reposted_from IS NOT NULL;
