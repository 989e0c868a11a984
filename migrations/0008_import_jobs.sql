-- An import runs as a job of short transactions, so one large file never holds the database or
-- the server for long. Until its last transaction the rows it writes belong to a stand-in account
-- (staging_user_id) that nobody can sign in to, and every query is scoped by owner, so nobody sees
-- half an import; the last transaction hands the rows to the user. A job still 'running' at
-- start-up was cut short: it is marked failed and its stand-in account (with every row) deleted.
CREATE TABLE import_jobs (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  staging_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  total INTEGER NOT NULL,          -- interviews in the file
  processed INTEGER NOT NULL DEFAULT 0,
  summary TEXT,                    -- JSON counts, once done
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX import_jobs_by_user ON import_jobs(user_id, id);
CREATE INDEX import_jobs_running ON import_jobs(state) WHERE state = 'running';
