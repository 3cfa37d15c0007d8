/*
 * port.h - what the files of `strata port` share.
 *
 * port.c runs a port's phases; port_ddl.c runs their scripts on the
 * target; port_copy.c copies the tables' rows, jobs
 * at a time, and port_unloaded.c notes the columns it leaves out;
 * port_state.c keeps the list of tables copied on the target
 * so a port can resume; port_digest.c sums the rows --verify compares;
 * port_rejects.c writes the rows the target refused; port_expr.c carries
 * the source's expressions to another engine; port_emit.c writes the
 * schema as a migration.
 */
#ifndef STRATA_CORE_PORT_H
#define STRATA_CORE_PORT_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <strata/driver.h>
#include <strata/strata.h>

#include "util.h"

/* One end of the port: its role in messages, and its session. */
struct port_end {
  const char *role; /* "source", "target" */
  const char *url;
  struct strata *s;
};

/* What the port decided for a column from the source's values
 * (port_mapping.c). */
enum port_choice_kind {
  PORT_CHOICE_NULLABLE,   /* NOT NULL dropped: zero dates become NULL */
  PORT_CHOICE_SMALLINT,   /* a tinyint(1) that is not 0/1: not boolean */
  PORT_CHOICE_INTERVAL,   /* a time beyond 24 hours: interval */
  PORT_CHOICE_EMPTY_LABEL /* an enum holding '': that label added */
};

struct port_choice {
  const char *table; /* the model's names */
  const char *column;
  enum port_choice_kind kind;
};

/* An option as the target stored it. */
struct port_stored {
  char key[64];
  char value[64];
};

struct port {
  const struct strata_config *cfg;
  const struct strata_port_options *opt;
  struct port_end source;
  struct port_end target;
  struct strata_schema *schema; /* the source's, the tables wanted */
  /* The mapping options given, and those the port runs with: the given
   * ones, or those an earlier run stored on the target. */
  struct strata_url_param given[12];
  size_t given_count;
  struct strata_url_param settings[12];
  size_t setting_count;
  struct port_stored stored[12];
  size_t stored_count;
  struct port_choice *choices;
  size_t choice_count;
  char phase[32]; /* as port_mapping_mark() records it; "" for none */
  /* The target schema's name: opt->schema, or the one the target's driver
   * reads the URL's session into. */
  char target_name[128];
  unsigned state_missing; /* columns an older strata's list lacks */
  /* Where rejected rows go: --reject-dir, else a temporary folder made
   * with the first reject (under note_lock). */
  char reject_dir[4096];
  /* The rows rejected, and per table "orders 3, users 1". */
  unsigned long long rejected;
  struct strbuf rejected_tables;
  /* Foreign keys left NOT VALID, and what the port says of them. */
  size_t keys_pending;
  int kept_open; /* the port waits for --resume in its last phase */
  struct strata_error pending_error;
  /* The DDL run before the rows and after them (port.c), and the parts
   * the first creates. */
  struct strbuf before;
  struct strbuf after;
  unsigned before_parts;
  /* What the target schema held before the port (NULL: nothing, or not
   * read): a CREATE script that fails drops only what the port made. */
  struct strata_schema *found;
  /* Notes come from the copying threads too: one at a time. */
  pthread_mutex_t note_lock;
  /* The source's driver is describing its schema, and what it says it
   * leaves out is a note. */
  int describing;
};

/* port.c */
/* Connects one end; a failure says which end it was. */
int port_open_end(const struct port *p, struct port_end *end,
                  strata_event_fn events, void *events_ctx,
                  struct strata_error *err);
/* The render options for these parts, with the port's choices; notes go
 * to the caller's note function, one at a time. */
void port_render_options(struct port *p, unsigned parts,
                         struct strata_render_options *out);
/* Appends the DDL of these parts to out; notes go to the caller only
 * with_notes (each note is given once, by the first rendering). */
int port_render(struct port *p, unsigned parts, int with_notes,
                struct strbuf *out, struct strata_error *err);
/* The same of another model than p->schema, without notes. */
int port_render_model(struct port *p, const struct strata_schema *model,
                      unsigned parts, struct strbuf *out,
                      struct strata_error *err);
/* Puts a target session in the port's schema. */
int port_enter_schema(struct port *p, struct strata *target,
                      struct strata_error *err);

/* port_ddl.c: a port's scripts on the target. */
/* Runs each statement of script, as the target's split() cuts it. */
int port_apply(struct strata *target, const char *script, size_t length,
               struct strata_error *err);
/* What a script does, which says what a failure leaves on a target whose
 * DDL commits as it runs. */
enum port_script {
  PORT_SCRIPT_NONE,   /* nothing, or what needs no undoing */
  PORT_SCRIPT_CREATE, /* creates the tables in an empty schema: undone */
  PORT_SCRIPT_AFTER   /* follows the rows: its progress recorded, so a
                       * resumed port goes on from where it stopped */
};
typedef int (*port_change_fn)(struct port *p, struct strata *target,
                              struct strata_error *err);
/* A script (which may be empty) and a change to the port's bookkeeping
 * (none: NULL) in one transaction, so a failure leaves neither, or, where
 * DDL commits as it runs, err saying what it left. */
int port_in_one_transaction(struct port *p, const struct strbuf *script,
                            enum port_script kind, port_change_fn change,
                            struct strata_error *err);

/* port_mapping.c: the options and per-column choices a port runs with,
 * kept in strata_port_settings on the target. */
extern const char port_settings_table[];
/* Fills p->choices and changes p->schema to match: from what the target
 * stored (stored set), else, for a port that creates its tables, from
 * counting the source's values (each choice noted). */
int port_mapping_choose(struct port *p, int stored, struct strata_error *err);
/* Creates the table with the options and choices, in the transaction open
 * on target. */
int port_mapping_store(struct port *p, struct strata *target,
                       struct strata_error *err);
/* Records the phase a port that stopped is in (NULL: none): "validate"
 * (only foreign keys are left), "after N" (N statements of what follows
 * the rows ran). */
int port_mapping_mark(struct strata *target, const char *phase,
                      struct strata_error *err);
/* Drops the table, in the transaction open on target. */
int port_mapping_drop(struct strata *target, struct strata_error *err);

/* port_validate.c: validates the foreign keys the last phase added NOT
 * VALID, in the transaction open on the target.  A key whose table has
 * rows without a parent is left NOT VALID and counted in *pending, err
 * then saying which, how many rows and the query that lists them. */
int port_validate_keys(struct port *p, size_t *pending,
                       struct strata_error *err);

/* port_state.c: the table strata_port_state in the target schema. */
extern const char port_state_table[];
/* A table a run copied, as the list keeps it. */
struct port_copied {
  const char *table; /* NULL: not copied yet */
  unsigned long long rows;
  unsigned long long rejected;
  const char *reject_dir; /* where its rejected rows went, or NULL */
};
/* Creates it, in the transaction open on target. */
int port_state_create(struct strata *target, struct strata_error *err);
/* The columns live, the list as an earlier strata made it, lacks (0:
 * none), which port_state_upgrade() adds in the transaction open on
 * target. */
unsigned port_state_missing(const struct strata_table *live);
int port_state_upgrade(struct strata *target, unsigned missing,
                       struct strata_error *err);
/* Records a table as copied, in the transaction that copied it. */
int port_state_record(struct strata *target, const struct port_copied *table,
                      struct strata_error *err);
/* Calls done(ctx, table) for each table recorded (its strings live for
 * the call). */
int port_state_read(struct strata *target,
                    void (*done)(void *ctx, const struct port_copied *table),
                    void *ctx, struct strata_error *err);
/* Drops it, in the transaction open on target. */
int port_state_drop(struct strata *target, struct strata_error *err);

/* port_copy.c: copies the rows of every table of p->schema that an
 * earlier run did not (earlier[i].table NULL; earlier may be NULL),
 * opt->jobs at a time, counting the earlier runs' rows and rejects with
 * its own; or, with opt->verify_only, only compares them. */
int port_copy(struct port *p, const struct port_copied *earlier,
              struct strata_error *err);

/* port_unloaded.c: a note for each column of p->schema whose values a
 * copy into the target's existing tables would leave out, as its
 * loader says (for --data-only, which renders no schema to say it). */
int port_note_unloaded(struct port *p, struct strata_error *err);

/* port_digest.c: an order-free sum of rows: equal for two sets of rows
 * exactly when they hold the same rows, as often each, whatever their
 * order (up to a hash collision). */
struct port_digest {
  unsigned long long rows;
  uint64_t sum[4];
};
/* strata_write_fns adding one row's text to the struct port_digest ctx,
 * or taking it out again. */
int port_digest_add(void *ctx, const char *text, size_t length);
int port_digest_remove(void *ctx, const char *text, size_t length);
int port_digest_equal(const struct port_digest *a, const struct port_digest *b);

/* port_rejects.c: the rows a table's load refused, as JSON lines in
 * <dir>/<table>.rejects.jsonl, the file created with the first. */
struct port_rejects {
  struct port *port; /* its reject_dir, made with the first reject */
  const char *table;
  int stop;              /* the first reject fails the load */
  FILE *file;            /* NULL until the first */
  int io_failed;         /* the file could not be written: io_error */
  struct strata_error io_error;
};
/* A strata_reject_fn; ctx is a struct port_rejects. */
int port_reject(void *ctx, const struct strata_reject *reject);
/* Closes the file; non-zero (with err set) when it could not be
 * written, which also stopped the load. */
int port_rejects_close(struct port_rejects *r, struct strata_error *err);

/* port_expr.c: whether source and target are one engine (one driver): a
 * port between them copies the engine's own text and every value. */
int port_same_engine(const struct port *p);
/* port_expr.c: makes p->schema, a model of another engine than the
 * target's, ready for it through the source's driver: its port_form(),
 * then its expressions rewritten in portable text; what the driver
 * refuses is left out of the model, a note (with_notes) saying so.
 * Between two databases of one engine, nothing changes. */
int port_other_engine(struct port *p, int with_notes,
                      struct strata_error *err);

/* port_emit.c: writes the schema's up and down scripts into
 * opt->emit_migration and records the migration as applied on the
 * target. */
int port_emit_migration(struct port *p, struct strata_error *err);

#endif
