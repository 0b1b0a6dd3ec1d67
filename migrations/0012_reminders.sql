-- Reminders and calendars (DESIGN §11). Like the accounts (0009), the server's administration,
-- not the plan: no events, not in exports.

-- A user's e-mail address (an RFC 5322 addr-spec, as given; checked for form by WorkPlan) and
-- how often `mawp remind` writes to it.
ALTER TABLE app_user ADD COLUMN email TEXT CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254);
ALTER TABLE app_user ADD COLUMN reminders TEXT NOT NULL DEFAULT 'weekly' CHECK (reminders IN ('weekly', 'daily', 'off'));

-- Calendar links are tokens too: made by their user, read-only, listed and revoked with the API
-- tokens. A calendar link is never accepted as an API token nor the other way round. Its
-- `group_id` limits it to one group; NULL: the activities its user's agency leads or partners in.
-- A token's secret_hash is from now on the SHA-256 of its 256 random bits (lower-case hex); one
-- made before keeps its bcrypt hash until its first use, when the server replaces it.
ALTER TABLE api_token ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'calendar'));
ALTER TABLE api_token ADD COLUMN group_id INTEGER REFERENCES work_group (id) CHECK (group_id IS NULL OR kind = 'calendar');

-- What `mawp remind` handed over to the mail system, per user and day (the date it ran as):
-- a second run on the same day, or a weekly user's run later in the same ISO week, sends
-- nothing again. A message the mail system refused has no row and is tried on the next run.
CREATE TABLE reminder_sent (
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    sent_on TEXT NOT NULL CHECK (date(sent_on) IS sent_on),
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (user_id, sent_on)
) STRICT, WITHOUT ROWID;
