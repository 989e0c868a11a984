-- Spaced repetition of researched questions: one card per question, scheduled by FSRS.
-- A question with no card row yet is a new card when it is eligible (missed or shaky with a researched
-- answer); the row is written on its first review, or when the user includes or excludes the question.
-- Instants are UTC epoch milliseconds.
CREATE TABLE study_cards (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL UNIQUE REFERENCES questions(id) ON DELETE CASCADE,
  -- 'auto': studied while missed or shaky; 'include': studied whatever the confidence; 'exclude': never.
  mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto', 'include', 'exclude')),
  due INTEGER NOT NULL,
  stability REAL NOT NULL DEFAULT 0,
  difficulty REAL NOT NULL DEFAULT 0,
  elapsed_days INTEGER NOT NULL DEFAULT 0,
  scheduled_days INTEGER NOT NULL DEFAULT 0,
  learning_steps INTEGER NOT NULL DEFAULT 0,
  reps INTEGER NOT NULL DEFAULT 0,
  lapses INTEGER NOT NULL DEFAULT 0,
  -- ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning.
  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
  last_review INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX study_cards_by_user_due ON study_cards(user_id, due);

-- Every rating with the card as it was before, so the schedule can be recomputed from the log.
CREATE TABLE study_reviews (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  card_id INTEGER NOT NULL REFERENCES study_cards(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
  reviewed_at INTEGER NOT NULL,
  elapsed_days INTEGER NOT NULL,
  state_before INTEGER NOT NULL CHECK (state_before BETWEEN 0 AND 3),
  due_before INTEGER NOT NULL,
  stability_before REAL NOT NULL,
  difficulty_before REAL NOT NULL,
  scheduled_days_before INTEGER NOT NULL,
  learning_steps_before INTEGER NOT NULL,
  reps_before INTEGER NOT NULL,
  lapses_before INTEGER NOT NULL,
  last_review_before INTEGER
);
CREATE INDEX study_reviews_by_user_time ON study_reviews(user_id, reviewed_at);
CREATE INDEX study_reviews_by_card ON study_reviews(card_id, reviewed_at);
