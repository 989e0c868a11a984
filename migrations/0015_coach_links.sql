-- A coach reads a candidate's debrief only after the candidate consented. One row per
-- (candidate, coach) while access lasts; revoking deletes the row, so access ends on the coach's
-- next request (every request checks for the row).
CREATE TABLE coach_links (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (candidate_id, coach_id),
  CHECK (candidate_id <> coach_id)
);
-- A coach's caseload.
CREATE INDEX coach_links_by_coach ON coach_links(coach_id, candidate_id);

-- A single-use invitation. Either a candidate invites a coach (by e-mail address), or a coach
-- hands out a link that candidates accept (a bootcamp cohort). Only the SHA-256 of the random
-- token is stored.
CREATE TABLE coach_invitations (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  inviter_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- 'coach': the inviter is the candidate and the recipient becomes their coach;
  -- 'candidate': the inviter is a coach and the recipient becomes their candidate.
  invitee_role TEXT NOT NULL CHECK (invitee_role IN ('coach', 'candidate')),
  email TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  revoked_at INTEGER,
  CHECK (expires_at > created_at)
);
CREATE INDEX coach_invitations_by_inviter ON coach_invitations(inviter_id, created_at);

-- What a coach looked at, so the candidate can see it: one row per coach, candidate, page and
-- hour (repeated views within the hour only raise the count).
CREATE TABLE coach_views (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  what TEXT NOT NULL,
  hour_start INTEGER NOT NULL,
  last_viewed_at INTEGER NOT NULL,
  views INTEGER NOT NULL DEFAULT 1,
  UNIQUE (candidate_id, coach_id, what, hour_start)
);
CREATE INDEX coach_views_by_candidate ON coach_views(candidate_id, last_viewed_at);
