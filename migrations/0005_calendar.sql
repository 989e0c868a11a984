-- The secret address of each user's calendar feed. The token in the URL is the only
-- credential calendar apps can send, so only its SHA-256 is kept (like API tokens): a copied
-- database or backup never carries a working feed address. One row per user; rotating
-- replaces the hash, so the previous address stops working in the same statement.
CREATE TABLE calendar_feeds (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
