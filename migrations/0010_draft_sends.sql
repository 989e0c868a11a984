-- Per interviewer, whether the thank-you and the answers go out as one e-mail or two.
-- Asked once; until it is answered, only the question is shown.
CREATE TABLE draft_plans (
  interviewer_id INTEGER PRIMARY KEY REFERENCES interviewers(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  plan TEXT NOT NULL CHECK (plan IN ('one', 'two')),
  updated_at INTEGER NOT NULL
);

-- A send from Debrief, queued: it goes out once due_at (the end of the undo window) has
-- passed. queued → sending (claimed, leased, fenced by attempts) → sent | failed; queued →
-- cancelled by an undo. The text is the snapshot the user confirmed, so a later edit of the
-- draft cannot change what goes out.
CREATE TABLE outgoing_drafts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'sent', 'cancelled', 'failed')),
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  -- Random per queued send and never reused: the Message-ID is derived from it, so every
  -- attempt of this send carries the same Message-ID and a new send never does.
  message_key TEXT NOT NULL UNIQUE,
  from_name TEXT NOT NULL,
  to_name TEXT NOT NULL,
  to_address TEXT NOT NULL,
  reply_name TEXT NOT NULL,
  reply_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT,
  last_error TEXT,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- At most one send of a draft is waiting or in flight.
CREATE UNIQUE INDEX outgoing_drafts_active ON outgoing_drafts(draft_id) WHERE state IN ('queued', 'sending');
CREATE INDEX outgoing_drafts_due ON outgoing_drafts(state, due_at);
