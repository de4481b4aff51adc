-- +goose Up
-- The export reads the Slack links in request order beside the requests,
-- instead of looking one up for each of a million rows: each message keeps
-- its request's seq, set by a trigger so that every writer gets it right.
ALTER TABLE slack_messages ADD COLUMN request_seq BIGINT NOT NULL DEFAULT 0;
UPDATE slack_messages AS m
SET request_seq = r.seq
FROM requests AS r
WHERE r.id = m.request_id;
CREATE INDEX slack_messages_request_seq ON slack_messages (request_seq, permalink);
-- +goose StatementBegin
CREATE FUNCTION slack_messages_request_seq() RETURNS trigger AS $$
BEGIN
    NEW.request_seq := (SELECT seq FROM requests WHERE id = NEW.request_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER slack_messages_request_seq BEFORE INSERT ON slack_messages
    FOR EACH ROW EXECUTE FUNCTION slack_messages_request_seq();

-- +goose Down
DROP TRIGGER slack_messages_request_seq ON slack_messages;
DROP FUNCTION slack_messages_request_seq();
DROP INDEX slack_messages_request_seq;
ALTER TABLE slack_messages DROP COLUMN request_seq;
