-- The daily study reminder: off until the user turns it on, at a wall-clock time in their zone.
CREATE TABLE study_reminder_settings (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  -- Minutes after local midnight in the user's time zone.
  minute INTEGER NOT NULL DEFAULT 1140 CHECK (minute BETWEEN 0 AND 1439),
  updated_at INTEGER NOT NULL
);
CREATE INDEX study_reminder_settings_enabled ON study_reminder_settings(user_id) WHERE enabled = 1;

-- One durable row per user and local day, planned ahead and worked by the reminder dispatcher's
-- pass with the same claim, lease and fencing rules as the reminders table. The UNIQUE key is
-- what makes a day's nudge go at most once, whichever process plans or sends it.
CREATE TABLE study_nudges (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- The user's calendar day (YYYY-MM-DD in their zone) this nudge is for.
  local_date TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  -- Incremented by every claim and never reset: the fencing token of the latest claim.
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  -- Random, fixed at insert: the Message-ID is built from it, never from the reusable row id.
  message_key TEXT NOT NULL UNIQUE,
  message_id TEXT,
  due_count INTEGER,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, local_date),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
CREATE INDEX study_nudges_claimable ON study_nudges(next_attempt_at) WHERE state = 'pending';
CREATE INDEX study_nudges_leased ON study_nudges(lease_until) WHERE state = 'sending';
-- "Does this user have a nudge waiting?" for the per-pass planning query.
CREATE INDEX study_nudges_open ON study_nudges(user_id) WHERE state IN ('pending', 'sending');
