# Integration tests: shell scripts that run the real strata command and
# look inside the database afterwards.  fixtures/sqlite.sh is what the
# SQLite ones share.
SQLITE_INTEGRATION_TESTS = \
	%D%/sqlite_up_down.sh \
	%D%/sqlite_status.sh \
	%D%/sqlite_repair.sh \
	%D%/sqlite_dry_run.sh \
	%D%/sqlite_json.sh \
	%D%/sqlite_usage.sh \
	%D%/sqlite_config.sh \
	%D%/sqlite_bad_source.sh \
	%D%/sqlite_bad_target.sh \
	%D%/sqlite_bad_run.sh \
	%D%/sqlite_concurrent.sh \
	%D%/sqlite_line_endings.sh \
	%D%/sqlite_no_transaction.sh \
	%D%/sqlite_new.sh \
	%D%/sqlite_database.sh \
	%D%/sqlite_drivers.sh \
	%D%/plugins_load.sh \
	%D%/sdk_examples.sh \
	%D%/completion.sh \
	%D%/sqlite_empty.sh \
	%D%/sqlite_layouts.sh \
	%D%/sqlite_sets.sh \
	%D%/sqlite_real_sets.sh
TESTS += $(SQLITE_INTEGRATION_TESTS)
EXTRA_DIST += $(SQLITE_INTEGRATION_TESTS) %D%/fixtures/sqlite.sh

# Other tools' migration folders on every engine; each skips itself
# without its driver or server.
LAYOUT_INTEGRATION_TESTS = \
	%D%/postgres_layouts.sh \
	%D%/postgres_real_sets.sh \
	%D%/postgres_socket.sh \
	%D%/postgres_sessions.sh \
	%D%/mysql_layouts.sh \
	%D%/mysql_real_sets.sh \
	%D%/mysql_sessions.sh
TESTS += $(LAYOUT_INTEGRATION_TESTS)
EXTRA_DIST += $(LAYOUT_INTEGRATION_TESTS) %D%/fixtures/layouts.sh

# The schema: dump --json and --dump, diff, verify.  Each skips itself when
# this build lacks its driver, so they are listed whatever was built; the
# two server verify tests share fixtures/verify_cases.sh.
SCHEMA_INTEGRATION_TESTS = \
	%D%/schema_dump.sh \
	%D%/schema_diff.sh \
	%D%/schema_verify.sh \
	%D%/schema_verify_postgres.sh \
	%D%/schema_verify_mysql.sh
TESTS += $(SCHEMA_INTEGRATION_TESTS)
EXTRA_DIST += $(SCHEMA_INTEGRATION_TESTS) %D%/fixtures/verify_cases.sh

# strata port: MariaDB to PostgreSQL.  Skips itself when this build lacks
# either driver or either server.
PORT_INTEGRATION_TESTS = \
	%D%/port_schema.sh \
	%D%/port_data.sh \
	%D%/port_awkward.sh \
	%D%/port_reject_folder.sh \
	%D%/port_to_sqlite.sh \
	%D%/port_pg_to_sqlite.sh \
	%D%/port_from_sqlite.sh \
	%D%/port_sqlite_to_pg.sh \
	%D%/port_pg_to_pg.sh \
	%D%/port_pg_domains.sh \
	%D%/port_to_mysql.sh \
	%D%/port_mysql_to_mysql.sh \
	%D%/port_expressions.sh \
	%D%/port_mysql_undo.sh \
	%D%/port_left_out.sh \
	%D%/port_real_shapes.sh \
	%D%/mysql_emoji.sh
TESTS += $(PORT_INTEGRATION_TESTS)
EXTRA_DIST += $(PORT_INTEGRATION_TESTS) %D%/port_lib.sh \
	%D%/fixtures/port_mysql.sql %D%/fixtures/port_rows.sql \
	%D%/fixtures/port_shop.sql %D%/fixtures/port_pg_awkward.sql \
	%D%/fixtures/port_sqlite_awkward.sql \
	%D%/fixtures/port_mysql_awkward.sql \
	%D%/fixtures/port_real_shapes.sql

# A port whose target is its source, on each engine whose driver, server
# and client are there.
TESTS += %D%/port_same_database.sh
EXTRA_DIST += %D%/port_same_database.sh

# strata adopt (other tools' history tables) and strata baseline (checked
# against a scratch database).  The server ones skip themselves without
# their driver or server; each command's share adopt_lib.sh or
# baseline_lib.sh.
ADOPT_INTEGRATION_TESTS = \
	%D%/adopt_sqlite.sh \
	%D%/adopt_postgres.sh \
	%D%/adopt_mysql.sh \
	%D%/baseline_sqlite.sh \
	%D%/baseline_postgres.sh \
	%D%/baseline_mysql.sh
TESTS += $(ADOPT_INTEGRATION_TESTS)
EXTRA_DIST += $(ADOPT_INTEGRATION_TESTS) %D%/adopt_lib.sh \
	%D%/baseline_lib.sh

# strata lint: each engine's fixture, the output formats, and lint = error
# before up.  Each skips itself when this build lacks its driver.
LINT_INTEGRATION_TESTS = \
	%D%/lint_sqlite.sh \
	%D%/lint_postgres.sh \
	%D%/lint_mysql.sh
TESTS += $(LINT_INTEGRATION_TESTS)
EXTRA_DIST += $(LINT_INTEGRATION_TESTS) \
	%D%/fixtures/lint_sqlite \
	%D%/fixtures/lint_postgres \
	%D%/fixtures/lint_mysql

# Locks on live servers: DDL lock timeouts and retries, the lease lock
# behind a pooler and on a cluster.  Each skips itself without its driver
# or server.
LOCK_INTEGRATION_TESTS = \
	%D%/postgres_lock_timeout.sh \
	%D%/mysql_lock_timeout.sh \
	%D%/sqlite_lock_timeout.sh \
	%D%/sqlite_unlock.sh \
	%D%/postgres_lock_edges.sh \
	%D%/postgres_lock_forever.sh \
	%D%/mysql_lock_forever.sh \
	%D%/postgres_pooler.sh \
	%D%/mysql_galera.sh
TESTS += $(LOCK_INTEGRATION_TESTS)
EXTRA_DIST += $(LOCK_INTEGRATION_TESTS)

# Portable migrations: rendered for each engine and run there.  Each skips
# itself when this build lacks the parser plugin, its driver or its server.
PORTABLE_INTEGRATION_TESTS = \
	%D%/portable_render_postgres.sh \
	%D%/portable_sqlite.sh \
	%D%/portable_mysql.sh \
	%D%/portable_render_golden.sh \
	%D%/portable_accept.sh \
	%D%/portable_refusals.sh \
	%D%/verify_engines.sh \
	%D%/diff_neutral_rules.sh
TESTS += $(PORTABLE_INTEGRATION_TESTS)
EXTRA_DIST += $(PORTABLE_INTEGRATION_TESTS) %D%/portable_lib.sh \
	%D%/fixtures/portable/ops.portable.up.sql \
	%D%/fixtures/portable/ops.postgres.sql \
	%D%/fixtures/portable/ops.sqlite.sql \
	%D%/fixtures/portable/ops.mysql.sql
# The acceptance set of portable_accept.sh, a folder as the lint
# fixtures are.
EXTRA_DIST += %D%/fixtures/portable_set
