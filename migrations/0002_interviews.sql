-- Interviews, the people met, and the questions that came up.
-- Instants are UTC epoch milliseconds; time_zone is the IANA zone the interview was held in.
CREATE TABLE interviews (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  company TEXT NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('phone_screen', 'technical', 'panel', 'onsite', 'hr_culture', 'other')),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
  time_zone TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  job_url TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'offer', 'rejected', 'withdrawn', 'no_answer')),
  -- 'done': every note sent or marked done by hand; 'not_needed': the user decided no follow-up is due.
  follow_up_state TEXT NOT NULL DEFAULT 'open' CHECK (follow_up_state IN ('open', 'done', 'not_needed')),
  follow_up_done_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX interviews_by_user_end ON interviews(user_id, ends_at);

CREATE TABLE interviewers (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings: what was discussed
  thank_you_sent_at INTEGER,
  answers_sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX interviewers_by_interview ON interviewers(interview_id);
CREATE INDEX interviewers_by_user ON interviewers(user_id);

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  interviewer_id INTEGER REFERENCES interviewers(id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  confidence TEXT NOT NULL CHECK (confidence IN ('missed', 'shaky', 'nailed')),
  topics TEXT NOT NULL DEFAULT '[]',   -- JSON array of tags
  my_answer TEXT NOT NULL DEFAULT '',
  researched_answer TEXT NOT NULL DEFAULT '',
  sources TEXT NOT NULL DEFAULT '[]',  -- JSON array of http(s) URLs
  researched INTEGER NOT NULL DEFAULT 0 CHECK (researched IN (0, 1)),
  researched_at INTEGER,
  include_in_follow_up INTEGER NOT NULL DEFAULT 1 CHECK (include_in_follow_up IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX questions_by_interview ON questions(interview_id);
CREATE INDEX questions_by_user ON questions(user_id, created_at);

-- Full-text search over questions, kept in sync by triggers (external-content FTS5 table).
CREATE VIRTUAL TABLE questions_fts USING fts5(
  text, topics, my_answer, researched_answer,
  content = 'questions', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN
  INSERT INTO questions_fts (rowid, text, topics, my_answer, researched_answer)
  VALUES (new.id, new.text, new.topics, new.my_answer, new.researched_answer);
END;
CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN
  INSERT INTO questions_fts (questions_fts, rowid, text, topics, my_answer, researched_answer)
  VALUES ('delete', old.id, old.text, old.topics, old.my_answer, old.researched_answer);
END;
CREATE TRIGGER questions_fts_update AFTER UPDATE ON questions BEGIN
  INSERT INTO questions_fts (questions_fts, rowid, text, topics, my_answer, researched_answer)
  VALUES ('delete', old.id, old.text, old.topics, old.my_answer, old.researched_answer);
  INSERT INTO questions_fts (rowid, text, topics, my_answer, researched_answer)
  VALUES (new.id, new.text, new.topics, new.my_answer, new.researched_answer);
END;

-- The user's own bank of questions to ask interviewers, and what was heard when one was asked.
CREATE TABLE ask_questions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ask_questions_by_user ON ask_questions(user_id);

CREATE TABLE interview_asked (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  ask_question_id INTEGER REFERENCES ask_questions(id) ON DELETE SET NULL,
  text TEXT NOT NULL,          -- copied, so editing the bank later does not rewrite history
  answer_heard TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  -- Each bank entry is asked at most once per interview (NULLs, from deleted entries, never clash).
  UNIQUE (interview_id, ask_question_id)
);
CREATE INDEX interview_asked_by_interview ON interview_asked(interview_id);
