-- +goose Up
-- The approval message's permalink, which the dashboard and the export link
-- to; empty when Slack did not give one.
ALTER TABLE slack_messages ADD COLUMN permalink TEXT NOT NULL DEFAULT '';

-- Words of the reasons, for the dashboard's text filter: an external-content
-- FTS5 index over requests, keyed by seq, kept in step by triggers.
CREATE VIRTUAL TABLE requests_fts USING fts5 (
    reason,
    content = 'requests',
    content_rowid = 'seq'
);
INSERT INTO requests_fts (requests_fts) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
    INSERT INTO requests_fts (rowid, reason) VALUES (new.seq, new.reason);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
    INSERT INTO requests_fts (requests_fts, rowid, reason) VALUES ('delete', old.seq, old.reason);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER requests_fts_update AFTER UPDATE OF reason ON requests BEGIN
    INSERT INTO requests_fts (requests_fts, rowid, reason) VALUES ('delete', old.seq, old.reason);
    INSERT INTO requests_fts (rowid, reason) VALUES (new.seq, new.reason);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER requests_fts_update;
DROP TRIGGER requests_fts_delete;
DROP TRIGGER requests_fts_insert;
DROP TABLE requests_fts;
ALTER TABLE slack_messages DROP COLUMN permalink;
