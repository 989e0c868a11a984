-- Follow-up drafts: one row per interviewer and kind, holding the rendered (and possibly
-- edited) text, and the record of how and when it went out.
CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  interviewer_id INTEGER NOT NULL REFERENCES interviewers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('thank_you', 'answers', 'combined')),
  tone TEXT NOT NULL DEFAULT 'warm' CHECK (tone IN ('warm', 'formal', 'brief')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  -- 1 once the user changed subject or body: from then on the text is theirs and is only
  -- replaced by an explicitly confirmed regenerate.
  edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  -- Hash of what the templates produced last time, to tell an edited draft that the
  -- underlying interview data has changed since.
  rendered_hash TEXT NOT NULL DEFAULT '',
  -- draft → sending (claimed for one attempt) → sent. A failed attempt returns to draft.
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent')),
  sent_at INTEGER,
  sent_via TEXT CHECK (sent_via IN ('debrief', 'manual')),
  -- Random and fixed at creation: the Message-ID is derived from it, so every attempt to
  -- send the same draft carries the same Message-ID and a duplicate is recognisable.
  message_key TEXT NOT NULL UNIQUE,
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  last_attempt_at INTEGER,
  last_error TEXT,
  last_error_kind TEXT CHECK (last_error_kind IN ('temporary', 'permanent')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (interviewer_id, kind),
  CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX drafts_by_interview ON drafts(user_id, interview_id);
