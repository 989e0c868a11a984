-- A coach reviews a candidate's follow-up before it goes out, and hears about deadlines once a day.

-- A linked coach's comment on one of the candidate's notes (interview, interviewer, kind: the
-- note is named even before the candidate first saved it) or on a researched answer (a question).
-- user_id is the candidate: the comments are part of their data (exported, deleted with them).
CREATE TABLE coach_comments (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- The coach; kept as a name once the coach's account is gone (or for an imported comment).
  coach_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  coach_name TEXT NOT NULL,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  interviewer_id INTEGER REFERENCES interviewers(id) ON DELETE CASCADE,
  kind TEXT CHECK (kind IN ('thank_you', 'answers', 'combined')),
  question_id INTEGER REFERENCES questions(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  -- A replacement text the candidate may apply with one click (the note's text or the answer).
  suggestion TEXT,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'applied', 'dismissed')),
  resolved_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((question_id IS NULL AND interviewer_id IS NOT NULL AND kind IS NOT NULL)
      OR (question_id IS NOT NULL AND interviewer_id IS NULL AND kind IS NULL)),
  CHECK ((state = 'open') = (resolved_at IS NULL))
);
CREATE INDEX coach_comments_by_interview ON coach_comments(user_id, interview_id, created_at);
CREATE INDEX coach_comments_by_question ON coach_comments(question_id) WHERE question_id IS NOT NULL;

-- "Looks good" from a coach on one note; the hash of the text it approved tells a later edit.
CREATE TABLE coach_approvals (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  interviewer_id INTEGER NOT NULL REFERENCES interviewers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('thank_you', 'answers', 'combined')),
  text_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (interviewer_id, kind, coach_id)
);
CREATE INDEX coach_approvals_by_interview ON coach_approvals(user_id, interview_id);

-- The candidate asked their coaches to review a note. Open until a coach comments on or approves
-- that note, or the candidate withdraws it; at most one open request per note.
CREATE TABLE coach_review_requests (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  interviewer_id INTEGER NOT NULL REFERENCES interviewers(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('thank_you', 'answers', 'combined')),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'withdrawn')),
  created_at INTEGER NOT NULL,
  closed_at INTEGER,
  CHECK ((state = 'open') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX coach_review_requests_open ON coach_review_requests(interviewer_id, kind) WHERE state = 'open';
-- The digest's one query over a coach's candidates.
CREATE INDEX coach_review_requests_open_by_user ON coach_review_requests(user_id) WHERE state = 'open';

-- The coach's daily digest: on by default (it says nothing on a day with nothing to say), at a
-- wall-clock time in the coach's zone.
CREATE TABLE coach_digest_settings (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- Minutes after local midnight in the coach's time zone.
  minute INTEGER NOT NULL DEFAULT 480 CHECK (minute BETWEEN 0 AND 1439),
  updated_at INTEGER NOT NULL
);

-- Durable outgoing coach mail, worked by the reminder dispatcher's pass with the claim, lease and
-- fencing rules of study_nudges. kind 'digest': one row per coach and local day (the UNIQUE
-- index is what sends a day's digest at most once); kind 'review': one row per review request
-- and coach, telling the coach a candidate asked for a review.
CREATE TABLE coach_mail (
  id INTEGER PRIMARY KEY,
  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('digest', 'review')),
  local_date TEXT CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  request_id INTEGER REFERENCES coach_review_requests(id) ON DELETE CASCADE,
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
  item_count INTEGER,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'digest') = (local_date IS NOT NULL)),
  CHECK ((kind = 'review') = (request_id IS NOT NULL)),
  CHECK (state <> 'sending' OR lease_until IS NOT NULL),
  CHECK (next_attempt_at >= due_at)
);
CREATE UNIQUE INDEX coach_mail_digest_day ON coach_mail(coach_id, local_date) WHERE kind = 'digest';
CREATE UNIQUE INDEX coach_mail_review_once ON coach_mail(request_id, coach_id) WHERE kind = 'review';
CREATE INDEX coach_mail_claimable ON coach_mail(next_attempt_at) WHERE state = 'pending';
CREATE INDEX coach_mail_leased ON coach_mail(lease_until) WHERE state = 'sending';
-- "Does this coach have a digest waiting?" for the per-pass planning query.
CREATE INDEX coach_mail_open_digest ON coach_mail(coach_id) WHERE kind = 'digest' AND state IN ('pending', 'sending');
