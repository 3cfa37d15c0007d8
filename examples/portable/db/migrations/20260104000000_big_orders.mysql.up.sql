-- MySQL/MariaDB's own file for this version: no partial index there, so
-- both columns are indexed whole.  `strata diff --neutral` against the
-- PostgreSQL database names the difference.
CREATE INDEX orders_big ON orders (customer_id, total);
