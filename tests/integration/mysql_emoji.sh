# MySQL/MariaDB: information_schema keeps stored program bodies, view
# SELECTs, checks, generated columns and defaults in utf8mb3, where an
# emoji (4 bytes in UTF-8) is '?'.  A procedure, a function, a trigger, a
# view, a check, a generated column and a default each holding U+1F600
# keep it: in `strata dump`, in a MariaDB -> MariaDB port (the copy's
# function returns the same bytes, its trigger, view, check, default and
# generated column the same values), and in a MariaDB -> PostgreSQL port
# of the table's expressions and view.  Programs without a '?' cost no
# query more.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases
copy_db=${my_db}_copy
trap 'my_admin "DROP DATABASE IF EXISTS \`$copy_db\`" >/dev/null 2>&1; port_cleanup' EXIT
TMPDIR=$scratch/tmp
mkdir "$TMPDIR"
export TMPDIR
in_db() { my_client --default-character-set=utf8mb4 -e "$2" "$1"; }
smile=$(printf '\360\237\230\200')

if ! in_db "$my_db" "
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE faces (
  id int NOT NULL PRIMARY KEY,
  face varchar(10) DEFAULT '$smile',
  mood varchar(10) NOT NULL DEFAULT '$smile',
  greeting varchar(20) AS (coalesce(face, 'hi $smile')) VIRTUAL,
  CONSTRAINT not_sad CHECK (face <> 'sad $smile')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE log (note varchar(20)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE FUNCTION smiley() RETURNS varchar(10) CHARSET utf8mb4 DETERMINISTIC
  RETURN '$smile';
CREATE PROCEDURE add_face(IN p_id int) INSERT INTO faces (id, face)
  VALUES (p_id, 'x $smile');
CREATE TRIGGER faces_logged AFTER INSERT ON faces FOR EACH ROW
  INSERT INTO log VALUES (concat('new $smile'));
CREATE VIEW smiles AS SELECT id, coalesce(face, '$smile') AS shown FROM faces;
CREATE FUNCTION plain() RETURNS int DETERMINISTIC RETURN 1;
CREATE PROCEDURE ask(IN p_id int)
  SELECT 'face = ?' AS query, p_id, '$smile' AS face;
CREATE PROCEDURE asked(IN p_id int)
  SELECT 'id = ?' AS query, p_id;"; then
  echo "Bail out! cannot create the schema"
  exit 1
fi

run_strata -u "$my_url" dump -o a.sql
is "$rc" 0 "dump succeeds"
has() { has_line "$1" a.sql "$2"; }
has "RETURN '$smile';" "the function's body keeps the emoji"
has "  VALUES (p_id, 'x $smile');" "the procedure's body too"
has "CREATE TRIGGER \`faces_logged\` AFTER INSERT ON \`faces\` FOR EACH ROW INSERT INTO log VALUES (concat('new $smile'));" \
  "the trigger's"
has "CREATE VIEW \`smiles\` AS select \`faces\`.\`id\` AS \`id\`,coalesce(\`faces\`.\`face\`,'$smile') AS \`shown\` from \`faces\`;" \
  "the view's SELECT"
has "  \`face\` varchar(10) DEFAULT '$smile'," "the default"
# MariaDB shows a string default's emoji as '?' everywhere, and DEFAULT()
# is NULL for a NOT NULL column without a row: that one is said.
like "$err" "column faces.mood: MariaDB shows its default with '\\?'" \
  "a NOT NULL column's default that cannot be read whole is named"
has "  \`greeting\` varchar(20) GENERATED ALWAYS AS (coalesce(\`face\`,'hi $smile')) VIRTUAL," \
  "the generated column"
has "  CONSTRAINT \`not_sad\` CHECK (\`face\` <> 'sad $smile')" "the check"
has "SELECT 'face = ?' AS query, p_id, '$smile' AS face;" \
  "a placeholder's '?' next to an emoji stays a '?'"
has "SELECT 'id = ?' AS query, p_id;" "and one alone"
is "$(grep -c '?' a.sql)" 3 "no other '?'"

# ---- MariaDB -> MariaDB ---------------------------------------------------
my_admin "CREATE DATABASE \`$copy_db\` CHARACTER SET utf8mb4" ||
  { echo "Bail out! cannot create $copy_db"; exit 1; }
run_strata port --from "$my_url" --to "$(my_url_for "$copy_db")"
is "$rc" 5 "MariaDB to MariaDB ports the schema, saying it left something out"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 1 object (0 to port by hand, 1 with no equivalent): see the notes above" \
  "only the NOT NULL column's default"
is "$(in_db "$copy_db" "SELECT HEX(smiley())")" F09F9880 \
  "the copy's function returns the emoji, byte for byte"
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
in_db "$copy_db" "CALL add_face(1); INSERT INTO faces (id) VALUES (2);
  INSERT INTO faces (id, face) VALUES (4, NULL)"
is "$(in_db "$copy_db" "SELECT HEX(face), HEX(greeting) FROM faces ORDER BY id")" \
  "$(hex "x $smile")	$(hex "x $smile")
F09F9880	F09F9880
NULL	$(hex "hi $smile")" \
  "its procedure, default and generated column hold the emoji"
is "$(in_db "$copy_db" "CALL ask(5); CALL asked(6)")" "face = ?	5	$smile
id = ?	6" \
  "its procedures keep their placeholders and the emoji"
is "$(in_db "$copy_db" "SELECT DISTINCT HEX(note) FROM log")" \
  "$(hex "new $smile")" \
  "its trigger writes the emoji"
is "$(in_db "$copy_db" "SELECT HEX(shown) FROM smiles WHERE id = 4")" \
  F09F9880 \
  "its view shows it"
is "$(in_db "$copy_db" "INSERT INTO faces (id, face) VALUES (3, 'sad $smile')" 2>&1 |
      grep -c not_sad)" 1 "its check refuses the sad emoji"

# ---- MariaDB -> PostgreSQL ------------------------------------------------
in_db "$my_db" "DROP TRIGGER faces_logged;
  DROP FUNCTION smiley; DROP FUNCTION plain; DROP PROCEDURE add_face;
  DROP PROCEDURE ask; DROP PROCEDURE asked"
run_strata port --from "$my_url" --to "$pg_url"
is "$rc" 5 "MariaDB to PostgreSQL ports the table"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port left out 1 object (0 to port by hand, 1 with no equivalent): see the notes above" \
  "only the NOT NULL column's default is left as MariaDB shows it"
pg "INSERT INTO faces (id) VALUES (1); INSERT INTO faces (id, face) VALUES (4, NULL)" >/dev/null
is "$(pg "SELECT encode(convert_to(coalesce(face, '-') || '|' || greeting, 'UTF8'), 'hex')
          FROM faces ORDER BY id")" \
  "$(hex "$smile|$smile" | tr A-F a-f)
$(hex "-|hi $smile" | tr A-F a-f)" \
  "PostgreSQL's default and generated column hold the emoji"
is "$(pg "INSERT INTO faces (id, face) VALUES (2, 'sad $smile')" 2>&1 |
      grep -c not_sad)" 1 "and its check refuses the sad emoji"
is "$(pg "SELECT encode(convert_to(shown, 'UTF8'), 'hex') FROM smiles WHERE id = 4")" \
  f09f9880 "PostgreSQL's view shows the emoji"
done_testing
