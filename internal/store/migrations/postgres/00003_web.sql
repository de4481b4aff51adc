-- +goose Up
-- The dashboard's filters: by who decided, and by when a request was made.
-- Each index ends in seq so that a page comes out newest first without a sort.
-- A request is approved or denied, never both: the two joined are its decider.
CREATE INDEX requests_decider_seq ON requests ((approved_by || denied_by), seq);
CREATE INDEX requests_created_at ON requests (created_at);

-- Secrets latch makes for itself, such as the session cookie key when the
-- configuration gives none. Values are base64.
CREATE TABLE web_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE web_secrets;
DROP INDEX requests_created_at;
DROP INDEX requests_decider_seq;
