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
	%D%/sqlite_drivers.sh
TESTS += $(SQLITE_INTEGRATION_TESTS)
EXTRA_DIST += $(SQLITE_INTEGRATION_TESTS) %D%/fixtures/sqlite.sh
