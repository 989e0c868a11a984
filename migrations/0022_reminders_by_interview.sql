-- One interview's reminders (read by the re-plan at every create and edit, and by the interview
-- page) are found through the table's UNIQUE (interview_id, kind, lead) key, which leads with
-- the interview already. The second index on (interview_id, user_id, due_at) answered nothing
-- the key does not, and cost a page write in every create. The queries keep the user's id out
-- of the choice of index (`+user_id`), so no statistics can send them to reminders_by_user.
DROP INDEX reminders_by_interview;
