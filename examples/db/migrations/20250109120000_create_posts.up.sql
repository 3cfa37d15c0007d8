CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',  -- a comment; with a semicolon
  updated_at TEXT
);
CREATE INDEX posts_user_id_idx ON posts (user_id);

-- The trigger body holds semicolons of its own: the SQLite driver keeps it
-- in one statement without any delimiter trick.
CREATE TRIGGER posts_touch AFTER UPDATE ON posts
BEGIN
  UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
