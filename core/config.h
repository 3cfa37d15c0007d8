/*
 * config.h - typed access to the settings in a struct strata_config.
 * The public functions (strata_config_*) are declared in strata.h.
 */
#ifndef STRATA_CORE_CONFIG_H
#define STRATA_CORE_CONFIG_H

#include <strata/strata.h>

#define CONFIG_DEFAULT_DIR "db/migrations"
#define CONFIG_DEFAULT_TABLE "strata_migrations"
#define CONFIG_DEFAULT_SQLITE_FILE "db/strata.sqlite3"
#define CONFIG_DEFAULT_URL "sqlite:" CONFIG_DEFAULT_SQLITE_FILE
#define CONFIG_DEFAULT_LOCK_TIMEOUT_MS 60000
#define CONFIG_DEFAULT_LOCK_LEASE_MS 30000

/* The value of key, or fallback when unset. */
const char *config_string(const struct strata_config *cfg, const char *key,
                          const char *fallback);
/* The target URL cfg names or, when it names none (an empty one counts as
 * none), the embedded SQLite default; *defaulted, if not NULL, says
 * which. */
const char *config_url(const struct strata_config *cfg, int *defaulted);
/* Parses key as a non-negative integer; a malformed value is an error
 * naming the key. */
int config_long(const struct strata_config *cfg, const char *key, long fallback,
                long *out, struct strata_error *err);
/* "1", "true", "yes", "on" / "0", "false", "no", "off". */
int config_bool(const struct strata_config *cfg, const char *key, int fallback,
                int *out, struct strata_error *err);

#endif
