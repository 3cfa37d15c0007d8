-- A partial index: PostgreSQL and SQLite have them, MySQL does not, so
-- MySQL/MariaDB run the file of their own beside this one.
CREATE INDEX orders_big ON orders (customer_id) WHERE total > 100;
