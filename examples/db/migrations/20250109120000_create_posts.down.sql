DROP TRIGGER posts_touch;
DROP TABLE posts;
