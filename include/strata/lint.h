/*
 * lint.h - the ABI of a lint rule-set plugin.
 *
 * `strata lint` reads migration scripts and reports the changes that are
 * risky before they run: a lock held on a large table, a table rewritten,
 * data dropped, a convention of the project broken.  The core does the
 * plumbing (reading the migrations, splitting each script with the target
 * engine's driver, locating findings at file:line:col, the
 * "-- strata:lint-ignore RULE" comments, the severity strata.conf gives
 * each rule, the output formats); a plugin only knows rules.
 *
 * The rules are spread over four plugins, by what a rule needs to know:
 *
 *   lint_postgres     PostgreSQL's locking and rewrite rules, read from the
 *                     server's own parse tree (libpg_query): an index built
 *                     without CONCURRENTLY, a volatile default, a type change
 *                     that rewrites, SET NOT NULL without a validated check,
 *                     a key or check added without NOT VALID, drops, renames.
 *   lint_mysql        MySQL and MariaDB: DDL and DML in one file (DDL commits
 *                     by itself, so such a file cannot be undone half way),
 *                     an ALTER that can only copy the table, drops, renames.
 *   lint_sqlite       SQLite: an ALTER SQLite cannot do in place and that
 *                     needs the table rebuilt, drops, renames.
 *   lint_conventions  what a schema reviewer checks whatever the engine:
 *                     created_at/updated_at, a primary key on every table,
 *                     indexed foreign keys, money not in floating point, a
 *                     missing down script, a non-idempotent CREATE.
 *
 * A rule that concerns how one engine executes DDL lives in that engine's
 * plugin, because only that engine's grammar says what a statement does; a
 * rule about what the schema should look like lives in lint_conventions,
 * which reads CREATE TABLE with one careful token scan that fits all three
 * dialects.  Rules with the same meaning on several engines share one id
 * ("drop-column"), so strata.conf configures them once.
 *
 * A run hands a plugin the migrations of a set in version order, through
 * one state made by begin(): a plugin learns from every script (the tables
 * it creates, the columns and constraints it adds) and reports what it
 * finds.  Scripts the user did not ask to lint are still shown to the
 * plugin as context; the core drops what is reported on them.  "On an
 * existing table" means a table the script being checked did not create.
 *
 * Ownership: everything handed to a plugin is borrowed for the call.
 * A plugin's state is its own; end() frees it.
 */
#ifndef STRATA_LINT_H
#define STRATA_LINT_H

#include <stddef.h>
#include <strata/driver.h>
#include <strata/error.h>
#include <strata/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How much a finding matters.  strata.conf may change a rule's severity;
 * off turns the rule off. */
enum strata_lint_severity {
  STRATA_LINT_OFF = 0,
  STRATA_LINT_WARNING = 1,
  STRATA_LINT_ERROR = 2
};

/* One rule a plugin knows. */
struct strata_lint_rule {
  const char *id; /* lower case words with hyphens: "drop-column" */
  enum strata_lint_severity default_severity;
  const char *summary; /* one line: what it finds and why it matters */
};

/* One migration script, split into statements by the target's driver. */
struct strata_lint_script {
  size_t struct_size; /* sizeof the core's struct: read members below it */
  const char *engine; /* the driver's canonical name: "postgres" ... */
  const char *file;   /* the path, or "VERSION_name" in memory */
  const char *version;
  const char *text; /* the script, NUL-terminated */
  size_t length;
  const struct strata_statement *statements;
  size_t count;
  int has_down; /* the migration has a down script */
  int down;     /* this is a down script, not an up */
};

/* What the core lends a plugin for a run. */
struct strata_lint_host {
  size_t struct_size;
  void *host_ctx;
  /* Reports that rule found something at byte offset of the script being
   * checked.  message is printf-formatted, one line, no full stop. */
  void (*report)(void *host_ctx, const char *rule, size_t offset,
                 const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 4, 5)))
#endif
      ;
  /* Whether rule is on: a plugin may skip the work of a rule that is off. */
  int (*rule_on)(void *host_ctx, const char *rule);
  /* Sets err->code and a printf-formatted message; returns code. */
  int (*error_set)(struct strata_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 3, 4)))
#endif
      ;
};

struct strata_lint_plugin {
  struct strata_plugin plugin; /* kind == STRATA_PLUGIN_LINT */

  /* The driver names this rule set applies to, NULL-terminated; NULL for
   * every engine. */
  const char *const *engines;
  const struct strata_lint_rule *rules;
  size_t rule_count;

  /* Starts a run over one set of migrations of engine.  *state is the
   * plugin's, handed back to check() and end(). */
  int (*begin)(const struct strata_lint_host *host, const char *engine,
               void **state, struct strata_error *err);
  /* Reads one script, in version order, reporting through the host.  A
   * script the plugin cannot read (a parse error) is not an error of the
   * run: the plugin skips what it cannot read, or reports it as a finding. */
  int (*check)(void *state, const struct strata_lint_script *script,
               struct strata_error *err);
  void (*end)(void *state);
};

#ifdef __cplusplus
}
#endif
#endif
