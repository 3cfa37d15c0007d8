# The throwaway database servers.  start.sh runs before every other test and
# stop.sh after all of them (make orders the logs, even under -j); each
# engine's own script (postgres.sh, mariadb.sh) does the work.
TESTS += %D%/start.sh
EXTRA_DIST += %D%/start.sh %D%/stop.sh %D%/postgres.sh %D%/mariadb.sh \
	%D%/pgbouncer.sh %D%/galera.sh
