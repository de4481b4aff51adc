-- +goose Up
-- The dashboard's signed-in sessions, so that signing out ends a session on
-- every replica: the cookie carries a random id, kept here only as its
-- SHA-256 (hex), and a cookie whose row is gone signs nobody in. A row lives
-- until sign-out or expires_at, the session's absolute timeout; rows past it
-- are deleted at later sign-ins. Times are Unix microseconds.
CREATE TABLE web_sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_email TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at);

-- +goose Down
DROP TABLE web_sessions;
