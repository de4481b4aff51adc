-- +goose Up
-- The expiry sweep looks for active grants whose end has come.
CREATE INDEX requests_status_ends_at ON requests (status, ends_at);

-- +goose Down
DROP INDEX requests_status_ends_at;
