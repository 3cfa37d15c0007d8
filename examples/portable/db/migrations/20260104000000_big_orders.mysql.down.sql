DROP INDEX orders_big ON orders;
