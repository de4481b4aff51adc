-- +goose Up
-- The export reads the Slack links in request order beside the requests,
-- instead of looking one up for each of a million rows: each message keeps
-- its request's seq, set by a trigger so that every writer gets it right.
ALTER TABLE slack_messages ADD COLUMN request_seq INTEGER NOT NULL DEFAULT 0;
UPDATE slack_messages
SET request_seq = (SELECT seq FROM requests WHERE requests.id = slack_messages.request_id);
CREATE INDEX slack_messages_request_seq ON slack_messages (request_seq, permalink);
-- +goose StatementBegin
CREATE TRIGGER slack_messages_request_seq AFTER INSERT ON slack_messages
BEGIN
    UPDATE slack_messages
    SET request_seq = (SELECT seq FROM requests WHERE id = NEW.request_id)
    WHERE request_id = NEW.request_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER slack_messages_request_seq;
DROP INDEX slack_messages_request_seq;
ALTER TABLE slack_messages DROP COLUMN request_seq;
