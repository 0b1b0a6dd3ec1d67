-- Signed-in browsers' sessions (mawp-server's pages). The cookie carries a random id; only its
-- SHA-256 is kept, so a copy of the file signs nobody in. A session ends when it expires, on
-- sign-out, and when its user's password changes or the user is disabled. Visitors who have
-- not signed in hold no row: their sign-in form's token is signed, not stored.
CREATE TABLE web_session (
    id INTEGER PRIMARY KEY,
    id_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- The token every form of the session's pages carries (random; compared in constant time).
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- Refused from this moment on (UTC, ISO 8601, as created_at).
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX web_session_user ON web_session (user_id);
CREATE INDEX web_session_expiry ON web_session (expires_at);
