-- +goose Up
-- Slash commands and clicks already taken, keyed by their Slack signature,
-- so that a signed call replayed within its five minutes changes nothing.
CREATE TABLE slack_seen (
    signature TEXT    PRIMARY KEY,
    seen_at   BIGINT  NOT NULL
);
CREATE INDEX slack_seen_seen_at ON slack_seen (seen_at);

-- +goose Down
DROP TABLE slack_seen;
