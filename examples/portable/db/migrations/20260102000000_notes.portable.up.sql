-- One ALTER TABLE: one statement on MySQL, one table rebuild on SQLite
-- (which has no ALTER COLUMN), three statements on PostgreSQL.  A new
-- type says nothing of the old one, so the down is written out beside it.
ALTER TABLE orders
  ADD COLUMN note varchar(200),
  ALTER COLUMN total TYPE decimal(12,2),
  ADD CONSTRAINT orders_note_short CHECK (note <> '');
