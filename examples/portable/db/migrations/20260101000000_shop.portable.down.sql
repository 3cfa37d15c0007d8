-- What `strata render --down` derives from the up file: each table is
-- dropped after the tables that reference it, its indexes with it.
DROP TABLE orders;
DROP TABLE customers;
