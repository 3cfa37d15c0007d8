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
	%D%/completion.sh
TESTS += $(SQLITE_INTEGRATION_TESTS)
EXTRA_DIST += $(SQLITE_INTEGRATION_TESTS) %D%/fixtures/sqlite.sh

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
	%D%/port_data.sh
TESTS += $(PORT_INTEGRATION_TESTS)
EXTRA_DIST += $(PORT_INTEGRATION_TESTS) %D%/port_lib.sh \
	%D%/fixtures/port_mysql.sql %D%/fixtures/port_rows.sql

# Portable migrations: rendered for each engine and run there.  Each skips
# itself when this build lacks the parser plugin, its driver or its server.
PORTABLE_INTEGRATION_TESTS = \
	%D%/portable_render_postgres.sh \
	%D%/portable_sqlite.sh \
	%D%/portable_mysql.sh \
	%D%/portable_render_golden.sh
TESTS += $(PORTABLE_INTEGRATION_TESTS)
EXTRA_DIST += $(PORTABLE_INTEGRATION_TESTS) %D%/portable_lib.sh \
	%D%/fixtures/portable/ops.portable.up.sql \
	%D%/fixtures/portable/ops.postgres.sql \
	%D%/fixtures/portable/ops.sqlite.sql \
	%D%/fixtures/portable/ops.mysql.sql
