-- Every index on reminders is written by every create and edit of an interview (three reminder
-- rows each); these two answered nothing another index does not.
--
-- One interview's reminders (read by the re-plan and by the interview page) are found through
-- the table's UNIQUE (interview_id, kind, lead) key, which leads with the interview already.
-- The queries keep the user's id out of the choice of index (`+user_id`), so no statistics can
-- send them to reminders_by_user.
DROP INDEX reminders_by_interview;

-- The health check's count of reminders left unsent past their time reads reminders_claimable:
-- a pending reminder's next attempt is never before its due time (a retry moves it later), so
-- "due and not handed off" is "its next attempt has passed". reminders_by_due was made for
-- channel planning, which migration 0016 folded into the hand-off.
DROP INDEX reminders_by_due;
