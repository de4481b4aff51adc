-- +goose Up
-- The approvals channel message of each request: one row, written in the
-- transaction that completes the job which posted it, so that no retry
-- posts a second message.
CREATE TABLE slack_messages (
    request_id TEXT    PRIMARY KEY REFERENCES requests (id),
    channel    TEXT    NOT NULL,
    ts         TEXT    NOT NULL,
    posted_at  BIGINT  NOT NULL
);
CREATE UNIQUE INDEX slack_messages_channel_ts ON slack_messages (channel, ts);

-- Events API deliveries already taken, so that Slack's retries are ignored.
CREATE TABLE slack_events (
    event_id TEXT    PRIMARY KEY,
    seen_at  BIGINT  NOT NULL
);
CREATE INDEX slack_events_seen_at ON slack_events (seen_at);

-- +goose Down
DROP TABLE slack_events;
DROP TABLE slack_messages;
