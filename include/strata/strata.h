/*
 * strata.h - the public API of libstrata.
 *
 * Everything the strata command does goes through this header, so an
 * embedding program can do it too.  The usual sequence:
 *
 *   struct strata_config cfg;
 *   strata_config_init(&cfg);
 *   strata_config_set(&cfg, "url", "sqlite::memory:");
 *   struct strata *s;
 *   if (strata_open(&cfg, &s, &err) == 0) {
 *     strata_use_memory_source(s, defs, n, &err);
 *     strata_up(s, NULL, &err);
 *     strata_free(s);
 *   }
 *   strata_config_release(&cfg);
 *
 * Memory: each object has exactly one release or free function, named below.
 * Strings handed in are copied; strings handed out live as long as the
 * object they belong to.
 */
#ifndef STRATA_H
#define STRATA_H

#include <stddef.h>
#include <strata/error.h>
#include <strata/lint.h>
#include <strata/schema.h>

#ifdef __cplusplus
extern "C" {
#endif
/* libstrata is built with hidden visibility; what is declared here is its
 * public API, exported. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(default)
#endif

#define STRATA_VERSION "0.1.0"

/* The library's version string. */
const char *strata_version(void);

/* ---- configuration ------------------------------------------------------
 * A set of key = value settings.  Keys: url, dir, table, lock_timeout,
 * wait, allow_out_of_order, plugin_path, dump (the strata command writes
 * db/schema.sql after up, down and redo), lint (off, warn or error: what
 * strata_up() does first with the migrations it is about to apply, see
 * "lint" below), lint_rules.  Values set with strata_config_set()
 * win; strata_config_load() fills the keys still unset from, in order, the
 * environment (DATABASE_URL, STRATA_<KEY>), a .env file and strata.conf in
 * the working directory. */
struct strata_config_entry;
struct strata_config {
  struct strata_config_entry *entries;
  size_t count;
};

void strata_config_init(struct strata_config *cfg);
int strata_config_set(struct strata_config *cfg, const char *key,
                      const char *value);
/* NULL when unset. */
const char *strata_config_get(const struct strata_config *cfg, const char *key);
/* Reads the environment, then .env and strata.conf from dir (NULL: the
 * current directory). */
int strata_config_load(struct strata_config *cfg, const char *dir,
                       struct strata_error *err);
void strata_config_release(struct strata_config *cfg);
/* Makes dst (initialised or released) a copy of src. */
int strata_config_copy(struct strata_config *dst,
                       const struct strata_config *src);
/* Reads key as a yes/no setting ("1", "true", "yes", "on" or "0", "false",
 * "no", "off"); *out is fallback when unset.  STRATA_EINVAL, naming the
 * key, for any other value. */
int strata_config_bool(const struct strata_config *cfg, const char *key,
                       int fallback, int *out, struct strata_error *err);
/* The target URL the config names, as strata_open() would use it (the
 * embedded SQLite file when it names none), with any password hidden:
 * for messages before or without a connection.  Writes at most n bytes. */
void strata_config_target(const struct strata_config *cfg, char *out,
                          size_t n);

/* ---- events --------------------------------------------------------------
 * What a run tells its caller as it goes.  Strings live for the call. */
enum strata_event_kind {
  STRATA_EVENT_NOTICE,          /* text: a line for the user (who holds the
                                 * lock while waiting, a server notice) */
  STRATA_EVENT_MIGRATION_BEGIN, /* version, name, direction */
  STRATA_EVENT_MIGRATION_END,   /* ... and duration_ms */
  STRATA_EVENT_MIGRATION_SKIP,  /* another runner applied it meanwhile */
  STRATA_EVENT_SQL,             /* dry run: text is SQL that would run */
  STRATA_EVENT_LINT_FINDING     /* finding (and its message as text): what
                                 * the lint strata_up() runs first found */
};

enum strata_direction { STRATA_UP = 1, STRATA_DOWN = -1 };

struct strata_lint_finding;

struct strata_event {
  enum strata_event_kind kind;
  const char *version;
  const char *name;
  enum strata_direction direction;
  const char *text;
  double duration_ms;
  int index; /* 1-based position of this migration in the run */
  int total; /* migrations in the run */
  const struct strata_lint_finding *finding; /* LINT_FINDING only */
};

typedef void (*strata_event_fn)(void *ctx, const struct strata_event *event);

/* ---- a session: one target, one source ---------------------------------- */
struct strata;

/* Connects to the target the config names (an embedded SQLite file
 * db/strata.sqlite3 when it names none, which is reported as a notice).
 * events may be NULL. */
int strata_open(const struct strata_config *cfg, strata_event_fn events,
                void *event_ctx, struct strata **out, struct strata_error *err);
void strata_free(struct strata *s);

/* The target URL with its password hidden. */
const char *strata_target(const struct strata *s);
/* The driver's canonical name ("sqlite", "postgres", ...). */
const char *strata_driver_name(const struct strata *s);
/* What the server says it is ("PostgreSQL 15.4"), or NULL when the driver
 * cannot tell. */
const char *strata_server_version(const struct strata *s);

/* 1 when URLs a and b name one database and, in it, one schema; 0
 * otherwise, and when either does not parse or names no driver.  Decided
 * from the URLs alone, before anything connects: one driver (whichever
 * of its schemes each URL uses), and either one file (however its path is
 * spelt: relative, absolute, through a symbolic or hard link) or one
 * server and database name, where no host, "localhost", a loopback
 * address and a socket's folder are all this machine, and a port left out
 * is the well-known one of the driver's scheme (the system's list of
 * services).  a_schema and b_schema are the schemas the two ends are used
 * in; NULL: the one the URL's search_path (its first) or schema parameter
 * names, else the default one, public. */
int strata_same_database(const struct strata_config *cfg, const char *a,
                         const char *a_schema, const char *b,
                         const char *b_schema);

/* An in-memory migration, for embedding programs.  down may be NULL. */
struct strata_migration_def {
  const char *version;
  const char *name;
  const char *up;
  const char *down;
};

/* Replaces the folder source with these migrations (copied). */
int strata_use_memory_source(struct strata *s,
                             const struct strata_migration_def *defs,
                             size_t count, struct strata_error *err);

/* ---- status ------------------------------------------------------------- */
enum strata_state {
  STRATA_STATE_PENDING, /* in the source, not applied */
  STRATA_STATE_APPLIED,
  STRATA_STATE_CHANGED,      /* applied, but the file changed since */
  STRATA_STATE_MISSING,      /* applied, but its file is gone */
  STRATA_STATE_OUT_OF_ORDER, /* pending, older than the newest applied */
  STRATA_STATE_FAILED,       /* failed part way; see statements_done */
  STRATA_STATE_INTERRUPTED   /* started and never finished (killed) */
};

struct strata_status_entry {
  const char *version;
  const char *name;
  enum strata_state state;
  const char *file;     /* the up script's path, or NULL */
  const char *checksum; /* of the file ("sha256:..."), or NULL */
  const char *applied_checksum;
  const char *applied_at; /* UTC, ISO 8601, or NULL */
  long long duration_ms;
  int statements_done; /* for failed and interrupted migrations */
  int statements_total;
  /* why it failed; for a pending one, why up would refuse it; or NULL */
  const char *error;
  int has_down;
};

struct strata_status {
  struct strata_status_entry *entries; /* ordered by version */
  size_t count;
  size_t pending; /* pending + out of order */
  size_t applied;
  size_t problems; /* changed, missing, failed, interrupted, and pending
                    * ones up would refuse (an entry with an error) */
};

int strata_status(struct strata *s, struct strata_status **out,
                  struct strata_error *err);
void strata_status_free(struct strata_status *status);

/* The plain word for a state: "pending", "applied", ... */
const char *strata_state_name(enum strata_state state);

/* ---- the schema --------------------------------------------------------- */

/* Describes the target's live schema (schema.h), in canonical order and
 * without strata's own tables.  STRATA_ENOTSUP when the driver cannot.
 * Free it with strata_schema_free(). */
int strata_schema_read(struct strata *s, struct strata_schema **out,
                       struct strata_error *err);
void strata_schema_free(struct strata_schema *schema);

/* Writes the target's schema as canonical DDL of its own engine, followed
 * by the history of the applied migrations, so an empty database loaded
 * from it is at the same migrations.  Two databases with the same schema
 * and migrations give the same text. */
int strata_dump(struct strata *s, strata_write_fn write, void *ctx,
                struct strata_error *err);

/* ---- comparing schemas --------------------------------------------------
 * Two models of the same engine, each in canonical order (as
 * strata_schema_read() gives them), compared object by object through the
 * engine's own text and the flags.  A difference names the object the way a
 * reader would ("table users: column email", "index users_email_idx",
 * "function f(integer)") and, for a change, says how A and B differ
 * ("type varchar(100) vs varchar(255)"). */
enum strata_difference_kind {
  STRATA_DIFF_ONLY_IN_A,
  STRATA_DIFF_ONLY_IN_B,
  STRATA_DIFF_CHANGED
};

struct strata_difference {
  enum strata_difference_kind kind;
  const char *object; /* "table users: column email" */
  const char *detail; /* "type varchar(100) vs varchar(255)"; NULL unless
                       * changed */
  /* The object taken apart, for callers that word it their own way. */
  const char *type;  /* "table", "column", "primary key", "unique", "check",
                      * "foreign key", "index", "trigger", "view", "type",
                      * "sequence", "function", "procedure" */
  const char *table; /* the table it belongs to, or NULL */
  const char *name;  /* its name ("f(integer)" for a routine), or NULL for an
                      * unnamed key */
};

/* Receives each difference; the strings live for the call.  A non-zero
 * return stops the comparison. */
typedef int (*strata_difference_fn)(void *ctx,
                                    const struct strata_difference *d);

/* Calls each for every difference between a and b, in a stable order.
 * Returns the number of differences, the callback's non-zero return that
 * stopped it, or STRATA_ENOMEM. */
int strata_schema_diff(const struct strata_schema *a,
                       const struct strata_schema *b, strata_difference_fn each,
                       void *ctx);

/* ---- comparing engines -------------------------------------------------
 * Two databases of different engines, built by one portable migration
 * set, compared in portable terms: each model is put in its neutral form
 * (each driver undoes what its engine made of the portable dialect: its
 * types, its names for unnamed constraints, the indexes it adds by
 * itself, the spelling of defaults and expressions; the core writes every
 * type, default and expression one way), and facts one engine cannot hold
 * (comments on SQLite) are passed over on both sides.  Unique keys,
 * checks and foreign keys are matched by what they are; their names are
 * compared where both engines keep one. */

/* The target's schema in its neutral form (engine "portable"): types in
 * type_text and defaults in default_expr as a portable migration writes
 * them, expressions in canonical portable text.  STRATA_ENOTSUP when the
 * driver cannot give one.  Free it with strata_schema_free(). */
int strata_schema_neutral(struct strata *s, struct strata_schema **out,
                          struct strata_error *err);

/* Reads both targets' schemas and calls each for every difference between
 * their neutral forms, as strata_schema_diff() does.  Returns the number
 * of differences, the callback's non-zero return, or a negative error
 * with err set. */
int strata_schema_diff_neutral(struct strata *a, struct strata *b,
                               strata_difference_fn each, void *ctx,
                               struct strata_error *err);

/* Receives a difference between the two schemas as read that their
 * neutral forms do not have: a match made by a rule of the neutral form
 * (tinyint(1) vs boolean, default 1 vs true, an index the engine made for
 * a foreign key, names an engine made up, a WHERE an engine cannot hold).
 * portable is the one portable spelling both sides share ("boolean",
 * "TRUE") for a column's type or default, else NULL. */
typedef int (*strata_rule_fn)(void *ctx, const struct strata_difference *d,
                              const char *portable);

/* strata_schema_diff_neutral(), and also calls rule for each match made
 * by a rule, in a stable order, after the differences; a difference of an
 * object that still differs in portable terms is not one.  Returns the
 * number of differences, as strata_schema_diff_neutral() does. */
int strata_schema_diff_neutral_rules(struct strata *a, struct strata *b,
                                     strata_difference_fn each,
                                     strata_rule_fn rule, void *ctx,
                                     struct strata_error *err);

/* The one-line text of a difference: object, then ": only in A",
 * ": only in B" or ": " and the detail.  Writes at most n bytes. */
void strata_difference_text(const struct strata_difference *d, char *out,
                            size_t n);

/* ---- verifying migrations -----------------------------------------------
 * Applies the migrations one by one to a scratch database and checks that
 * each down script undoes its up script: for migration k, the schema before
 * k is read, k is applied, the schema read again, k reverted (the schema
 * must be the one before), and applied again (the schema must be the one
 * after).  The configured target is never connected to. */
struct strata_verify_options {
  /* An empty database to work in, left in place afterwards.  NULL: a new
   * database strata_verify_<pid>_<n> beside the target (on its server, or
   * a file in its folder), dropped at the end whatever happens. */
  const char *scratch_url;
  /* Also run each up script a second time right after its first run, not
   * recorded in history (and rolled back where the engine can), to find
   * the ones that fail when run twice. */
  int idempotent;
};

void strata_verify_options_init(struct strata_verify_options *opt);

enum strata_verify_result {
  STRATA_VERIFY_REVERSIBLE,
  STRATA_VERIFY_NOT_REVERSIBLE, /* differences say how */
  STRATA_VERIFY_MISSING_DOWN,
  STRATA_VERIFY_DOWN_FAILED,    /* error says why */
  STRATA_VERIFY_REAPPLY_FAILED, /* the up failed when applied again after
                                 * its down; error says why */
  STRATA_VERIFY_UP_FAILED,      /* its first apply failed: the migrations
                                 * after it are not checked */
  STRATA_VERIFY_NOT_CHECKED     /* checking stopped before it */
};

enum strata_verify_rerun {
  STRATA_RERUN_NOT_CHECKED, /* no --idempotent, or never applied */
  STRATA_RERUN_OK,
  STRATA_RERUN_FAILED /* rerun_error says why */
};

struct strata_verify_entry {
  const char *version;
  const char *name;
  enum strata_verify_result result;
  /* What differs, from the migration's point of view: "down of
   * 20250108000000_create_users left index users_email_idx". */
  const char **differences;
  size_t difference_count;
  const char *error; /* why a script failed, or NULL */
  enum strata_verify_rerun rerun;
  const char *rerun_error;
};

struct strata_verify_report {
  struct strata_verify_entry *entries; /* in version order */
  size_t count;
  const char *scratch; /* the scratch database's URL, password hidden */
  const char *stopped; /* why checking stopped early, or NULL */
  int ok; /* every migration reversible (and re-runnable when asked) */
};

/* Verifies the migrations of cfg's folder on a scratch database.  Returns
 * 0 when the check ran, whatever it found (see report->ok), or an error
 * when it could not run: no scratch database, a scratch that is not empty,
 * a driver that cannot describe a schema.  events may be NULL; it gets
 * notices, one "checking ..." line per migration among them.  Free *out
 * with strata_verify_report_free(). */
int strata_verify(const struct strata_config *cfg,
                  const struct strata_verify_options *opt,
                  strata_event_fn events, void *event_ctx,
                  struct strata_verify_report **out, struct strata_error *err);
void strata_verify_report_free(struct strata_verify_report *report);

/* The plain words for a result: "reversible", "not reversible", "missing
 * down", "down failed", "reapply failed", "up failed", "not checked". */
const char *strata_verify_result_name(enum strata_verify_result result);

/* ---- verifying across engines ------------------------------------------
 * Applies the migrations one version at a time to several empty scratch
 * databases, one per engine, and after each version compares each with
 * the first in portable terms (strata_schema_diff_neutral()).  It stops at
 * the first version that fails on one of them or after which two differ.
 * The scratch databases are the caller's: each must be empty, none may be
 * the configured target, and each is left as the check leaves it. */
struct strata_engines_report {
  const char **targets; /* each scratch database's URL, password hidden */
  size_t target_count;
  size_t count;   /* the versions in the folder */
  size_t checked; /* the versions applied and found equal everywhere */
  /* Where it stopped, or NULL when every version was equal: the version,
   * the first target and the one that differs from it (b), or the target
   * whose up failed (a, b NULL). */
  const char *version;
  const char *name;
  const char *a;
  const char *b;
  const char **differences; /* a vs b, as strata_difference_text() words */
  size_t difference_count;
  const char *error; /* why the up failed on a, or NULL */
  int ok;            /* every version equal on every engine */
};

/* Returns 0 when the check ran, whatever it found (report->ok), or an
 * error when it could not: fewer than two URLs, a bad URL, a scratch that
 * is not empty or is the target, a driver that cannot give a neutral form,
 * one database given twice (STRATA_ESAME, by the URLs or, once connected,
 * by the drivers' identity()).
 * events may be NULL; it gets a "checking ..." notice per version.  Free
 * *out with strata_engines_report_free(). */
int strata_verify_engines(const struct strata_config *cfg,
                          const char *const *urls, size_t url_count,
                          strata_event_fn events, void *event_ctx,
                          struct strata_engines_report **out,
                          struct strata_error *err);
void strata_engines_report_free(struct strata_engines_report *report);

/* ---- porting MySQL or MariaDB to PostgreSQL -----------------------------
 * Reads the source's schema, translates it (the PostgreSQL driver renders
 * the MySQL driver's model), creates it on the target and copies the data:
 * tables without their keys first, then every table's rows (jobs at a
 * time, each table in one transaction), then keys, indexes, identity
 * counters, foreign keys, views, triggers and comments in one transaction.
 * Every choice that is not a plain copy is told to note: what changed,
 * what is approximated, what has no equivalent, and what is left to port
 * by hand with its source.
 *
 * Until the port ends, the target schema holds a table strata_port_state
 * listing the tables copied, so a port that stopped can be run again with
 * resume; the last transaction drops it.
 *
 * A port that returns 0 finished, and may still have left something out,
 * which the caller counts as `strata port` does (it exits 5 then): each
 * note of kind STRATA_NOTE_HAND or STRATA_NOTE_UNSUPPORTED is an object
 * left out, and the tables' rejected counts in the finished progress call
 * are the rows set aside that max_rejects accepted.  A resumed port gives
 * the notes again and counts every run's rejects; data_only and
 * verify_only create no schema and give no such note. */

/* Where one table of a port is. */
enum strata_port_table_state {
  STRATA_PORT_WAITING,
  STRATA_PORT_COPYING,
  STRATA_PORT_DONE,
  STRATA_PORT_FAILED,
  STRATA_PORT_SKIPPED /* copied by the run that resume continues */
};

struct strata_port_table {
  const char *name; /* the source's */
  enum strata_port_table_state state;
  unsigned long long rows;     /* copied so far */
  unsigned long long estimate; /* the source's guess of its rows, or 0 */
  unsigned long long rejected; /* rows set aside (reject_dir) */
  unsigned long long changed;  /* values a mapping choice changed */
  double seconds;              /* spent copying so far */
  int verified;                /* its rows compared equal on both sides */
  const char *reject_dir;      /* the folder its rejected rows are in, this
                                * run's or the earlier run's that set them
                                * aside; given in the finished call to a
                                * table with rows rejected, else NULL */
};

/* Called when a table starts or ends, every quarter of a second while
 * tables are copied, and once more with finished set; from the thread
 * that called strata_port(). */
typedef void (*strata_port_progress_fn)(void *ctx,
                                        const struct strata_port_table *tables,
                                        size_t count, int finished);

struct strata_port_options {
  const char *from_url; /* mysql:// or mariadb:// */
  const char *to_url;   /* postgres:// */
  const char *schema;   /* the target schema; NULL: public */
  const char *tables;   /* comma-separated globs of the tables to port;
                         * NULL: all */
  const char *exclude;  /* comma-separated globs of tables to leave */
  int schema_only;      /* create the schema on the target, copy nothing */
  int data_only;        /* copy rows into the tables the target has */
  int dry_run;          /* touch nothing; only connect to the target */
  int resume;           /* finish a port that stopped */
  int verify;           /* compare each table's rows on both sides before
                         * committing it */
  int verify_only;      /* compare an earlier port's tables; copy nothing */
  int jobs;             /* tables copied at once; 0: 4 */
  int stop_on_reject;   /* the first row the target refuses fails the port */
  const char *reject_dir;     /* where refused rows go, a file per table;
                               * NULL: a new temporary folder named after
                               * the target, made with the first */
  const char *emit_migration; /* a folder to write the schema to as a
                               * migration, recorded as applied */
  /* Mapping choices, NULL for the first (default) value of each. */
  const char *enum_as;         /* "native" or "check" */
  const char *zero_dates;      /* "null", "infinity" or "error" */
  const char *unsigned_bigint; /* "numeric" or "bigint" */
  const char *datetime;        /* "timestamp" or "timestamptz" */
  const char *time;            /* "time" or "interval" */
  int preserve_case;           /* keep identifiers' case */
  strata_write_fn ddl;         /* receives the PostgreSQL DDL; may be NULL */
  void *ddl_ctx;
  strata_note_fn note; /* receives each note; may be NULL */
  void *note_ctx;
  strata_port_progress_fn progress; /* may be NULL */
  void *progress_ctx;
  const char *nul_bytes;     /* "strip" or "error" */
  const char *json;          /* "jsonb" or "json" */
  unsigned long long max_rejects; /* rows that may be rejected before the
                                   * port fails (it keeps what it copied) */
  const char *tinyint1;           /* "boolean" or "smallint" */
  /* Receives the name of the target schema once the target is read:
   * schema, or the one the target URL leads to, as the target's driver
   * names it (a MySQL database, SQLite's "main"); may be NULL. */
  void (*target_schema)(void *ctx, const char *name);
  void *target_schema_ctx;
};

void strata_port_options_init(struct strata_port_options *opt);

/* cfg supplies the settings that are not URLs (plugin_path, wait).  A
 * target that is the source itself, as the URLs or, once both are
 * connected, their drivers' identity() tell, is STRATA_ESAME, nothing
 * written. */
int strata_port(const struct strata_config *cfg,
                const struct strata_port_options *opt,
                struct strata_error *err);

/* The plain word for a note's kind: "changed", "approximated",
 * "unsupported", "hand". */
const char *strata_note_kind_name(enum strata_note_kind kind);

/* ---- lint ----------------------------------------------------------------
 * Reads migration scripts, without running them, for changes that are
 * risky before they run: a table locked or rewritten, data dropped, a
 * convention of the project broken.  The rules come from lint plugins
 * (lint.h): the target engine's own and the engine-neutral conventions.
 * Each rule's severity is its default or what the config key lint_rules
 * says ("drop-column=off timestamps=error"); a statement preceded by a
 * comment "-- strata:lint-ignore RULE[, RULE]" is not reported for those
 * rules.
 *
 * The config key lint makes strata_up() lint the migrations it is about
 * to apply before it changes anything (a dry run included), with the
 * migrations before them read as context: off (the default) does not;
 * warn sends each finding as a STRATA_EVENT_LINT_FINDING event and goes
 * on; error does the same, then fails with STRATA_ELINT, having applied
 * nothing, when a finding is an error.  Any other value makes
 * strata_open() fail. */
struct strata_lint_options {
  const char *const *files; /* scripts to lint; none: every migration */
  size_t file_count;
  int pending; /* only the migrations the target has not applied (this
                * connects to it) */
  int rules_only; /* read no script: only fill the report's rules */
};

void strata_lint_options_init(struct strata_lint_options *opt);

struct strata_lint_finding {
  const char *file; /* as the source or the caller named it */
  int line;         /* 1-based */
  int column;       /* 1-based, in characters */
  const char *rule;
  const char *plugin; /* the rule set that found it */
  enum strata_lint_severity severity;
  const char *message;
};

/* A rule that ran, with the severity it ran at. */
struct strata_lint_rule_info {
  const char *id;
  const char *plugin;
  const char *summary;
  enum strata_lint_severity severity;
};

struct strata_lint_report {
  struct strata_lint_finding *findings; /* by file, then position */
  size_t count;
  size_t errors;   /* findings of severity error */
  size_t warnings; /* findings of severity warning */
  size_t ignored;  /* findings a lint-ignore comment silenced */
  size_t scripts;  /* scripts linted */
  struct strata_lint_rule_info *rules;
  size_t rule_count;
  const char *engine; /* the driver whose dialect was read */
};

/* Lints the scripts opt names, with the rules for the engine of the
 * config's URL.  Returns 0 when the lint ran, whatever it found; an error
 * when it could not (an unreadable file, a script that does not split, an
 * unknown rule in lint_rules, no target to ask with pending).  Free *out
 * with strata_lint_report_free(). */
int strata_lint(const struct strata_config *cfg,
                const struct strata_lint_options *opt,
                struct strata_lint_report **out, struct strata_error *err);
void strata_lint_report_free(struct strata_lint_report *report);

/* "error", "warning" or "off". */
const char *strata_lint_severity_name(enum strata_lint_severity severity);

/* ---- running ------------------------------------------------------------ */
struct strata_run_options {
  const char *to_version; /* up: apply through it; down: revert down to it
                           * (exclusive) */
  long count;             /* at most this many (0: no limit for up, 1 for
                           * down) */
  int all;                /* down: revert everything */
  int dry_run;            /* report the SQL as events, change nothing */
  int allow_out_of_order;
  int resume;          /* continue a failed non-transactional migration */
  int lock_timeout_ms; /* 0: the config's value, else 60 s; negative:
                        * wait for the lock as long as it takes */
};

void strata_run_options_init(struct strata_run_options *opt);

/* Apply, revert, or revert and re-apply.  opt may be NULL. */
int strata_up(struct strata *s, const struct strata_run_options *opt,
              struct strata_error *err);
int strata_down(struct strata *s, const struct strata_run_options *opt,
                struct strata_error *err);
int strata_redo(struct strata *s, const struct strata_run_options *opt,
                struct strata_error *err);

/* ---- repair -------------------------------------------------------------- */
enum strata_repair_action {
  STRATA_REPAIR_ACCEPT_CHECKSUMS, /* record the files' current checksums, and
                                   * forget migrations whose files are gone */
  STRATA_REPAIR_MARK_APPLIED,     /* version: record it as applied */
  STRATA_REPAIR_MARK_REVERTED     /* version: remove its history row */
};

/* Changes history only, never the schema.  *changed counts the rows
 * touched.  dry_run reports what would change as events. */
int strata_repair(struct strata *s, enum strata_repair_action action,
                  const char *version, int dry_run, int *changed,
                  struct strata_error *err);

/* ---- the migration lock ---------------------------------------------------
 * Who holds it, as one line ("strata pid 42 on build-7 since
 * 2026-01-08T10:00:00Z, expiring in 12 s unless renewed"; on SQLite the
 * process with the database's write lock, "process 4242 (sqlite3)"), or ""
 * when nobody does; *is_lease tells whether strata_unlock() can clear it
 * (a session lock ends only with its session, a write lock with its
 * transaction). */
int strata_lock_holder(struct strata *s, char *out, size_t size, int *is_lease,
                       struct strata_error *err);
/* Removes a lease whoever holds it, such as one a crashed runner left;
 * out gets whose it was, "" when there was none.  A runner that still
 * works loses its lease and stops at its next renewal. */
int strata_unlock(struct strata *s, char *out, size_t size,
                  struct strata_error *err);

/* ---- database ------------------------------------------------------------ */
/* Creates or drops the database the config's URL names. */
int strata_create_database(const struct strata_config *cfg,
                           struct strata_error *err);
int strata_drop_database(const struct strata_config *cfg,
                         struct strata_error *err);

/* ---- files --------------------------------------------------------------- */
/* Writes VERSION_name.up.sql and VERSION_name.down.sql into the config's
 * migrations folder, VERSION being the UTC time (YYYYMMDDHHMMSS).  The paths
 * written are returned in up_path and down_path (free() them). */
int strata_new_migration(const struct strata_config *cfg, const char *name,
                         char **up_path, char **down_path,
                         struct strata_error *err);

/* ---- plugins ------------------------------------------------------------- */
/* A program linked by libtool with "-dlpreopen some/driver_x.la" holds those
 * plugins in a symbol table libtool generates; STRATA_USE_PRELOADED_PLUGINS()
 * hands that table to the loader, which then finds them with no install and
 * no path.  Call it before strata_open().  Only programs linked with at least
 * one -dlpreopen have the table. */
struct strata_preloaded_symbol {
  const char *name;
  void *address;
};
void strata_use_preloaded_plugins(const struct strata_preloaded_symbol *table);

#define STRATA_USE_PRELOADED_PLUGINS()                                         \
  do {                                                                         \
    extern const struct strata_preloaded_symbol                                \
        lt__PROGRAM__LTX_preloaded_symbols[];                                  \
    strata_use_preloaded_plugins(lt__PROGRAM__LTX_preloaded_symbols);          \
  } while (0)

struct strata_plugin_info {
  const char *name;
  const char *kind; /* "driver", ... */
  const char *description;
  const char *version;
  const char *origin; /* "built-in" or the module's file */
  unsigned abi_version;
  const char *const *schemes;
  const char *capabilities; /* words: "transactional-ddl session-lock" */
  const char *problem;      /* why it was refused, or NULL */
};

typedef void (*strata_plugin_fn)(void *ctx,
                                 const struct strata_plugin_info *info);

/* Loads every plugin it can find and describes each, refused ones included. */
int strata_list_plugins(const struct strata_config *cfg, strata_plugin_fn each,
                        void *ctx, struct strata_error *err);

/* ---- taking over from another tool, and a checked baseline ---------------
 * strata_adopt() reads the history table another migration tool keeps in
 * the target (golang-migrate's or dbmate's schema_migrations, sqlx's
 * _sqlx_migrations, Flyway's flyway_schema_history, goose's
 * goose_db_version, diesel's __diesel_schema_migrations) and records in
 * strata's history every migration that tool applied, with the name and
 * checksum of its file in the source.  It records nothing, and says what to
 * do, when that tool's history holds a failed (dirty) migration or a
 * version with no file in the source.  The old table is left as it is.
 * Each migration recorded (or, in a dry run, that would be) is told as a
 * notice, as is each row left out. */
struct strata_adopt_options {
  /* "golang-migrate", "dbmate", "sqlx", "flyway", "goose" or "diesel";
   * NULL: the one whose table the target holds. */
  const char *tool;
  /* The tool's table when it is not the tool's default name, or NULL. */
  const char *table;
  int dry_run; /* say what would be recorded; change nothing */
};

void strata_adopt_options_init(struct strata_adopt_options *opt);

struct strata_adopt_result {
  const char *tool;  /* the tool read */
  const char *table; /* its table */
  int recorded;      /* migrations recorded (or that would be) */
  int already;       /* ones strata's history held already */
};

int strata_adopt(struct strata *s, const struct strata_adopt_options *opt,
                 struct strata_adopt_result *result, struct strata_error *err);

/* Recording migrations as applied without running them is checked first:
 * the migrations the history would then call applied are run on a scratch
 * database (as strata_verify() makes one) and its schema compared with the
 * target's.  A difference refuses with STRATA_ESCHEMA, naming it (each
 * difference is also told as a notice), unless force is set.  Tables other
 * tools keep their history in are not counted as differences. */
struct strata_record_options {
  const char *scratch_url; /* as in struct strata_verify_options */
  int force;               /* record without comparing */
  int dry_run;             /* compare and say what would be recorded */
};

void strata_record_options_init(struct strata_record_options *opt);

/* Records every migration of the source up to and including version as
 * applied, for a database that has their schema and no strata history
 * (one with history is refused: use strata_mark_applied()).  *recorded
 * counts them. */
int strata_baseline(struct strata *s, const char *version,
                    const struct strata_record_options *opt, int *recorded,
                    struct strata_error *err);

/* strata_repair()'s STRATA_REPAIR_MARK_APPLIED, with the schema checked
 * first (strata_repair() itself does not check). */
int strata_mark_applied(struct strata *s, const char *version,
                        const struct strata_record_options *opt, int *changed,
                        struct strata_error *err);

/* ---- portable migrations ---------------------------------------------- */

/* Writes the portable migration in file as the SQL the driver of engine
 * (a URL scheme: "postgres", "mysql", "sqlite") would run, with no
 * database: from an empty model, so a step that must restate a table
 * (a SQLite rebuild, a MySQL MODIFY) is known only for tables the file
 * creates.  With down, writes the down derived from file instead.  A
 * construct the parser or the engine refuses is an error located in the
 * file. */
int strata_render_portable(const struct strata_config *cfg, const char *file,
                           const char *engine, int down, strata_write_fn write,
                           void *ctx, struct strata_error *err);

/* The same for s's target, against its live schema, which is only read:
 * a rebuild or a MODIFY is written from the tables as they are. */
int strata_render_portable_at(struct strata *s, const char *file, int down,
                              strata_write_fn write, void *ctx,
                              struct strata_error *err);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
