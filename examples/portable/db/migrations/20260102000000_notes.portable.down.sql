ALTER TABLE orders
  DROP CONSTRAINT orders_note_short,
  ALTER COLUMN total TYPE decimal(10,2),
  DROP COLUMN note;
