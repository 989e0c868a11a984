-- How many interviews each user has, kept by triggers as the progress counts are (0009): the
-- total beside every unfiltered list (the API's and the interviews page's) is then one row
-- read, where counting read the user's whole history on every request.
ALTER TABLE users ADD COLUMN interview_count INTEGER NOT NULL DEFAULT 0;
UPDATE users SET interview_count = (SELECT count(*) FROM interviews WHERE interviews.user_id = users.id);
CREATE TRIGGER interviews_count_insert AFTER INSERT ON interviews BEGIN
  UPDATE users SET interview_count = interview_count + 1 WHERE id = new.user_id;
END;
CREATE TRIGGER interviews_count_delete AFTER DELETE ON interviews BEGIN
  UPDATE users SET interview_count = interview_count - 1 WHERE id = old.user_id;
END;
