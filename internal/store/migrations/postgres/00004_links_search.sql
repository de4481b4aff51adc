-- +goose Up
-- The approval message's permalink, which the dashboard and the export link
-- to; empty when Slack did not give one.
ALTER TABLE slack_messages ADD COLUMN permalink TEXT NOT NULL DEFAULT '';

-- Words of the reasons, for the dashboard's text filter. The 'simple'
-- configuration lowercases and splits words without stemming, like SQLite's
-- FTS5 default tokenizer, so that one filter matches the same on both.
CREATE INDEX requests_reason_words ON requests USING gin (to_tsvector('simple', reason));

-- +goose Down
DROP INDEX requests_reason_words;
ALTER TABLE slack_messages DROP COLUMN permalink;
