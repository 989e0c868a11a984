-- A question is researched exactly when it has a researched answer (there is no separate
-- checkbox any more). Blank answers become empty first, so SQL's trim() and the app agree on
-- them; researched_at keeps the moment research was first marked done, else takes the last
-- change as the best known moment the answer was there, and is cleared without an answer.
-- questions_count_update keeps each interview's research_done in step with the new values,
-- and questions_researched (0018) already names trim(researched_answer) <> ''.
UPDATE questions SET researched_answer = ''
  WHERE researched_answer <> '' AND trim(researched_answer, char(32, 9, 10, 11, 12, 13)) = '';
UPDATE questions SET
  researched = (trim(researched_answer) <> ''),
  researched_at = CASE WHEN trim(researched_answer) <> '' THEN coalesce(researched_at, updated_at) END
  WHERE researched <> (trim(researched_answer) <> '')
     OR (researched_at IS NULL) <> (trim(researched_answer) = '');
