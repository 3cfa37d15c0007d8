# MySQL: triggers, procedures, functions and events, written with the
# client's DELIMITER directive and without it, are created whole and work.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database

write_migration 001_tables.up.sql "CREATE TABLE accounts (
  id INT PRIMARY KEY,
  balance INT NOT NULL DEFAULT 0
);
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200));"

# No DELIMITER anywhere, as real migration sets are written.
write_migration 002_bare.up.sql "CREATE TRIGGER accounts_no_negative
BEFORE INSERT ON accounts FOR EACH ROW
BEGIN
  IF NEW.balance < 0 THEN
    SET NEW.balance = 0;
  END IF;
END;

CREATE PROCEDURE deposit(IN account INT, IN amount INT)
BEGIN
  DECLARE done INT DEFAULT 0;
  label1: LOOP
    SET done = done + 1;
    IF done >= 2 THEN LEAVE label1; END IF;
  END LOOP label1;
  UPDATE accounts SET balance = balance + amount WHERE id = account;
  INSERT INTO audit (msg) VALUES (CONCAT('deposit; ', amount,
    CASE WHEN amount > 100 THEN ' (large)' ELSE '' END));
END;

CREATE FUNCTION grade(amount INT) RETURNS VARCHAR(10) DETERMINISTIC
BEGIN
  DECLARE g VARCHAR(10);
  CASE
    WHEN amount >= 100 THEN SET g = 'high';
    ELSE SET g = 'low';
  END CASE;
  RETURN g;
END;

CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO
BEGIN
  DELETE FROM audit WHERE msg LIKE 'old;%';
END;

INSERT INTO accounts VALUES (1, -5);
CALL deposit(1, 150);"

# The same kinds of programs under DELIMITER, as mysqldump writes them.
write_migration 003_delimiter.up.sql "DELIMITER //
CREATE TRIGGER accounts_audit AFTER UPDATE ON accounts FOR EACH ROW
BEGIN
  INSERT INTO audit (msg) VALUES (CONCAT('update; ', OLD.balance, ' -> ',
    NEW.balance));
END//
CREATE PROCEDURE withdraw(IN account INT, IN amount INT)
BEGIN
  WHILE amount > 0 DO
    UPDATE accounts SET balance = balance - 1 WHERE id = account;
    SET amount = amount - 1;
  END WHILE;
END //
delimiter ;;
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN x * 2;
END;;
DELIMITER ;
CALL withdraw(1, 3);"

run_strata -u "$my_url" up
is "$rc" 0 "up applies every migration"
unlike "$err" "error" "and reports no error"

is "$(my "SELECT CONCAT(routine_type, ' ', routine_name)
  FROM information_schema.routines WHERE routine_schema = DATABASE()
  ORDER BY routine_name")" \
"PROCEDURE deposit
FUNCTION grade
FUNCTION twice
PROCEDURE withdraw" "the procedures and functions exist"
is "$(my "SELECT trigger_name FROM information_schema.triggers
  WHERE trigger_schema = DATABASE() ORDER BY trigger_name")" \
"accounts_audit
accounts_no_negative" "the triggers exist"
is "$(my "SELECT event_name FROM information_schema.events
  WHERE event_schema = DATABASE()")" "nightly" "the event exists"

is "$(my "SELECT balance FROM accounts WHERE id = 1")" 147 \
  "the trigger, deposit() and withdraw() all ran: max(-5, 0) + 150 - 3"
is "$(my "SELECT msg FROM audit ORDER BY id LIMIT 2")" \
"deposit; 150 (large)
update; 150 -> 149" "the bodies ran whole, semicolons in strings kept"
is "$(my "SELECT CONCAT(grade(150), ' ', grade(5), ' ', twice(21))")" \
  "high low 42" "the functions work"
like "$(my "SHOW CREATE PROCEDURE deposit" | tr '\t' '\n')" \
  "END LOOP label1;" "the body was sent as written"

is "$(my "SELECT CONCAT(version, ':', statements_done, '/',
  statements_total) FROM strata_migrations ORDER BY version")" \
"001:2/2
002:6/6
003:4/4" "DELIMITER lines are no statements; each body is one"

done_testing
