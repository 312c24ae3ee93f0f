-- A counter that moves on every write of an organization or member row. The session check reads
-- it with the session (one joined point select) and serves the organization and member views
-- from a per-node cache while the counter is unchanged; updated_at cannot serve as that key,
-- since two writes in the same millisecond would leave it equal.
ALTER TABLE organizations ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
