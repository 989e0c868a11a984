-- Covering indexes for the per-interview progress counts shown on the dashboard and lists
-- (questions researched, interviewers thanked): each count is an index range scan.
CREATE INDEX questions_progress ON questions(interview_id, confidence, researched);
CREATE INDEX interviewers_progress ON interviewers(interview_id, thank_you_sent_at);
