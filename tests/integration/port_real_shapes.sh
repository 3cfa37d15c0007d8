# `strata port` of a schema shaped the way applications write them
# (fixtures/port_real_shapes.sql): into PostgreSQL, SQLite and another
# MariaDB database, and the SQLite copy back into MariaDB.  What the
# source's driver cannot describe (partitions, INVISIBLE, events) and the
# routines no other engine takes are notes on every target; a framework's
# bigint unsigned key references an AUTO_INCREMENT id on PostgreSQL; the
# SQLite copy goes back into MariaDB despite the CHECKs and names InnoDB
# refuses; a PostgreSQL view with table aliases reaches MariaDB and SQLite;
# and a key past 64 bits is a rejected row, not a failed port.
#
# A port that leaves objects out finishes with exit status 5.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
has_driver sqlite || skip_all "this build has no SQLite driver"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
port_scratch_databases
if ! my_client "$my_db" \
  <"$STRATA_SRCDIR/tests/integration/fixtures/port_real_shapes.sql"; then
  echo "Bail out! cannot load the fixture"
  exit 1
fi
TMPDIR=$scratch/tmp
mkdir "$TMPDIR"
export TMPDIR
lite_db=$scratch/club.sqlite3
lite() { sqlite3 "$lite_db" "$1"; }
copy_db=${my_db}_copy
back_db=${my_db}_back
my_admin "CREATE DATABASE \`$copy_db\`; CREATE DATABASE \`$back_db\`"
counts="SELECT (SELECT count(*) FROM climbers) || ',' ||
               (SELECT count(*) FROM bookings) || ',' ||
               (SELECT count(*) FROM walls) || ',' ||
               (SELECT count(*) FROM door_tokens) || ',' ||
               (SELECT count(*) FROM check_ins)"
my_counts=$(my "SELECT concat_ws(',', (SELECT count(*) FROM climbers),
                  (SELECT count(*) FROM bookings), (SELECT count(*) FROM walls),
                  (SELECT count(*) FROM door_tokens),
                  (SELECT count(*) FROM check_ins))")
is "$my_counts" "3,3,3,2,3" "the fixture holds its rows"

# ---- into PostgreSQL ----------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --verify
is "$rc" 5 "MariaDB to PostgreSQL finishes, objects left out"
like "$err" "ported 6 tables, 16 rows" "copying every row"
like "$out" "-- unsupported: table check_ins: its partitions are left out" \
  "a partitioned table is a note"
like "$out" "-- unsupported: column climbers.audit_note: INVISIBLE is left out" \
  "so is an INVISIBLE column"
like "$out" "-- unsupported: event forget_old_check_ins: left out" \
  "and an event"
like "$out" "-- hand: function grade_points: not translated" \
  "a function is left to port by hand"
is "$(pg "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
          WHERE attrelid = 'bookings'::regclass AND attname = 'climber_id'")" \
  bigint "a bigint unsigned key to an AUTO_INCREMENT id is bigint like it"
is "$(pg "SELECT confdeltype::text || convalidated::text FROM pg_constraint
          WHERE conname = 'bookings_climber'")" "ntrue" \
  "and its foreign key, ON DELETE SET NULL, is made and validated"
is "$(pg "$counts")" "3,3,3,2,3" "every row is in PostgreSQL"
is "$(pg "SELECT string_agg(coalesce(climber_id::text, 'NULL'), ' '
                            ORDER BY id) FROM bookings")" "100 NULL 105" \
  "with its values"
run_strata port --from "$my_url" --to "$pg_url" --verify-only
is "$rc" 0 "--verify-only agrees"

# ---- into SQLite ----------------------------------------------------------
run_strata port --from "$my_url" --to "sqlite:$lite_db" --verify
is "$rc" 5 "MariaDB to SQLite finishes, objects left out"
like "$out" "-- hand: procedure close_gym: left out: SQLite has no stored routines" \
  "a procedure is noted"
like "$out" "-- hand: function grade_points: left out: SQLite has no stored routines" \
  "and a function"
like "$out" "-- unsupported: event forget_old_check_ins: left out" \
  "and an event"
like "$out" "-- unsupported: index gyms.gyms_entrance: left out: .*R\\*Tree" \
  "a SPATIAL index's note names what SQLite has instead"
is "$(lite "$counts")" "3,3,3,2,3" "every row is in SQLite"

# ---- into another MariaDB database --------------------------------------
run_strata port --from "$my_url" --to "$(my_url_for "$copy_db")" --verify
is "$rc" 5 "MariaDB to MariaDB finishes, objects left out"
like "$out" "-- unsupported: table check_ins: its partitions are left out" \
  "the copy notes the partitions it drops"
like "$out" "-- unsupported: event forget_old_check_ins: left out" \
  "and the event"
is "$(my_client -e "SELECT count(*) FROM climbers" "$copy_db")" 3 \
  "and copies the rows"

# ---- the SQLite copy back into MariaDB -----------------------------------
run_strata port --from "sqlite:$lite_db" --to "$(my_url_for "$back_db")" \
  --verify
is "$rc" 5 "the SQLite copy goes back into MariaDB"
like "$out" "-- unsupported: check climbers.climbers_check: left out: MySQL refuses a CHECK on id, an AUTO_INCREMENT column" \
  "a CHECK on an AUTO_INCREMENT column is left out with a note"
like "$out" "-- unsupported: check walls.walls_check: left out: MySQL refuses a CHECK on gym_id, a column a foreign key's ON DELETE or ON UPDATE action writes" \
  "so is one on a column ON UPDATE CASCADE writes"
like "$out" "-- changed: index door_tokens.PRIMARY: named door_tokens_PRIMARY" \
  "an index named PRIMARY is renamed"
back() { my_client -e "$1" "$back_db"; }
is "$(back "SELECT concat_ws(',', (SELECT count(*) FROM climbers),
             (SELECT count(*) FROM bookings), (SELECT count(*) FROM walls),
             (SELECT count(*) FROM door_tokens),
             (SELECT count(*) FROM check_ins))")" "3,3,3,2,3" \
  "every row is back in MariaDB"
is "$(back "SELECT group_concat(COLUMN_TYPE ORDER BY TABLE_NAME)
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE()
              AND ((TABLE_NAME = 'gyms' AND COLUMN_NAME = 'id') OR
                   (TABLE_NAME = 'walls' AND COLUMN_NAME = 'gym_id'))")" \
  "bigint(20),bigint(20)" "a key's integer column takes its parent's type"
is "$(back "SELECT group_concat(CONSTRAINT_NAME ORDER BY CONSTRAINT_NAME)
            FROM information_schema.REFERENTIAL_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE()")" \
  "bookings_climber,walls_gym" "and both foreign keys are made"

# ---- a PostgreSQL view with table aliases, into MariaDB and SQLite --------
# PostgreSQL writes a view's tables with their aliases (FROM (climbers c
# LEFT JOIN bookings b ...)); the names were once taken for columns.
pg "CREATE VIEW climber_bookings AS
      SELECT c.email, count(b.id) AS n FROM climbers c
      LEFT JOIN bookings b ON b.climber_id = c.id GROUP BY c.email"
pg_back_db=${my_db}_from_pg
my_admin "CREATE DATABASE \`$pg_back_db\`"
run_strata port --from "$pg_url" --to "$(my_url_for "$pg_back_db")"
is "$rc" 0 "PostgreSQL to MariaDB leaves nothing out"
unlike "$out" "view climber_bookings" "a view with table aliases is ported"
is "$(my_client -e "SELECT group_concat(n ORDER BY email) FROM climber_bookings" \
        "$pg_back_db")" "1,0,1" "and reads the rows in MariaDB"
run_strata port --from "$pg_url" --to "sqlite:$scratch/from_pg.sqlite3"
is "$rc" 0 "PostgreSQL to SQLite leaves nothing out"
is "$(sqlite3 "$scratch/from_pg.sqlite3" \
        "SELECT group_concat(n, ',') FROM (SELECT n FROM climber_bookings ORDER BY email)")" \
  "1,0,1" "and the view reads the rows in SQLite"
my_admin "DROP DATABASE \`$pg_back_db\`"

# ---- SQLite's DATETIME, which says no precision, into PostgreSQL ---------
sqlite3 "$scratch/stamps.sqlite3" "CREATE TABLE stamps (id INTEGER PRIMARY KEY,
  at DATETIME NOT NULL); INSERT INTO stamps VALUES (1, '2024-01-01 00:00:00.123456')"
run_strata port --from "sqlite:$scratch/stamps.sqlite3" --to "$pg_url" \
  --schema stamps --verify
is "$rc" 0 "an SQLite DATETIME holding microseconds passes --verify"
is "$(pg "SELECT at FROM stamps.stamps")" "2024-01-01 00:00:00.123456" \
  "the microseconds are kept, not rounded to whole seconds"

# ---- a key past 64 bits ----------------------------------------------------
my "CREATE TABLE tickets (id bigint unsigned NOT NULL AUTO_INCREMENT
      PRIMARY KEY, what varchar(10));
    INSERT INTO tickets VALUES (1, 'one'), (18446744073709551615, 'last')"
run_strata port --from "$my_url" --to "sqlite:$scratch/tickets.sqlite3" \
  --tables tickets --reject-dir lite_rejects
is "$rc" 1 "into SQLite, a rowid past 64 bits fails the port"
like "$err" "rejected rows \\(in 'lite_rejects'\\): tickets 1" \
  "as one rejected row, not a failed load"
like "$(cat lite_rejects/tickets.rejects.jsonl)" \
  "an INTEGER PRIMARY KEY holds only whole numbers" "saying why"
is "$(sqlite3 "$scratch/tickets.sqlite3" "SELECT what FROM tickets")" one \
  "the other row is in"
run_strata port --from "$my_url" --to "$pg_url" --schema tickets \
  --tables tickets --reject-dir pg_rejects
is "$rc" 1 "into PostgreSQL the same row is rejected"
like "$(cat pg_rejects/tickets.rejects.jsonl)" \
  "an AUTO_INCREMENT column becomes a bigint identity whatever --unsigned-bigint says" \
  "without pointing at an option that would not keep it"

my_admin "DROP DATABASE \`$copy_db\`; DROP DATABASE \`$back_db\`"
done_testing
