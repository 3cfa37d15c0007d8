DELETE FROM customers WHERE email = 'ann@example.com';
