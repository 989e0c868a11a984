-- Reminder e-mails, the user's reminder preferences, and the local mailbox.

-- The durable schedule: one row per reminder an interview implies. Rows are written in the
-- same transaction as the interview change that implies them, and the dispatcher only ever
-- works from these rows, so a reminder survives restarts and is claimed by exactly one sender.
CREATE TABLE reminders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('research', 'deadline', 'overdue')),
  -- Minutes before the deadline for 'deadline' reminders; 0 for the other kinds.
  lead INTEGER NOT NULL DEFAULT 0 CHECK (lead >= 0),
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  -- Incremented by every claim and never reset: it is also the fencing token that lets only
  -- the holder of the latest claim record the outcome of a send.
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Never earlier than due_at; later while backing off after a temporary failure.
  next_attempt_at INTEGER NOT NULL,
  -- While 'sending': until when the claim is reserved for the process that made it.
  lease_until INTEGER,
  last_error TEXT,
  message_id TEXT,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (interview_id, kind, lead),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
-- The claim and the wake-up query are range scans over pending rows only; sent history does not slow them.
CREATE INDEX reminders_claimable ON reminders(next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminders_leased ON reminders(lease_until) WHERE state = 'sending';
CREATE INDEX reminders_by_user ON reminders(user_id, due_at);

-- No row means the defaults (one reminder 4 h before the deadline, research nudge and overdue
-- notice on, quiet hours 22:00-07:00, the account's e-mail address).
CREATE TABLE reminder_settings (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  leads TEXT NOT NULL DEFAULT '[240]',  -- JSON array of minutes before the deadline
  research_enabled INTEGER NOT NULL DEFAULT 1 CHECK (research_enabled IN (0, 1)),
  overdue_enabled INTEGER NOT NULL DEFAULT 1 CHECK (overdue_enabled IN (0, 1)),
  -- Minutes after local midnight in the user's time zone; both NULL means no quiet hours.
  quiet_start INTEGER CHECK (quiet_start BETWEEN 0 AND 1439),
  quiet_end INTEGER CHECK (quiet_end BETWEEN 0 AND 1439),
  email TEXT,  -- NULL: reminders go to the account's e-mail address
  updated_at INTEGER NOT NULL,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- Messages delivered by the local transport (no SMTP_URL): the complete RFC 5322 text as it
-- would have gone over SMTP, shown on the Mailbox page of the user it belongs to.
CREATE TABLE mailbox (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Delivering the same message again (a retry after a crash) keeps the one copy.
  UNIQUE (user_id, message_id)
);
CREATE INDEX mailbox_by_user ON mailbox(user_id, created_at);
