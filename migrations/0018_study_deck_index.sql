-- The study deck is the researched questions; every deck query (the nav's due count on every
-- page, the next card, the deck size) names this condition, so it reads the researched
-- questions of one user rather than their whole history of questions.
CREATE INDEX questions_researched ON questions(user_id, created_at) WHERE trim(researched_answer) <> '';
