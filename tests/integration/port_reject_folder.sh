# port_reject_folder.sh - every line of `strata port` that speaks of the
# rows it set aside names the folder they are in, by its path: the new
# temporary one, --reject-dir, or on --resume the folder of the run that
# set them aside, even when the resume is given another --reject-dir.
. "$STRATA_SRCDIR/tests/integration/port_lib.sh"
port_scratch_databases

scratch_tmpdir

# Two of the three visits hold a zero date in a NOT NULL column, which
# --zero-dates=error rejects.
my "SET sql_mode = '';
    CREATE TABLE visits (id int PRIMARY KEY, day date NOT NULL);
    INSERT INTO visits VALUES (1, '2024-01-01'), (2, '0000-00-00'),
                              (3, '0000-00-00');
    CREATE TABLE notes (id int PRIMARY KEY, body text);
    INSERT INTO notes VALUES (1, 'kept')"

# has_err_line LINE DESCRIPTION: stderr ($err) holds LINE, whole.
has_err_line() {
  if printf '%s\n' "$err" | grep -qxF -- "$1"; then ok 0 "$2"; else
    ok 1 "$2"; printf '#   no line: %s\n#   in:\n' "$1"
    printf '%s\n' "$err" | sed 's/^/#     /'; fi
}

# new_folders: the reject folders made in $TMPDIR, one a line.
new_folders() { ls -d "$TMPDIR"/strata-rejects-* 2>/dev/null; }

port() { # port SCHEMA ARGS...
  local schema=$1
  shift
  run_strata port --from "$my_url" --to "$pg_url" --schema "$schema" \
    --zero-dates=error "$@"
}

# ---- a new temporary folder, the rows accepted at once --------------------
port accepted --max-rejects 2
is "$rc" 5 "a port within --max-rejects finishes, saying it set rows aside"
folder=$(new_folders)
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port set aside 2 rows: see '$folder'" \
  "its very last line counts them and names the folder"
is "$(printf '%s\n' "$folder" | grep -c .)" 1 "having made one folder"
has_err_line "2 rows were rejected, within --max-rejects; each one's key and reason are in '$folder'" \
  "its last lines name that folder by its path"
has_err_line "  visits: 2" "and count the rows per table"
is "$(grep -c '"table": "visits"' "$folder/visits.rejects.jsonl")" 2 \
  "where the rows are"
is "$(pg "SELECT string_agg(id::text, ',' ORDER BY id) FROM accepted.visits")" \
  1 "and the target holds the others"

# ---- --resume: the folder of the run that set the rows aside --------------
port resumed
is "$rc" 1 "rows beyond --max-rejects fail the port"
first=$(new_folders | grep -vxF "$folder")
is "$(printf '%s\n' "$first" | grep -c .)" 1 "which made a new folder"
like "$err" "each one's key and reason are in '$first'" \
  "its error names that folder"
port resumed --resume --max-rejects 2
is "$rc" 5 "--resume with --max-rejects accepting them finishes the port"
is "$(printf '%s\n' "$err" | tail -1)" \
  "the port set aside 2 rows: see '$first'" \
  "its last line counts the first run's rows, in that run's folder"
has_err_line "2 rows were rejected, within --max-rejects; each one's key and reason are in '$first'" \
  "naming the folder the first run made"
is "$(new_folders | wc -l | tr -d ' ')" 2 "and making none"
is "$(pg "SELECT count(*) FROM information_schema.tables
          WHERE table_schema = 'resumed'
            AND table_name = 'strata_port_state'")" 0 "the port is over"

# ---- --resume given another --reject-dir ----------------------------------
port moved --reject-dir first_dir
is "$rc" 1 "a port that sets rows aside in --reject-dir fails"
port moved --resume --reject-dir second_dir --max-rejects 1
is "$rc" 1 "a resume that accepts too few fails again"
has_err_line "strata: error: 2 rows were rejected, more than --max-rejects allows (1): each one's key and reason are in 'first_dir'" \
  "naming the folder the rows are in, not the resume's --reject-dir"
has_err_line "  rejected rows (in 'first_dir'): visits 2" "on its last line too"
port moved --resume --reject-dir second_dir --max-rejects 2 --json
is "$rc" 5 "a resume that accepts them all finishes the port"
is "$(jget 'd["ok"], d["left_out"]["rows"], d["left_out"]["reject_dir"]')" \
  "(False, 2, 'first_dir')" "--json: not ok, the rows set aside and their folder"
is "$(jget 'sorted((t["name"], t["rejected"], t["reject_dir"] or "-") for t in d["tables"])' |
      tr -d '[]')" \
  "('notes', 0, '-'), ('visits', 2, 'first_dir')" \
  "--json names each table's folder"
ok "$([ ! -e second_dir ]; echo $?)" "the resume's folder was never made"
is "$(grep -c . first_dir/visits.rejects.jsonl)" 2 \
  "the rows are where it says"

done_testing
