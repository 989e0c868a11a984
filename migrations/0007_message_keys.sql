-- Reminder Message-IDs were built from the row id alone. Without AUTOINCREMENT SQLite hands
-- the id of a deleted last row to the next insert, so a reminder for a new interview could
-- carry the Message-ID of one already sent: the Mailbox took it for a retry and dropped it,
-- and over SMTP two different reminders shared one Message-ID. Each row now has a random key,
-- fixed at insert, that the Message-ID is built from (drafts already work this way).
ALTER TABLE reminders ADD COLUMN message_key TEXT;
UPDATE reminders SET message_key = lower(hex(randomblob(16))) WHERE message_key IS NULL;
CREATE UNIQUE INDEX reminders_message_key ON reminders(message_key);
-- The repository sets the key itself; this covers any other writer (scripts, older code).
CREATE TRIGGER reminders_message_key_at_insert AFTER INSERT ON reminders
WHEN NEW.message_key IS NULL
BEGIN
  UPDATE reminders SET message_key = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

-- What a message delivered to the Mailbox was sent for (for a reminder: which row, which
-- interview). A second delivery under the same Message-ID is a retry only when it is the same
-- message for the same recipient; anything else is refused instead of silently dropped.
-- NULL for messages delivered before this column existed.
ALTER TABLE mailbox ADD COLUMN message_identity TEXT;
