-- Hot queries answered by index range scans whatever the data, with or without statistics.

-- The re-plan and the interview page read one interview's reminders: two equality columns
-- and the page's order make this the obvious index even before ANALYZE (reminders_by_user
-- matches on one column only, and reads every reminder the user ever had).
CREATE INDEX reminders_by_interview ON reminders(interview_id, user_id, due_at);

-- Per-interview progress counts, kept by the triggers below in the same statement as every
-- change to questions and interviewers (whoever writes them: pages, API, import), so lists
-- read them from the row instead of counting questions and interviewers for each one.
ALTER TABLE interviews ADD COLUMN question_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN research_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN research_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN interviewer_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN thanked_count INTEGER NOT NULL DEFAULT 0;

UPDATE interviews SET
  question_count = (SELECT count(*) FROM questions q WHERE q.interview_id = interviews.id),
  research_total = (SELECT count(*) FROM questions q
    WHERE q.interview_id = interviews.id AND q.confidence IN ('missed', 'shaky')),
  research_done = (SELECT count(*) FROM questions q
    WHERE q.interview_id = interviews.id AND q.confidence IN ('missed', 'shaky') AND q.researched = 1),
  interviewer_count = (SELECT count(*) FROM interviewers p WHERE p.interview_id = interviews.id),
  thanked_count = (SELECT count(*) FROM interviewers p
    WHERE p.interview_id = interviews.id AND p.thank_you_sent_at IS NOT NULL);

CREATE TRIGGER questions_count_insert AFTER INSERT ON questions BEGIN
  UPDATE interviews SET question_count = question_count + 1,
    research_total = research_total + (new.confidence IN ('missed', 'shaky')),
    research_done = research_done + (new.confidence IN ('missed', 'shaky') AND new.researched = 1)
  WHERE id = new.interview_id;
END;
CREATE TRIGGER questions_count_delete AFTER DELETE ON questions BEGIN
  UPDATE interviews SET question_count = question_count - 1,
    research_total = research_total - (old.confidence IN ('missed', 'shaky')),
    research_done = research_done - (old.confidence IN ('missed', 'shaky') AND old.researched = 1)
  WHERE id = old.interview_id;
END;
CREATE TRIGGER questions_count_update AFTER UPDATE OF interview_id, confidence, researched ON questions BEGIN
  UPDATE interviews SET question_count = question_count - 1,
    research_total = research_total - (old.confidence IN ('missed', 'shaky')),
    research_done = research_done - (old.confidence IN ('missed', 'shaky') AND old.researched = 1)
  WHERE id = old.interview_id;
  UPDATE interviews SET question_count = question_count + 1,
    research_total = research_total + (new.confidence IN ('missed', 'shaky')),
    research_done = research_done + (new.confidence IN ('missed', 'shaky') AND new.researched = 1)
  WHERE id = new.interview_id;
END;

CREATE TRIGGER interviewers_count_insert AFTER INSERT ON interviewers BEGIN
  UPDATE interviews SET interviewer_count = interviewer_count + 1,
    thanked_count = thanked_count + (new.thank_you_sent_at IS NOT NULL)
  WHERE id = new.interview_id;
END;
CREATE TRIGGER interviewers_count_delete AFTER DELETE ON interviewers BEGIN
  UPDATE interviews SET interviewer_count = interviewer_count - 1,
    thanked_count = thanked_count - (old.thank_you_sent_at IS NOT NULL)
  WHERE id = old.interview_id;
END;
CREATE TRIGGER interviewers_count_update AFTER UPDATE OF interview_id, thank_you_sent_at ON interviewers BEGIN
  UPDATE interviews SET interviewer_count = interviewer_count - 1,
    thanked_count = thanked_count - (old.thank_you_sent_at IS NOT NULL)
  WHERE id = old.interview_id;
  UPDATE interviews SET interviewer_count = interviewer_count + 1,
    thanked_count = thanked_count + (new.thank_you_sent_at IS NOT NULL)
  WHERE id = new.interview_id;
END;

-- The dashboard's sections, each a range scan that stops at its limit:
-- follow-ups still open (needs follow-up, overdue), by end;
CREATE INDEX interviews_open_by_end ON interviews(user_id, ends_at)
  WHERE follow_up_state = 'open' AND outcome NOT IN ('offer', 'rejected', 'withdrawn');
-- finished ones (recently done), by when they were finished;
CREATE INDEX interviews_done_by_finish ON interviews(user_id, coalesce(follow_up_done_at, updated_at))
  WHERE follow_up_state <> 'open' OR outcome IN ('offer', 'rejected', 'withdrawn');
-- and the interviews list, newest start first.
CREATE INDEX interviews_by_user_start ON interviews(user_id, starts_at);

-- One interview's questions and interviewers in the order pages show them: with user_id and
-- created_at in the key neither the per-user index nor a sort is ever the cheaper plan.
CREATE INDEX questions_of_interview ON questions(interview_id, user_id, created_at);
DROP INDEX questions_by_interview;
CREATE INDEX interviewers_of_interview ON interviewers(interview_id, user_id, created_at);
DROP INDEX interviewers_by_interview;
