-- E-mail becomes a channel like the others, and the daily study reminder goes through every channel.
--
-- A reminders row (and a study_nudges row) is now the plan: 'pending' until it comes due, then
-- handed to the channels the user has on at that moment — one reminder_deliveries row per channel
-- and destination, e-mail included — and marked 'sent' ("handed to its channels"; 'skipped' when
-- nothing was due or no channel was on, 'cancelled' when no longer wanted). From then on each
-- delivery lives on its own: claimed, leased, retried with backoff and fenced on its attempt, so
-- one channel failing or retrying never blocks, delays or repeats another.

CREATE TABLE reminder_deliveries_0016 (
  id INTEGER PRIMARY KEY,
  -- Exactly one of these: what is being delivered.
  reminder_id INTEGER REFERENCES reminders(id) ON DELETE CASCADE,
  nudge_id INTEGER REFERENCES study_nudges(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'push', 'webhook')),
  -- Which one of the channel's destinations: a push subscription's id, '' for e-mail and the webhook.
  target TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  -- Incremented by every claim, never reset: the fencing token.
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  sent_at INTEGER,
  -- Random, fixed at insert: the id a receiver can use to drop a repeated delivery.
  message_key TEXT NOT NULL UNIQUE,
  -- The e-mail's Message-ID once sent (built from the reminder's or nudge's own key).
  message_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (reminder_id, channel, target),
  UNIQUE (nudge_id, channel, target),
  CHECK ((reminder_id IS NULL) <> (nudge_id IS NULL)),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
INSERT INTO reminder_deliveries_0016 (id, reminder_id, user_id, channel, target, due_at, state, attempts,
    next_attempt_at, lease_until, last_error, sent_at, message_key, created_at, updated_at)
  SELECT id, reminder_id, user_id, channel, target, due_at, state, attempts, next_attempt_at, lease_until,
    last_error, sent_at, message_key, created_at, updated_at FROM reminder_deliveries;
DROP TABLE reminder_deliveries;
ALTER TABLE reminder_deliveries_0016 RENAME TO reminder_deliveries;
-- Each channel is claimed on its own, so a slow channel never holds up another's batch.
CREATE INDEX reminder_deliveries_claimable ON reminder_deliveries(channel, next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminder_deliveries_leased ON reminder_deliveries(lease_until) WHERE state = 'sending';
CREATE INDEX reminder_deliveries_by_user ON reminder_deliveries(user_id, reminder_id);
CREATE INDEX reminder_deliveries_by_nudge ON reminder_deliveries(nudge_id) WHERE nudge_id IS NOT NULL;

-- The e-mail state each reminder carried moves to its e-mail delivery: whatever was in flight,
-- waiting for a retry, failed or sent keeps its state, attempts (the fencing token), lease,
-- error and Message-ID. Reminders never tried stay pending and are handed off when due.
INSERT INTO reminder_deliveries (reminder_id, user_id, channel, target, due_at, state, attempts, next_attempt_at,
    lease_until, last_error, sent_at, message_key, message_id, created_at, updated_at)
  SELECT id, user_id, 'email', '', due_at, state, attempts, next_attempt_at, lease_until, last_error, sent_at,
    lower(hex(randomblob(16))), message_id, created_at, updated_at
  FROM reminders WHERE state IN ('sending', 'sent', 'failed') OR (state = 'pending' AND attempts > 0);
UPDATE reminders SET state = 'sent', lease_until = NULL, sent_at = coalesce(sent_at, updated_at)
  WHERE state IN ('sending', 'failed') OR (state = 'pending' AND attempts > 0);

-- The same for the daily study reminders.
INSERT INTO reminder_deliveries (nudge_id, user_id, channel, target, due_at, state, attempts, next_attempt_at,
    lease_until, last_error, sent_at, message_key, message_id, created_at, updated_at)
  SELECT id, user_id, 'email', '', due_at, state, attempts, next_attempt_at, lease_until, last_error, sent_at,
    lower(hex(randomblob(16))), message_id, created_at, updated_at
  FROM study_nudges WHERE state IN ('sending', 'sent', 'failed') OR (state = 'pending' AND attempts > 0);
UPDATE study_nudges SET state = 'sent', lease_until = NULL, sent_at = coalesce(sent_at, updated_at)
  WHERE state IN ('sending', 'failed') OR (state = 'pending' AND attempts > 0);

-- Hand-off is now the reminder's own state change; the separate marker is no longer needed.
DROP TABLE reminder_channel_plans;

-- E-mail reminders can be turned off by a user who has another channel.
ALTER TABLE reminder_settings ADD COLUMN email_enabled INTEGER NOT NULL DEFAULT 1 CHECK (email_enabled IN (0, 1));
