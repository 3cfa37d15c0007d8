/*
 * cmd_port.c - `strata port`: a MySQL or MariaDB schema translated to
 * PostgreSQL, printed (--dry-run) or created on the target
 * (--schema-only), with the list of every choice that is not a plain
 * copy.
 *
 * The report follows the DDL as SQL comments, so the whole output of a dry
 * run is still a script psql takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

static void report_release(struct port_report *r) {
  for (size_t i = 0; i < r->count; i++) {
    free(r->notes[i].object);
    free(r->notes[i].message);
    free(r->notes[i].source);
  }
  free(r->notes);
  free(r->ddl);
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

static json_t *report_json(const struct cli_options *opt,
                           const struct port_report *r) {
  json_t *doc = json_object(), *notes = json_array();
  for (size_t i = 0; i < r->count; i++)
    json_array_append_new(notes, note_json(&r->notes[i]));
  json_object_set_new(doc, "dry_run", json_boolean(opt->dry_run));
  json_object_set_new(doc, "schema",
                      json_string(opt->schema ? opt->schema : "public"));
  json_object_set_new(doc, "ddl", output_json_string(r->ddl));
  json_object_set_new(doc, "notes", notes);
  json_object_set_new(doc, "ok", json_true());
  return doc;
}

/* ---- the command --------------------------------------------------------- */

static void fill_options(const struct cli_options *o,
                         struct strata_port_options *p, struct port_report *r) {
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
  p->ddl = save_ddl;
  p->ddl_ctx = r;
  p->note = save_note;
  p->note_ctx = r;
}

static int refuse_usage(struct cli *cli) {
  const struct cli_options *o = cli->opt;
  if (o->from == NULL || o->to == NULL)
    return output_usage(&cli->out, "port",
                        "'strata port' needs --from URL and --to URL");
  if (!o->dry_run && !o->schema_only)
    return output_refuse(&cli->out, "usage",
                         "copying data is not built yet: use --schema-only "
                         "to create the schema, or --dry-run to see it",
                         CLI_EXIT_USAGE);
  return CLI_EXIT_OK;
}

static void print_result(struct cli *cli, const struct port_report *r) {
  const struct cli_options *o = cli->opt;
  if (cli->out.json) {
    output_json(report_json(o, r));
    return;
  }
  if (o->dry_run && r->ddl != NULL)
    printf("%s\n", r->ddl);
  print_notes(r);
  if (!o->dry_run)
    output_info(&cli->out, "created the schema in '%s'",
                o->schema ? o->schema : "public");
}

static int run_port(struct cli *cli) {
  struct strata_port_options popt;
  struct port_report report = {0};
  struct strata_error err;
  int rc = refuse_usage(cli);
  if (rc != CLI_EXIT_OK)
    return rc;
  fill_options(cli->opt, &popt, &report);
  if (strata_port(&cli->cfg, &popt, &err) != 0) {
    rc = output_fail(&cli->out, NULL, &err);
  } else if (report.out_of_memory) {
    rc = output_refuse(&cli->out, "nomem", "out of memory", CLI_EXIT_FAILURE);
  } else {
    print_result(cli, &report);
  }
  report_release(&report);
  return rc;
}

const struct command command_port = {
    .name = "port",
    .synopsis = "--from URL --to URL (--dry-run | --schema-only) [options]",
    .summary = "translate a MySQL or MariaDB schema to PostgreSQL",
    .help =
        "Reads the schema of a MySQL or MariaDB database (--from) and\n"
        "translates it to PostgreSQL for the target (--to): types, enum\n"
        "types, identity columns, keys, checks, indexes, foreign keys,\n"
        "views, ON UPDATE triggers and comments.  After the DDL it lists\n"
        "every choice that is not a plain copy: what changed, what is\n"
        "approximated, what has no equivalent, and what is left to port by\n"
        "hand (triggers, routines, views with MySQL-only syntax) with its\n"
        "source.  The list is written as SQL comments.\n"
        "\n"
        "Copying the data is not built yet: a port needs --dry-run or\n"
        "--schema-only.\n"
        "\n"
        "Options:\n"
        "      --from URL          the MySQL or MariaDB database to read\n"
        "      --to URL            the PostgreSQL database to write\n"
        "      --dry-run           print the DDL and the list; the target is\n"
        "                          only connected to, never changed\n"
        "      --schema-only       create the schema on the target in one\n"
        "                          transaction; the target schema must have\n"
        "                          no tables\n"
        "      --schema NAME       the target schema (default public)\n"
        "      --tables GLOBS      port only these tables (comma-separated)\n"
        "      --exclude GLOBS     leave these tables out\n"
        "      --enum native|check       an enum type per distinct enum, or\n"
        "                                text with a CHECK\n"
        "      --unsigned-bigint numeric|bigint\n"
        "                                numeric(20,0) with a CHECK, or\n"
        "                                bigint (values over 2^63-1 fail)\n"
        "      --datetime timestamp|timestamptz\n"
        "      --time time|interval      interval takes MySQL's +-838 hours\n"
        "      --zero-dates null|error   what the data copy will do with\n"
        "                                0000-00-00\n"
        "      --preserve-case     keep identifiers' case instead of\n"
        "                          lower-casing them\n"
        "\n"
        "With --json: {\"dry_run\", \"schema\", \"ddl\", \"notes\": [{\"kind\",\n"
        "\"object\", \"message\", \"source\"}], \"ok\"}.\n"
        "\n"
        "Exit status: 0 on success, 1 on failure, 2 on a usage error\n"
        "(including a port without --dry-run or --schema-only).\n",
    .options = CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_DRY_RUN | CLI_OPT_SCHEMA |
               CLI_OPT_TABLES | CLI_OPT_EXCLUDE | CLI_OPT_SCHEMA_ONLY |
               CLI_OPT_MAPPING,
    .run = run_port};
