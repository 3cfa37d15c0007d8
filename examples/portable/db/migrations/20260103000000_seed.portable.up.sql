INSERT INTO customers (email, status) VALUES ('ann@example.com', 'active');
