/*
 * cmd_port.c - `strata port`: a database moved to another engine (MySQL
 * or MariaDB to PostgreSQL or SQLite), or its schema printed (--dry-run),
 * with the list of every
 * choice that is not a plain copy and a line per table copied.
 *
 * The report follows the DDL as SQL comments, so the whole output of a dry
 * run is still a script psql takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "port_progress.h"

struct saved_note {
  enum strata_note_kind kind;
  char *object;
  char *message;
  char *source;
};

struct port_report {
  char *ddl;
  size_t ddl_length;
  struct saved_note *notes;
  size_t count;
  char *schema; /* the target schema, as the port named it */
  int out_of_memory;
};

/* A copy of s (NULL stays NULL); a copy that fails marks r out of
 * memory. */
static char *copy(struct port_report *r, const char *s) {
  char *c = s ? strdup(s) : NULL;
  if (s != NULL && c == NULL)
    r->out_of_memory = 1;
  return c;
}

static void save_note(void *ctx, const struct strata_note *n) {
  struct port_report *r = ctx;
  struct saved_note *bigger =
      realloc(r->notes, (r->count + 1) * sizeof *r->notes);
  if (bigger == NULL) {
    r->out_of_memory = 1;
    return;
  }
  r->notes = bigger;
  r->notes[r->count++] = (struct saved_note){
      n->kind, copy(r, n->object), copy(r, n->message), copy(r, n->source)};
}

static int save_ddl(void *ctx, const char *text, size_t length) {
  struct port_report *r = ctx;
  char *bigger = realloc(r->ddl, r->ddl_length + length + 1);
  if (bigger == NULL)
    return -1;
  memcpy(bigger + r->ddl_length, text, length);
  r->ddl = bigger;
  r->ddl_length += length;
  r->ddl[r->ddl_length] = '\0';
  return 0;
}

static void save_schema(void *ctx, const char *name) {
  struct port_report *r = ctx;
  free(r->schema);
  r->schema = copy(r, name);
}

/* The target schema: as the port named it once it read the target, else
 * as the options give it. */
static const char *target_schema(const struct cli_options *o,
                                 const struct port_report *r) {
  if (r->schema != NULL)
    return r->schema;
  return o->schema ? o->schema : "public";
}

static void report_release(struct port_report *r) {
  for (size_t i = 0; i < r->count; i++) {
    free(r->notes[i].object);
    free(r->notes[i].message);
    free(r->notes[i].source);
  }
  free(r->notes);
  free(r->ddl);
  free(r->schema);
}

/* ---- text ---------------------------------------------------------------- */

static void print_source(const char *source) {
  for (const char *p = source; *p != '\0';) {
    size_t n = strcspn(p, "\n");
    printf("--     %.*s\n", (int)n, p);
    p += n + (p[n] == '\n');
  }
}

static void print_summary(const struct port_report *r) {
  size_t counts[4] = {0};
  for (size_t i = 0; i < r->count; i++)
    counts[r->notes[i].kind]++;
  printf("-- %zu note%s: %zu changed, %zu approximated, %zu unsupported, "
         "%zu to port by hand\n",
         r->count, r->count == 1 ? "" : "s", counts[STRATA_NOTE_CHANGED],
         counts[STRATA_NOTE_APPROXIMATED], counts[STRATA_NOTE_UNSUPPORTED],
         counts[STRATA_NOTE_HAND]);
}

static void print_notes(const struct port_report *r) {
  for (size_t i = 0; i < r->count; i++) {
    const struct saved_note *n = &r->notes[i];
    printf("-- %s: %s: %s\n", strata_note_kind_name(n->kind), n->object,
           n->message);
    if (n->kind == STRATA_NOTE_HAND && n->source != NULL)
      print_source(n->source);
  }
  print_summary(r);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *note_json(const struct saved_note *n) {
  json_t *j = json_object();
  json_object_set_new(j, "kind", json_string(strata_note_kind_name(n->kind)));
  json_object_set_new(j, "object", output_json_string(n->object));
  json_object_set_new(j, "message", output_json_string(n->message));
  json_object_set_new(j, "source", output_json_string(n->source));
  return j;
}

static const char *state_name(enum strata_port_table_state state) {
  switch (state) {
  case STRATA_PORT_WAITING: return "not copied";
  case STRATA_PORT_COPYING: return "copying";
  case STRATA_PORT_DONE: return "copied";
  case STRATA_PORT_FAILED: return "failed";
  case STRATA_PORT_SKIPPED: return "copied before";
  }
  return "?";
}

static json_t *table_json(const struct strata_port_table *t) {
  json_t *j = json_object();
  json_object_set_new(j, "name", output_json_string(t->name));
  json_object_set_new(j, "state", json_string(state_name(t->state)));
  json_object_set_new(j, "rows", json_integer((json_int_t)t->rows));
  json_object_set_new(j, "rejected", json_integer((json_int_t)t->rejected));
  json_object_set_new(j, "changed", json_integer((json_int_t)t->changed));
  json_object_set_new(j, "seconds", json_real(t->seconds));
  json_object_set_new(j, "verified", json_boolean(t->verified));
  json_object_set_new(j, "reject_dir", output_json_string(t->reject_dir));
  return j;
}

static json_t *tables_json(const struct port_progress *pp) {
  json_t *tables = json_array();
  for (size_t i = 0; pp->final != NULL && i < pp->count; i++)
    json_array_append_new(tables, table_json(&pp->final[i]));
  return tables;
}

/* ---- what the port left out ---------------------------------------------- */

/* What a port that finished left out: the objects noted hand (to port by
 * hand) or unsupported (no equivalent), and the rows --max-rejects
 * accepted, which stay set aside.  An earlier run's count too: a --resume
 * gives the notes again and counts every run's rejects. */
struct left_out {
  size_t hand;
  size_t unsupported;
  unsigned long long rows;
  const char *reject_dir; /* where the first table's rows are, or "" */
};

static unsigned long long total_rejected(const struct port_progress *pp) {
  unsigned long long rejected = 0;
  for (size_t i = 0; pp->final != NULL && i < pp->count; i++)
    rejected += pp->final[i].rejected;
  return rejected;
}

/* The folder the first table with rows rejected has them in. */
static const char *first_reject_dir(const struct port_progress *pp) {
  for (size_t i = 0; pp->final != NULL && i < pp->count; i++)
    if (pp->final[i].rejected > 0 && pp->final[i].reject_dir != NULL)
      return pp->final[i].reject_dir;
  return "";
}

static struct left_out count_left_out(const struct port_report *r,
                                      const struct port_progress *pp) {
  struct left_out l = {0, 0, total_rejected(pp), first_reject_dir(pp)};
  for (size_t i = 0; i < r->count; i++) {
    l.hand += r->notes[i].kind == STRATA_NOTE_HAND;
    l.unsupported += r->notes[i].kind == STRATA_NOTE_UNSUPPORTED;
  }
  return l;
}

static int left_anything(const struct left_out *l) {
  return l->hand + l->unsupported > 0 || l->rows > 0;
}

/* A finished port that left something out exits EXIT_LEFT_OUT; a dry run
 * changes nothing, so loses nothing, and exits 0. */
static int left_out_status(const struct cli_options *o,
                           const struct left_out *l) {
  return !o->dry_run && left_anything(l) ? CLI_EXIT_LEFT_OUT : CLI_EXIT_OK;
}

static json_t *left_out_json(const struct left_out *l) {
  json_t *j = json_object();
  json_object_set_new(j, "objects",
                      json_integer((json_int_t)(l->hand + l->unsupported)));
  json_object_set_new(j, "hand", json_integer((json_int_t)l->hand));
  json_object_set_new(j, "unsupported",
                      json_integer((json_int_t)l->unsupported));
  json_object_set_new(j, "rows", json_integer((json_int_t)l->rows));
  json_object_set_new(j, "reject_dir",
                      l->rows > 0 ? output_json_string(l->reject_dir)
                                  : json_null());
  return j;
}

/* The last line of a port that left something out: how much, and where
 * to look.  "the port left out 3 objects (2 to port by hand, 1 with no
 * equivalent) and set aside 5 rows: see the notes above and 'DIR'".  It
 * explains the exit status, so --quiet, which hides the notes, keeps it;
 * a dry run says what the port would leave out. */
static void print_left_out(const struct output *out, const struct cli_options *o,
                           const struct left_out *l) {
  size_t objects = l->hand + l->unsupported;
  char what[160] = "", rows[80] = "", look[4200];
  if (!left_anything(l) || (o->dry_run && out->quiet))
    return;
  if (objects > 0)
    snprintf(what, sizeof what,
             "%s %zu object%s (%zu to port by hand, %zu with no equivalent)",
             o->dry_run ? "would leave out" : "left out", objects,
             objects == 1 ? "" : "s", l->hand, l->unsupported);
  if (l->rows > 0)
    snprintf(rows, sizeof rows, "%sset aside %llu row%s",
             objects > 0 ? " and " : "", l->rows, l->rows == 1 ? "" : "s");
  const char *notes =
      out->quiet ? "--dry-run lists the notes" : "see the notes above";
  if (objects > 0 && l->rows > 0)
    snprintf(look, sizeof look, "%s and '%s'", notes, l->reject_dir);
  else if (objects > 0)
    snprintf(look, sizeof look, "%s", notes);
  else
    snprintf(look, sizeof look, "see '%s'", l->reject_dir);
  fprintf(stderr, "%sthe port %s%s: %s%s\n",
          output_style_on(out, stderr, STYLE_WARN), what, rows, look,
          output_style_off(out, stderr));
}

static json_t *report_json(const struct cli_options *opt,
                           const struct port_report *r,
                           const struct port_progress *pp) {
  json_t *doc = json_object(), *notes = json_array();
  for (size_t i = 0; i < r->count; i++)
    json_array_append_new(notes, note_json(&r->notes[i]));
  json_object_set_new(doc, "dry_run", json_boolean(opt->dry_run));
  json_object_set_new(doc, "schema", json_string(target_schema(opt, r)));
  json_object_set_new(doc, "ddl", output_json_string(r->ddl));
  json_object_set_new(doc, "notes", notes);
  json_object_set_new(doc, "tables", tables_json(pp));
  json_object_set_new(doc, "rejected",
                      json_integer((json_int_t)total_rejected(pp)));
  struct left_out l = count_left_out(r, pp);
  json_object_set_new(doc, "left_out", left_out_json(&l));
  return doc;
}

/* ---- the command --------------------------------------------------------- */

static void fill_options(const struct cli_options *o,
                         struct strata_port_options *p, struct port_report *r,
                         struct port_progress *pp) {
  strata_port_options_init(p);
  p->from_url = o->from;
  p->to_url = o->to;
  p->schema = o->schema;
  p->tables = o->tables;
  p->exclude = o->exclude;
  p->schema_only = o->schema_only;
  p->dry_run = o->dry_run;
  p->enum_as = o->enum_as;
  p->zero_dates = o->zero_dates;
  p->unsigned_bigint = o->unsigned_bigint;
  p->datetime = o->datetime;
  p->time = o->time;
  p->preserve_case = o->preserve_case;
  p->data_only = o->data_only;
  p->resume = o->resume;
  p->verify = o->verify;
  p->verify_only = o->verify_only;
  p->jobs = (int)o->jobs;
  p->stop_on_reject = o->stop_on_reject;
  p->reject_dir = o->reject_dir;
  p->emit_migration = o->emit_migration;
  p->nul_bytes = o->nul_bytes;
  p->json = o->json_type;
  p->tinyint1 = o->tinyint1;
  p->max_rejects = (unsigned long long)o->max_rejects;
  p->progress = port_progress_show;
  p->progress_ctx = pp;
  p->ddl = save_ddl;
  p->ddl_ctx = r;
  p->note = save_note;
  p->note_ctx = r;
  p->target_schema = save_schema;
  p->target_schema_ctx = r;
}

static int refuse_usage(struct cli *cli) {
  const struct cli_options *o = cli->opt;
  if (o->from == NULL || o->to == NULL)
    return output_usage(&cli->out, "port",
                        "'strata port' needs --from URL and --to URL");
  if (o->schema_only + o->data_only + o->verify_only > 1)
    return output_usage(&cli->out, "port",
                        "--schema-only, --data-only and --verify-only "
                        "exclude one another");
  if (o->resume && (o->schema_only || o->verify_only))
    return output_usage(&cli->out, "port",
                        "--resume finishes a port that copies data: not "
                        "with --schema-only or --verify-only");
  if (o->emit_migration != NULL &&
      (o->dry_run || o->data_only || o->verify_only))
    return output_usage(&cli->out, "port",
                        "--emit-migration writes the schema a port creates: "
                        "not with --dry-run, --data-only or --verify-only");
  if (!o->dry_run && strata_same_database(&cli->cfg, o->from, NULL, o->to,
                                           o->schema ? o->schema : "public"))
    return output_usage(&cli->out, "port",
                        "--from and --to are the same database: a port would "
                        "copy it into itself; give --to another database (or "
                        "another --schema)");
  return CLI_EXIT_OK;
}

static unsigned long long total_rows(const struct port_progress *pp) {
  unsigned long long rows = 0;
  for (size_t i = 0; pp->final != NULL && i < pp->count; i++)
    rows += pp->final[i].rows;
  return rows;
}

/* Rows --max-rejects accepted still went missing: say how many, per
 * table, and where, on a port that otherwise succeeds.  A table whose
 * rows an earlier run set aside in another folder names it. */
static void print_accepted_rejects(struct cli *cli,
                                   const struct port_progress *pp) {
  unsigned long long rejected = total_rejected(pp);
  /* More than it allows fails the port, whose error counts them. */
  if (rejected == 0 || rejected > (unsigned long long)cli->opt->max_rejects)
    return;
  const char *dir = first_reject_dir(pp);
  output_info(&cli->out,
              "%llu row%s rejected, within --max-rejects; each one's key "
              "and reason are in '%s'",
              rejected, rejected == 1 ? " was" : "s were", dir);
  for (size_t i = 0; i < pp->count; i++) {
    const struct strata_port_table *t = &pp->final[i];
    if (t->rejected == 0)
      continue;
    if (t->reject_dir != NULL && strcmp(t->reject_dir, dir) != 0)
      output_info(&cli->out, "  %s: %llu (in '%s')", t->name, t->rejected,
                  t->reject_dir);
    else
      output_info(&cli->out, "  %s: %llu", t->name, t->rejected);
  }
}

/* "ported 12 tables, 1234567 rows, to schema 'public'"; rows rejected
 * beyond --max-rejects fail the port, whose error names them. */
static void print_outcome(struct cli *cli, const struct port_report *r,
                          const struct port_progress *pp) {
  const struct cli_options *o = cli->opt;
  const char *schema = target_schema(o, r);
  unsigned long long rows = total_rows(pp);
  if (o->schema_only) {
    output_info(&cli->out, "created the schema in '%s'", schema);
    return;
  }
  output_info(&cli->out, "%s %zu table%s, %llu rows, %s schema '%s'",
              o->verify_only ? "compared" : "ported", pp->count,
              pp->count == 1 ? "" : "s", rows, o->verify_only ? "in" : "to",
              schema);
  print_accepted_rejects(cli, pp);
  if (o->emit_migration != NULL)
    output_info(&cli->out,
                "wrote the schema as a migration in '%s', recorded as "
                "applied",
                o->emit_migration);
}

static void print_report(struct cli *cli, const struct port_report *r,
                         const struct port_progress *pp) {
  const struct cli_options *o = cli->opt;
  if (o->dry_run && r->ddl != NULL)
    printf("%s\n", r->ddl);
  /* --data-only renders no schema: its notes are the columns and values
   * its copy left out or changed, when there are any. */
  if (!o->quiet && !o->verify_only && (!o->data_only || r->count > 0))
    print_notes(r);
  if (!o->dry_run)
    print_outcome(cli, r, pp);
}

/* The report of a port that finished, and its exit status: "ok" (--json)
 * is true exactly when that is 0. */
static int print_result(struct cli *cli, const struct port_report *r,
                        const struct port_progress *pp) {
  const struct cli_options *o = cli->opt;
  struct left_out l = count_left_out(r, pp);
  int rc = left_out_status(o, &l);
  if (cli->out.json) {
    json_t *doc = report_json(o, r, pp);
    json_object_set_new(doc, "ok", json_boolean(rc == CLI_EXIT_OK));
    output_json(doc);
    return rc;
  }
  print_report(cli, r, pp);
  fflush(stdout);
  print_left_out(&cli->out, o, &l);
  return rc;
}

static int run_port(struct cli *cli) {
  struct strata_port_options popt;
  struct port_report report = {0};
  struct port_progress pp;
  struct strata_error err;
  int rc = refuse_usage(cli);
  if (rc != CLI_EXIT_OK)
    return rc;
  port_progress_init(&pp, &cli->out);
  fill_options(cli->opt, &popt, &report, &pp);
  rc = strata_port(&cli->cfg, &popt, &err);
  if (rc == STRATA_ESAME) {
    /* The ends the URLs did not tell apart, refused once connected. */
    rc = output_usage(&cli->out, "port", err.message);
  } else if (rc != 0) {
    /* A port that copied its tables but set rows aside, or left keys NOT
     * VALID, still says what it did; the error is the last word. */
    if (!cli->out.json && pp.final != NULL)
      print_report(cli, &report, &pp);
    rc = output_fail(&cli->out,
                     cli->out.json ? report_json(cli->opt, &report, &pp)
                                   : NULL,
                     &err);
  } else if (report.out_of_memory || pp.out_of_memory) {
    rc = output_refuse(&cli->out, "nomem", "out of memory", CLI_EXIT_FAILURE);
  } else {
    rc = print_result(cli, &report, &pp);
  }
  port_progress_release(&pp);
  report_release(&report);
  return rc;
}

const struct command command_port = {
    .name = "port",
    .synopsis = "--from URL --to URL [options]",
    .summary = "move a database to another engine (or a copy to the same)",
    .help =
        "Reads the schema of a MySQL or MariaDB database (--from),\n"
        "translates it to PostgreSQL or SQLite and creates it on the\n"
        "target (--to), a local SQLite file giving tests a copy of\n"
        "production; PostgreSQL and SQLite also port to each other and\n"
        "into MySQL or MariaDB (doc/porting-pairs.md),\n"
        "then copies every table's rows: tables without their keys first,\n"
        "then the rows (--jobs tables at a time, each in one transaction),\n"
        "then keys, indexes, identity counters, foreign keys, views,\n"
        "ON UPDATE triggers and comments.  It lists every choice that is\n"
        "not a plain copy: what changed, what is approximated, what has no\n"
        "equivalent, and what is left to port by hand (triggers, routines,\n"
        "views with MySQL-only syntax) with its source, as SQL comments.\n"
        "A port that finishes but left objects out (to port by hand, or\n"
        "with no equivalent) or set rows aside that --max-rejects accepts\n"
        "exits 5, its last line counting both: \"the port left out 3\n"
        "objects (2 to port by hand, 1 with no equivalent) and set aside 5\n"
        "rows: see the notes above and 'DIR'\".  --resume gives the notes\n"
        "again and counts every run's rows; a --dry-run exits 0 and says\n"
        "what the port would leave out.\n"
        "\n"
        "With no options every row is kept: before it creates a table the\n"
        "port counts the source's values its mapping cannot carry, and a\n"
        "NOT NULL column holding zero dates becomes nullable (the dates\n"
        "NULL), a tinyint(1) holding 2 stays smallint, a time beyond 24\n"
        "hours becomes interval, an enum holding '' gains that label; NUL\n"
        "bytes are taken out of text, and \\u0000 out of json (jsonb cannot\n"
        "hold either).  Each change is noted with its count,\n"
        "and the choices are stored in the target (strata_port_settings),\n"
        "where --resume, --data-only and --verify-only find them.\n"
        "\n"
        "A row the target still cannot hold is set aside with its table,\n"
        "key and reason, in --reject-dir or a new temporary folder named in\n"
        "the output, and fails the port (--max-rejects N accepts N), the\n"
        "rows per table on the last line.  The port then stays open on the\n"
        "target: --resume counts every run's rejects, and finishes it once\n"
        "--max-rejects accepts them all.  A foreign key whose rows lost\n"
        "their parent that way is left NOT VALID, with the query that lists\n"
        "those rows; fix them and run the port again with --resume.  A port\n"
        "that stops keeps the tables it copied: --resume copies the rest.\n"
        "A --to that is the --from database, however its URL is spelt, in\n"
        "the same schema, is refused before anything connects, or, where\n"
        "only the servers can tell (a host name and its address, a socket\n"
        "and a TCP port), once both are connected and before anything is\n"
        "written (a --dry-run, which changes nothing, may show such a\n"
        "copy).\n"
        "\n"
        "Options:\n"
        "      --from URL          the MySQL or MariaDB database to read\n"
        "      --to URL            the PostgreSQL database or SQLite file\n"
        "                          to write\n"
        "      --dry-run           print the DDL and the list; the target is\n"
        "                          only connected to, never changed\n"
        "      --schema-only       create the schema, copy no rows\n"
        "      --data-only         copy rows into the tables the target has\n"
        "      --schema NAME       the target schema (default public); it\n"
        "                          must have no tables\n"
        "      --tables GLOBS      port only these tables (comma-separated)\n"
        "      --exclude GLOBS     leave these tables out\n"
        "      --jobs N            tables copied at once (default 4)\n"
        "      --verify            compare each table's rows on both sides\n"
        "                          before committing it\n"
        "      --verify-only       compare an earlier port's tables with the\n"
        "                          source; copy nothing\n"
        "      --resume            finish a port that stopped, skipping the\n"
        "                          tables it copied\n"
        "      --on-error continue|stop\n"
        "                          set refused rows aside (default), or fail\n"
        "                          on the first\n"
        "      --reject-dir DIR    where refused rows go, a file per table\n"
        "                          (default: a new temporary folder)\n"
        "      --max-rejects N     refused rows the port accepts (default 0);\n"
        "                          it then exits 5\n"
        "      --emit-migration DIR\n"
        "                          write the schema as a migration (up and\n"
        "                          down) and record it as applied on the\n"
        "                          target, so `strata up` goes on from there\n"
        "      --enum native|check       an enum type per distinct enum, or\n"
        "                                text with a CHECK\n"
        "      --unsigned-bigint numeric|bigint\n"
        "                                numeric(20,0) with a CHECK, or\n"
        "                                bigint (rows over 2^63-1 rejected)\n"
        "      --datetime timestamp|timestamptz\n"
        "      --time time|interval      interval takes MySQL's +-838 hours\n"
        "      --zero-dates null|infinity|error\n"
        "                                0000-00-00 becomes NULL (its column\n"
        "                                nullable), -infinity, or the row is\n"
        "                                rejected\n"
        "      --nul-bytes strip|error   NUL bytes taken out of text (and\n"
        "                                \\u0000 out of json), or the row\n"
        "                                rejected\n"
        "      --json-type jsonb|json    json as jsonb, or as json, which\n"
        "                                keeps the text (and a \\u0000)\n"
        "      --tinyint1 boolean|smallint\n"
        "                                tinyint(1) as boolean (one holding\n"
        "                                other values stays smallint), or\n"
        "                                every one as smallint\n"
        "      --preserve-case     keep identifiers' case instead of\n"
        "                          lower-casing them\n"
        "\n"
        "With --json: {\"dry_run\", \"schema\", \"ddl\", \"notes\": [{\"kind\",\n"
        "\"object\", \"message\", \"source\"}], \"tables\": [{\"name\", \"state\",\n"
        "\"rows\", \"rejected\", \"changed\", \"seconds\", \"verified\",\n"
        "\"reject_dir\"}], \"rejected\", \"left_out\": {\"objects\", \"hand\",\n"
        "\"unsupported\", \"rows\", \"reject_dir\"}, \"ok\"}; \"ok\" is true\n"
        "exactly when the exit status is 0, and a failure carries \"error\"\n"
        "instead.  A table's \"reject_dir\" is the folder its rows set aside\n"
        "are in (an earlier run's, for a table it copied).\n"
        "\n"
        "Exit status: 0 on success (and for any --dry-run), 5 when the port\n"
        "finished but left something out, 1 on failure (including rows that\n"
        "differ under --verify, rows rejected beyond --max-rejects and\n"
        "foreign keys left NOT VALID), 2 on a usage error.\n",
    .options = CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_DRY_RUN | CLI_OPT_SCHEMA |
               CLI_OPT_TABLES | CLI_OPT_EXCLUDE | CLI_OPT_SCHEMA_ONLY |
               CLI_OPT_MAPPING | CLI_OPT_PORT_DATA | CLI_OPT_RESUME,
    .run = run_port};
