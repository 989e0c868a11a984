-- The coach's daily digest and review-request notices reach the coach through every channel the
-- coach has on, like reminders: a coach_mail row is now the plan ('sent' = "handed to its
-- channels"), and when due it gets one reminder_deliveries row per channel and destination.
-- SQLite cannot alter a CHECK constraint, so the deliveries table is rebuilt (as in 0016).

CREATE TABLE reminder_deliveries_0019 (
  id INTEGER PRIMARY KEY,
  -- Exactly one of these: what is being delivered.
  reminder_id INTEGER REFERENCES reminders(id) ON DELETE CASCADE,
  nudge_id INTEGER REFERENCES study_nudges(id) ON DELETE CASCADE,
  coach_mail_id INTEGER REFERENCES coach_mail(id) ON DELETE CASCADE,
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
  -- The e-mail's Message-ID once sent (built from the reminder's, nudge's or coach mail's own key).
  message_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (reminder_id, channel, target),
  UNIQUE (nudge_id, channel, target),
  UNIQUE (coach_mail_id, channel, target),
  CHECK ((reminder_id IS NOT NULL) + (nudge_id IS NOT NULL) + (coach_mail_id IS NOT NULL) = 1),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
INSERT INTO reminder_deliveries_0019 (id, reminder_id, nudge_id, user_id, channel, target, due_at, state, attempts,
    next_attempt_at, lease_until, last_error, sent_at, message_key, message_id, created_at, updated_at)
  SELECT id, reminder_id, nudge_id, user_id, channel, target, due_at, state, attempts, next_attempt_at, lease_until,
    last_error, sent_at, message_key, message_id, created_at, updated_at FROM reminder_deliveries;
DROP TABLE reminder_deliveries;
ALTER TABLE reminder_deliveries_0019 RENAME TO reminder_deliveries;
-- Each channel is claimed on its own, so a slow channel never holds up another's batch.
CREATE INDEX reminder_deliveries_claimable ON reminder_deliveries(channel, next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminder_deliveries_leased ON reminder_deliveries(lease_until) WHERE state = 'sending';
CREATE INDEX reminder_deliveries_by_user ON reminder_deliveries(user_id, reminder_id);
CREATE INDEX reminder_deliveries_by_nudge ON reminder_deliveries(nudge_id) WHERE nudge_id IS NOT NULL;
CREATE INDEX reminder_deliveries_by_coach_mail ON reminder_deliveries(coach_mail_id) WHERE coach_mail_id IS NOT NULL;

-- Coach mail already sent, failed, skipped or cancelled stays as it is: the e-mail it was. Rows
-- still pending (never tried, or waiting for a retry) are handed to the channels when due, and a
-- row whose send was interrupted is reclaimed when its lease expires and handed off the same way.
