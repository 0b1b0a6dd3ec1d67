-- Accounts for mawp-server: users, each bound to an agency with a role, and API tokens.
-- Secrets are kept only as bcrypt hashes (cost 12): a password, a one-time set-up code, a
-- token's secret. Accounts are the server's administration, not the plan: no events, not in
-- exports; a change a user makes names them in the plan's event log (`actor`).
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    -- Letters, digits and . _ @ -, as in an e-mail address's local part: "amina.unicef".
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
        CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^A-Za-z0-9._@-]*'),
    agency_id INTEGER NOT NULL REFERENCES agency (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash TEXT,
    setup_code_hash TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT
) STRICT;

CREATE INDEX app_user_agency ON app_user (agency_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    secret_hash TEXT NOT NULL,
    read_only INTEGER NOT NULL CHECK (read_only IN (0, 1)),
    -- Refused from this date on (UTC); NULL: until revoked.
    expires_on TEXT CHECK (expires_on IS NULL OR date(expires_on) IS expires_on),
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE INDEX api_token_user ON api_token (user_id);
