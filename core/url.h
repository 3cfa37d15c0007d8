/*
 * url.h - target URLs: "postgres://user:pw@host:5432/db?sslmode=require",
 * "mysql://...", "sqlite:path", "sqlite:///abs/path", "sqlite::memory:".
 */
#ifndef STRATA_CORE_URL_H
#define STRATA_CORE_URL_H

#include <strata/driver.h>

/* Parses text into a heap strata_url (free with url_free).  The scheme is
 * lower-cased; percent-escapes in user, password, host, path and parameters
 * are decoded; redacted is the URL with any password replaced by "***".
 * Errors never quote the password. */
int url_parse(const char *text, struct strata_url **out,
              struct strata_error *err);
void url_free(struct strata_url *url);

/* The value of a ?key=value parameter, or NULL. */
const char *url_param(const struct strata_url *url, const char *key);

/* The URL text with the last segment of its path, the database, replaced
 * by name and everything else kept: "postgres://u@h/app?sslmode=require"
 * gives "postgres://u@h/NAME?sslmode=require", "sqlite:db/app.sqlite3"
 * gives "sqlite:db/NAME".  NULL when memory runs out (free() it). */
char *url_with_database(const char *text, const char *name);

/* Copies text into out (size n) with the password, if any, as "***", for
 * messages about a URL that may not even parse. */
void url_redact(const char *text, char *out, size_t n);

#endif
