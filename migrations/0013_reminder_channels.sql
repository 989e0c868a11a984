-- Reminders reach the user through every channel they enabled, not only e-mail.
-- The e-mail of a reminder is still recorded on the reminders row itself (its state machine and
-- Message-ID are unchanged); every other channel gets a delivery row per reminder and target,
-- claimed, leased and fenced independently, so one channel failing or retrying never blocks,
-- delays or repeats another.

-- A browser or device that subscribed to Web Push (RFC 8030) on the settings page.
CREATE TABLE push_subscriptions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,   -- the browser's P-256 public key, base64url (RFC 8291)
  auth TEXT NOT NULL,     -- the 16-byte authentication secret, base64url
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX push_subscriptions_by_user ON push_subscriptions(user_id);

-- At most one webhook per user; the secret signs every request (HMAC-SHA256).
CREATE TABLE reminder_webhooks (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A reminder that came due and had its non-e-mail deliveries created; the reminders row itself
-- is left as it was. Reminders from before this migration only ever had e-mail.
CREATE TABLE reminder_channel_plans (
  reminder_id INTEGER PRIMARY KEY REFERENCES reminders(id) ON DELETE CASCADE,
  planned_at INTEGER NOT NULL
);
INSERT INTO reminder_channel_plans (reminder_id, planned_at) SELECT id, updated_at FROM reminders;
-- Planning looks only at reminders that came due in the last two days (the give-up window).
CREATE INDEX reminders_by_due ON reminders(due_at);

CREATE TABLE reminder_deliveries (
  id INTEGER PRIMARY KEY,
  reminder_id INTEGER NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('push', 'webhook')),
  -- Which one of the channel's destinations: a push subscription's id, '' for the webhook.
  target TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  -- Incremented by every claim, never reset: the fencing token, as on reminders.
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT,
  sent_at INTEGER,
  -- Random, fixed at insert: the id a receiver can use to drop a repeated delivery.
  message_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (reminder_id, channel, target),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
CREATE INDEX reminder_deliveries_claimable ON reminder_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminder_deliveries_leased ON reminder_deliveries(lease_until) WHERE state = 'sending';
CREATE INDEX reminder_deliveries_by_user ON reminder_deliveries(user_id, reminder_id);
