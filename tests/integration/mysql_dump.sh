# MySQL: `strata dump` writes a rich schema, applied by migrations, as a
# script that loads into an empty database of another name, by the
# mariadb client and by strata itself, and dumps back to the same bytes.
. "$STRATA_SRCDIR/tests/integration/mysql_lib.sh"
my_scratch_database
fixtures=$STRATA_SRCDIR/tests/integration/fixtures

mkdir -p db/migrations
cp "$fixtures/mysql_schema_tables.sql" db/migrations/001_tables.up.sql
cp "$fixtures/mysql_schema_objects.sql" db/migrations/002_objects.up.sql

run_strata -u "$my_url" up
is "$rc" 0 "up applies the schema"

run_strata -u "$my_url" dump -o a.sql
is "$rc" 0 "dump succeeds"
is "$out" "a.sql" "and names the file it wrote"
dump=$(cat a.sql)

# has TEXT DESCRIPTION: a.sql holds TEXT as a whole line.
has() { has_line "$1" a.sql "$2"; }

has '  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,' \
  "an AUTO_INCREMENT column"
has '  `email` varchar(190) COLLATE utf8mb4_bin NOT NULL COMMENT '"'login; unique'"',' \
  "a column collation that differs from the table's, and a comment"
has '  `name` varchar(100) NOT NULL DEFAULT '"'it''s me'"',' \
  "a quoted default"
has '  `active` tinyint(1) NOT NULL DEFAULT 1,' "tinyint(1)"
has '  `level` tinyint(3) unsigned NOT NULL DEFAULT 0,' "tinyint unsigned"
has '  `visits` int(11) NOT NULL DEFAULT -1,' "a negative default"
has '  `lifetime` bigint(20) unsigned NOT NULL DEFAULT 0,' "bigint unsigned"
has '  `balance` decimal(10,2) unsigned NOT NULL DEFAULT 0.00,' \
  "decimal unsigned"
has '  `flag` bit(1) NOT NULL DEFAULT b'"'1'"',' "bit(1) with a bit default"
has '  `mask` bit(8) DEFAULT b'"'1010'"',' "bit(8)"
has '  `joined` date DEFAULT curdate(),' "an expression default"
has '  `seen_at` datetime(3) DEFAULT current_timestamp(3),' \
  "datetime(3) defaulting to the current time"
has '  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),' \
  "ON UPDATE current_timestamp()"
has "  \`kind\` enum('person','company','it''s') NOT NULL DEFAULT 'person'," \
  "an enum"
has "  \`tags\` set('a','b','c d') DEFAULT 'a,b'," "a set"
has '  `prefs` json DEFAULT NULL,' "MariaDB's json is json again"
has '  `full_name` varchar(300) GENERATED ALWAYS AS (concat(`name`,'"' <'"',`email`,'"'>'"')) VIRTUAL,' \
  "a virtual generated column"
has '  `email_domain` varchar(190) GENERATED ALWAYS AS (substring_index(`email`,'"'@'"',-1)) STORED,' \
  "a stored generated column"
has '  PRIMARY KEY (`id`),' "a primary key"
has '  PRIMARY KEY (`customer_id`, `order_no`),' "a composite primary key"
has '  UNIQUE KEY `customers_email` (`email`),' "a unique key"
has '  KEY `customers_name_prefix` (`name`(10)),' "a prefix index"
has '  FULLTEXT KEY `customers_text` (`bio`, `notes`),' \
  "a FULLTEXT index on two columns"
has '  KEY `orders_placed` (`placed_at` DESC, `total`),' "a descending part"
has '  CONSTRAINT `balance_positive` CHECK (`balance` >= 0)' "a named check"
has '  CONSTRAINT `CONSTRAINT_1` CHECK (`level` < 100),' \
  "an unnamed check, named by the server"
has '  CONSTRAINT `total` CHECK (`total` > 0)' "a column's check"
has ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='people and companies – café';" \
  "table options and a comment beyond ASCII"
has ') ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;' \
  "another table's character set"
has 'ALTER TABLE `order_lines` ADD CONSTRAINT `lines_order` FOREIGN KEY (`cust`, `ord_no`) REFERENCES `orders` (`customer_id`, `order_no`) ON DELETE CASCADE;' \
  "a composite foreign key, its columns in order"
has 'ALTER TABLE `orders` ADD CONSTRAINT `orders_referrer` FOREIGN KEY (`referrer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL ON UPDATE CASCADE;' \
  "ON DELETE SET NULL"
has 'ALTER TABLE `teams` ADD CONSTRAINT `teams_captain` FOREIGN KEY (`captain_id`) REFERENCES `players` (`id`);' \
  "tables that refer to each other"
has 'CREATE TRIGGER `orders_total_guard` BEFORE INSERT ON `orders` FOR EACH ROW BEGIN' \
  "a trigger without DEFINER"
has 'CREATE TRIGGER `orders_x_round` BEFORE INSERT ON `orders` FOR EACH ROW PRECEDES `orders_total_guard` SET NEW.total = ROUND(NEW.total, 2);' \
  "a trigger that runs first although created second"
is "$(grep -c "^SET SESSION sql_mode = '[A-Z_,]*', character_set_client = '[a-z0-9]*', collation_connection = '[a-z0-9_]*';\$" a.sql)" 4 \
  "each routine and trigger under its own sql_mode and character sets"
is "$(grep -c "^ALTER DATABASE COLLATE '[a-z0-9_]*';\$" a.sql)" 4 \
  "and database collation"
has 'CREATE PROCEDURE `add_order`(IN `p_customer` int(10) unsigned, IN `p_no` int(11), OUT `p_count` int(11))' \
  "a procedure"
has 'CREATE FUNCTION `order_count`(`p_customer` int(10) unsigned) RETURNS int(11)' \
  "a function"
has "  COMMENT 'adds an order; counts them'" "a routine's comment"
has "SET NAMES utf8mb4;" "the character set the text is in"
is "$(grep -c '^DELIMITER ;;$' a.sql)" 4 \
  "each routine and trigger between DELIMITER lines"
like "$dump" 'CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `a_big_orders` AS select .* from `z_order_totals` where .* WITH CASCADED CHECK OPTION;' \
  "a view keeps what changes its meaning"
has 'CREATE VIEW `m_order_counts` AS select `customers`.`id` AS `id`,`order_count`(`customers`.`id`) AS `orders` from `customers`;' \
  "a view calling a function"
unlike "$dump" "AUTO_INCREMENT=" "no AUTO_INCREMENT counter"
unlike "$dump" "DEFINER" "no DEFINER"
unlike "$dump" "$my_db" "the database's own name appears nowhere"

# line_of PATTERN: the first line of a.sql matching PATTERN.
line_of() { grep -n -m1 -- "$1" a.sql | cut -d: -f1; }
ok "$([ "$(line_of 'VIEW `z_order_totals`')" -lt "$(line_of 'VIEW `a_big_orders`')" ]; echo $?)" \
  "a view comes after the view it reads"
ok "$([ "$(line_of 'CREATE PROCEDURE')" -lt "$(line_of 'CREATE TABLE')" ] &&
  [ "$(line_of 'CREATE TABLE `teams`')" -lt "$(line_of 'ALTER TABLE')" ] &&
  [ "$(line_of 'FOREIGN KEY')" -lt "$(line_of 'CREATE VIEW')" ] &&
  [ "$(line_of 'CREATE ALGORITHM')" -lt "$(line_of 'CREATE TRIGGER')" ]; echo $?)" \
  "routines, tables, foreign keys, views, then triggers"
like "$dump" "INSERT INTO strata_migrations .*'001'.*
INSERT INTO strata_migrations .*'002'" "the history follows"

# The neutral description, which another engine's renderer reads, from
# the model as `dump --json` shows it (spaces and line breaks taken out).
run_strata -u "$my_url" dump --json -o model.json
is "$rc" 0 "dump --json succeeds"
model=$(tr -d ' \n' <model.json 2>/dev/null)
# neutral TEXT DESCRIPTION: the model holds TEXT.
neutral() {
  case $model in *"$1"*) ok 0 "$2" ;; *) ok 1 "$2"; echo "#   no $1" ;; esac
}
neutral '"name":"active","position":4,"type":"tinyint","type_text":"tinyint(1)","type_ref":null,"length":1,' \
  "tinyint(1) has length 1"
neutral '"name":"id","position":1,"type":"integer","type_text":"int(10)unsigned","type_ref":null,"length":10,"precision":null,"scale":null,"flags":["not_null","unsigned","identity"]' \
  "int unsigned AUTO_INCREMENT is an unsigned identity"
neutral '"type":"decimal","type_text":"decimal(10,2)unsigned","type_ref":null,"length":0,"precision":10,"scale":2,"flags":["not_null","unsigned"],"labels":[],"default_kind":"literal","default_value":"0.00"' \
  "decimal(10,2) unsigned: precision, scale, flag and literal default"
neutral '"type_text":"datetime(3)","type_ref":null,"length":0,"precision":3,"scale":null,"flags":[],"labels":[],"default_kind":"current_time","default_value":"3"' \
  "datetime(3) DEFAULT CURRENT_TIMESTAMP(3)"
neutral '"default_kind":"current_time","default_value":null,"default_expr":"current_timestamp()","on_update":"current_timestamp()"' \
  "ON UPDATE current_timestamp()"
neutral '"name":"joined","position":21,"type":"date","type_text":"date","type_ref":null,"length":0,"precision":null,"scale":null,"flags":[],"labels":[],"default_kind":"current_date"' \
  "curdate() is the current date"
neutral '"labels":["person","company","it'"'"'s"],"default_kind":"literal","default_value":"person","default_expr":"'"'"'person'"'"'"' \
  "enum labels in order, the default unquoted"
neutral '"name":"prefs","position":28,"type":"json","type_text":"json"' \
  "MariaDB's json is json"
neutral '"name":"name","position":3,"type":"varchar","type_text":"varchar(100)","type_ref":null,"length":100,"precision":null,"scale":null,"flags":["not_null"],"labels":[],"default_kind":"literal","default_value":"it'"'"'sme"' \
  "varchar(100): length, and a literal default unquoted"
neutral '"flags":["generated_stored"],"labels":[],"default_kind":"none"' \
  "a stored generated column, with no default"
neutral '"parts":[{"column":"name","expression":null,"prefix_length":10,' \
  "the prefix length"
neutral '"name":"customers_text","flags":[],"method":"fulltext"' \
  "the FULLTEXT method"

# The mariadb client drops comments unless told to keep them, and the
# procedure's body has one.
copy=${my_db}_copy
copy_url=$(my_url_for "$copy")
copy_cleanup() {
  my_admin "DROP DATABASE IF EXISTS \`$copy\`; DROP DATABASE IF EXISTS \`${copy}2\`" \
    >/dev/null 2>&1
  my_cleanup
}
trap copy_cleanup EXIT
run_strata -u "$copy_url" create
is "$rc" 0 "an empty database of another name"
my_client --comments "$copy" <a.sql 2>client.err
is "$?" 0 "the mariadb client loads the dump"
is "$(cat client.err)" "" "without a warning"

run_strata -u "$copy_url" status
like "$out" "2 migrations: 2 applied, 0 pending" \
  "the loaded database has the migrations applied"
run_strata -u "$copy_url" dump -o b.sql
is "$rc" 0 "the copy dumps"
same_file a.sql b.sql "and its dump is byte-identical"

my_client "$copy" -e "INSERT INTO customers (id, email) VALUES (7, 'c@d');
  INSERT INTO orders VALUES (7, 1, NOW(), 2.345, NULL);"
is "$(my_client "$copy" -e "SELECT total FROM orders")" "2.350" \
  "the copy's triggers run in their order"
is "$(my_client "$copy" -e "SELECT order_count(7)")" 1 \
  "the copy's function works"

# strata's own splitter loads it too, as a migration recorded in a table
# of another name; the dump then differs only by that table.
mkdir load
cp a.sql load/001_load.up.sql
run_strata -u "$(my_url_for "${copy}2")" create
run_strata -u "$(my_url_for "${copy}2")" -d load --table load_log up
is "$rc" 0 "strata loads the dump as a migration"
run_strata -u "$(my_url_for "${copy}2")" dump -o c.sql
without_load_log() {
  awk 'BEGIN { RS = ""; ORS = "\n\n" } !/^CREATE TABLE `load_log/' "$1"
}
is "$(without_load_log c.sql)" "$(without_load_log a.sql)" \
  "and the database it made dumps the same"

# Failures write nothing.
run_strata -u "mysql://strata@127.0.0.1:1/$my_db" dump -o down.sql
is "$rc" 1 "an unreachable server fails the dump"
is "$(printf '%s\n' "$err" | wc -l)" 1 "with one line"
like "$err" "cannot connect" "saying it cannot connect"
ok "$([ ! -e down.sql ] && [ ! -e down.sql.tmp ]; echo $?)" "and writes no file"

run_strata -u "mysql://strata_pw:wrong@$my_host:$my_port/$my_db" dump -o denied.sql
is "$rc" 1 "a wrong password fails the dump"
# The CLI adds the server's SQLSTATE on an indented line of its own.
is "$(printf '%s\n' "$err" | grep -c 'error:')" 1 "with one error line"
like "$err" "cannot log in" "saying the login was refused"
unlike "$err" "wrong" "without the password"
ok "$([ ! -e denied.sql ] && [ ! -e denied.sql.tmp ]; echo $?)" \
  "and writes no file"

done_testing
