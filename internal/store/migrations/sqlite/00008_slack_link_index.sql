-- +goose Up
-- Lists and the export read each request's Slack link by a join; with the
-- link in the index the join never visits the messages table itself.
CREATE INDEX slack_messages_request_permalink ON slack_messages (request_id, permalink);

-- +goose Down
DROP INDEX slack_messages_request_permalink;
