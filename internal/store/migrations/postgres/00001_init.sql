-- +goose Up
-- Times are microseconds since the Unix epoch, UTC; 0 means "not yet".
-- Durations are milliseconds.
CREATE TABLE requests (
    seq                   BIGSERIAL PRIMARY KEY,
    id                    TEXT    NOT NULL UNIQUE,
    version               BIGINT  NOT NULL DEFAULT 1,
    status                TEXT    NOT NULL,
    requester             TEXT    NOT NULL,
    resource              TEXT    NOT NULL,
    integration           TEXT    NOT NULL,
    access                TEXT    NOT NULL,
    reason                TEXT    NOT NULL,
    requested_duration_ms BIGINT  NOT NULL DEFAULT 0,
    approved_duration_ms  BIGINT  NOT NULL DEFAULT 0,
    approved_by           TEXT    NOT NULL DEFAULT '',
    approved_at           BIGINT  NOT NULL DEFAULT 0,
    denied_by             TEXT    NOT NULL DEFAULT '',
    denied_at             BIGINT  NOT NULL DEFAULT 0,
    granted_at            BIGINT  NOT NULL DEFAULT 0,
    ends_at               BIGINT  NOT NULL DEFAULT 0,
    end_reason            TEXT    NOT NULL DEFAULT '',
    ended_at              BIGINT  NOT NULL DEFAULT 0,
    ended_by              TEXT    NOT NULL DEFAULT '',
    error                 TEXT    NOT NULL DEFAULT '',
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL
);
CREATE INDEX requests_status_seq ON requests (status, seq);
CREATE INDEX requests_requester_seq ON requests (requester, seq);
CREATE INDEX requests_resource_seq ON requests (resource, seq);

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    request_id  TEXT    NOT NULL REFERENCES requests (id),
    at          BIGINT  NOT NULL,
    kind        TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    from_status TEXT    NOT NULL DEFAULT '',
    to_status   TEXT    NOT NULL DEFAULT '',
    message     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX events_request_id ON events (request_id, id);

CREATE TABLE tokens (
    id           TEXT    PRIMARY KEY,
    hash         TEXT    NOT NULL UNIQUE,
    user_email   TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT  NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE tokens;
DROP TABLE events;
DROP TABLE requests;
