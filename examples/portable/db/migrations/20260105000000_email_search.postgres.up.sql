-- Raw SQL, one file per engine: an expression index is not portable.
CREATE INDEX customers_email_lower ON customers (lower(email));
