-- The Mailbox tells the user what they have not opened yet, and shows the HTML part of a message.
-- read_at: when the user opened (or marked) the message; NULL while unread.
ALTER TABLE mailbox ADD COLUMN read_at INTEGER;
-- The HTML part as composed (sanitized again whenever it is shown); '' for a text-only message.
ALTER TABLE mailbox ADD COLUMN html_body TEXT NOT NULL DEFAULT '';
-- The nav counts unread messages on every page view.
CREATE INDEX mailbox_unread ON mailbox(user_id, created_at) WHERE read_at IS NULL;
