# port_left_out.sh - a port that finishes but leaves something out (an
# object noted "hand" or "unsupported", rows set aside that --max-rejects
# accepts) exits 5, its last line counting both and saying where to look,
# --json carrying the same under "left_out" with "ok" false; what it did
# copy stays on the target.  A dry run, which changes nothing, exits 0 and
# says what the port would leave out; --schema-only, --emit-migration and
# --resume follow the same rule, and so does --schema-only then
# --data-only, whose copy notes the columns it leaves out; a port that
# leaves nothing out exits 0.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases
scratch_tmpdir

# Left out of any port to PostgreSQL: a CHECK using if() and a trigger (to
# port by hand), a geometry column (no equivalent).  One visit holds a zero
# date, which --zero-dates=error sets aside.
my "SET sql_mode = '';
    CREATE TABLE items (
      id int PRIMARY KEY,
      qty int NOT NULL,
      shape geometry,
      CONSTRAINT qty_positive CHECK (qty > 0),
      CONSTRAINT odd_rule CHECK (if(qty > 5, 1, 1)));
    INSERT INTO items VALUES (1, 2, POINT(1, 2)), (2, 7, NULL);
    CREATE TRIGGER items_clamp BEFORE INSERT ON items FOR EACH ROW
      SET NEW.qty = GREATEST(NEW.qty, 1);
    CREATE TABLE visits (id int PRIMARY KEY, day date NOT NULL);
    INSERT INTO visits VALUES (1, '2024-01-01'), (2, '0000-00-00'),
                              (3, '2024-03-01');
    CREATE TABLE plain (id int PRIMARY KEY, name varchar(20));
    INSERT INTO plain VALUES (1, 'a'), (2, 'b')"

last_line() { printf '%s\n' "$err" | tail -1; }
# tables SCHEMA: the tables of a PostgreSQL schema, comma-separated.
tables() {
  pg "SELECT coalesce(string_agg(table_name, ',' ORDER BY table_name), '')
      FROM information_schema.tables WHERE table_schema = '$1'"
}
objects="3 objects (2 to port by hand, 1 with no equivalent)"

# ---- --dry-run: nothing changes, nothing is lost -------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema dry --dry-run
is "$rc" 0 "a dry run exits 0: it changes nothing, so loses nothing"
is "$(last_line)" "the port would leave out $objects: see the notes above" \
  "but says what the port would leave out"
like "$out" "-- hand: trigger items.items_clamp" "the notes are on stdout"
unlike "$out" "would leave out" "which stays a script, the line on stderr"
is "$(tables dry)" "" "and the target is not changed"
run_strata port --from "$my_url" --to "$pg_url" --schema dry --dry-run --json
is "$rc" 0 "a dry run with --json exits 0"
is "$(jget 'd["ok"], d["left_out"]')" \
  "(True, {'objects': 3, 'hand': 2, 'unsupported': 1, 'rows': 0, 'reject_dir': None})" \
  "ok, with what the port would leave out"
run_strata port --from "$my_url" --to "$pg_url" --schema dry --dry-run --quiet
is "$rc.$err" "0." "--quiet quiets a dry run's line too"

# ---- a port that leaves objects out and sets a row aside -----------------
run_strata port --from "$my_url" --to "$pg_url" --schema moved \
  --zero-dates=error --max-rejects 1 --reject-dir rejects
is "$rc" 5 "a port that left objects out and set a row aside exits 5"
is "$(last_line)" \
  "the port left out $objects and set aside 1 row: see the notes above and 'rejects'" \
  "its last line counts both and says where to look"
like "$out" "-- 3 notes: 0 changed, 0 approximated, 1 unsupported, 2 to port by hand" \
  "the same counts as the notes' summary"
is "$(pg "SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM moved.items")" \
  "1:2,2:7" "the target holds every row copied"
is "$(pg "SELECT string_agg(id::text, ',' ORDER BY id) FROM moved.visits")" \
  "1,3" "and every row but the one set aside"
is "$(grep -c '"key"' rejects/visits.rejects.jsonl)" 1 "which is in the folder"
is "$(pg "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint
          WHERE connamespace = 'moved'::regnamespace AND contype = 'c'")" \
  "qty_positive" "the CHECK that translates is there"
is "$(tables moved)" "items,plain,strata_port_settings,visits" \
  "and the port is over"

# --quiet hides the notes, not the line that explains the exit status.
run_strata port --from "$my_url" --to "$pg_url" --schema hushed \
  --zero-dates=error --max-rejects 1 --reject-dir rejects_hushed --quiet
is "$rc" 5 "--quiet: still exit 5"
is "$err" \
  "the port left out $objects and set aside 1 row: --dry-run lists the notes and 'rejects_hushed'" \
  "and the one line, pointing at --dry-run for the notes it hid"

run_strata port --from "$my_url" --to "$pg_url" --schema j \
  --zero-dates=error --max-rejects 1 --reject-dir rejects_j --json
is "$rc" 5 "--json: exit 5"
is "$(jget 'd["ok"], "error" in d, d["left_out"]')" \
  "(False, False, {'objects': 3, 'hand': 2, 'unsupported': 1, 'rows': 1, 'reject_dir': 'rejects_j'})" \
  "not ok, no error, and what it left out"
is "$(jget 'd["left_out"]["hand"] == sum(n["kind"] == "hand" for n in d["notes"])')" \
  True "the counts are the notes'"

# ---- --resume: the notes are given again, every run's rows counted -------
run_strata port --from "$my_url" --to "$pg_url" --schema resumed \
  --zero-dates=error --reject-dir rejects_resumed
is "$rc" 1 "a row set aside beyond --max-rejects fails the port"
run_strata port --from "$my_url" --to "$pg_url" --schema resumed --resume \
  --max-rejects 1
is "$rc" 5 "a resume that finishes it exits 5"
is "$(last_line)" \
  "the port left out $objects and set aside 1 row: see the notes above and 'rejects_resumed'" \
  "still counting what the first run left out, and its row"
is "$(pg "SELECT count(*) FROM resumed.items")" 2 "the rows are there"

# ---- --schema-only and --emit-migration ----------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema bare --schema-only
is "$rc" 5 "--schema-only that left objects out exits 5"
is "$(last_line)" "the port left out $objects: see the notes above" \
  "counting them"
is "$(tables bare)" "items,plain,strata_port_settings,visits" \
  "the schema is created"
run_strata port --from "$my_url" --to "$pg_url" --schema emitted \
  --tables items --emit-migration emitted
is "$rc" 5 "--emit-migration that left objects out exits 5"
is "$(last_line)" "the port left out $objects: see the notes above" \
  "after the line naming the migration"
ok "$(ls emitted/*_port_from_mysql.up.sql >/dev/null 2>&1; echo $?)" \
  "which is written"

# ---- --schema-only, then --data-only: as honest as one port -------------
# The tables exist; the copy renders no schema, yet the geometry column's
# values are still left out: its loader says so, and the copy exits 5.
run_strata port --from "$my_url" --to "$pg_url" --schema split \
  --tables items,visits --zero-dates=error --schema-only
is "$rc" 5 "--schema-only of a table with a geometry column exits 5"
run_strata port --from "$my_url" --to "$pg_url" --schema split \
  --tables items,visits --data-only --zero-dates=error \
  --reject-dir rejects_split
is "$rc" 1 "a --data-only copy that sets a zero date aside beyond --max-rejects fails"
run_strata port --from "$my_url" --to "$pg_url" --schema split \
  --tables items,visits --data-only --zero-dates=error --resume \
  --max-rejects 1
is "$rc" 5 "its --resume, which leaves the geometry's values out, exits 5"
is "$(last_line)" \
  "the port left out 1 object (0 to port by hand, 1 with no equivalent) and set aside 1 row: see the notes above and 'rejects_split'" \
  "its last line counts the column and the row"
like "$out" "-- unsupported: column items.shape: its values are left out" \
  "the note names the column"
is "$(pg "SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM split.items")" \
  "1:2,2:7" "every other column's values arrived"
is "$(pg "SELECT string_agg(id || ':' || day, ',' ORDER BY id) FROM split.visits")" \
  "1:2024-01-01,3:2024-03-01" "in every table"
run_strata port --from "$my_url" --to "$pg_url" --schema split_items \
  --tables items --schema-only
run_strata port --from "$my_url" --to "$pg_url" --schema split_items \
  --tables items --data-only --json
is "$rc" 5 "--data-only of that one table exits 5 too"
is "$(jget 'd["left_out"]["unsupported"], [n["object"] for n in d["notes"]]')" \
  "(1, ['column items.shape'])" "--json: the one note, naming the column"
run_strata port --from "$my_url" --to "$pg_url" --schema split_plain \
  --tables plain --schema-only
is "$rc" 0 "--schema-only of a table that ports whole exits 0"
run_strata port --from "$my_url" --to "$pg_url" --schema split_plain \
  --tables plain --data-only
is "$rc" 0 "and a --data-only whose columns all load exits 0"
unlike "$err" "the port" "with no line of what it left out"
is "$(pg "SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM split_plain.plain")" \
  "1:a,2:b" "with the rows there"

# ---- --verify-only copies nothing and loses nothing ----------------------
run_strata port --from "$my_url" --to "$pg_url" --schema emitted \
  --tables items --verify-only
is "$rc" 0 "--verify-only of that port exits 0"
unlike "$err" "left out" "and has nothing left out to tell"

# ---- nothing left out ----------------------------------------------------
run_strata port --from "$my_url" --to "$pg_url" --schema whole --tables plain
is "$rc" 0 "a port that leaves nothing out exits 0"
unlike "$err" "the port" "with no such line"
run_strata port --from "$my_url" --to "$pg_url" --schema whole_json \
  --tables plain --json
is "$(jget 'd["ok"], d["left_out"]["objects"], d["left_out"]["rows"]')" \
  "(True, 0, 0)" "--json: ok, nothing left out"

# ---- into SQLite ---------------------------------------------------------
if has_driver sqlite; then
  run_strata port --from "$my_url" --to "sqlite:$scratch/copy.db" \
    --zero-dates=error --max-rejects 1 --reject-dir rejects_lite
  is "$rc" 5 "a port into SQLite that left something out exits 5"
  like "$(last_line)" \
    "^the port left out [0-9]+ objects? \\([0-9]+ to port by hand, [0-9]+ with no equivalent\\) and set aside 1 row: see the notes above and 'rejects_lite'$" \
    "its last line counts what SQLite could not take and the row"
  if command -v sqlite3 >/dev/null; then
    is "$(sqlite3 "$scratch/copy.db" "SELECT group_concat(id) FROM visits")" \
      "1,3" "the file holds every row copied"
  fi
fi

done_testing
