/*
 * plugin.c - the portable-migration parser as a strata plugin.
 *
 * libpg_query runs the server's own grammar and hands back the parse tree
 * as JSON; each statement is then checked against the portable whitelist
 * and turned into ops.  The plugin is a module of its own so that
 * libpg_query is loaded only when a portable file is read.
 */
#include "portable.h"

#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

typedef int (*statement_fn)(struct pp *pp, json_t *stmt);

static const struct {
  const char *node;
  statement_fn parse;
} statements[] = {
    {"CreateStmt", pp_create_table}, {"AlterTableStmt", pp_alter_table},
    {"RenameStmt", pp_rename},       {"DropStmt", pp_drop},
    {"IndexStmt", pp_create_index},  {"InsertStmt", pp_insert},
    {"UpdateStmt", pp_update},       {"DeleteStmt", pp_delete},
    {"CommentStmt", pp_comment},
};

/* What the user wrote, for the statements most often tried. */
static const char *const statement_names[] = {
    "ViewStmt",            "CREATE VIEW",
    "CreateTrigStmt",      "CREATE TRIGGER",
    "CreateFunctionStmt",  "CREATE FUNCTION",
    "CreateEnumStmt",      "CREATE TYPE",
    "CompositeTypeStmt",   "CREATE TYPE",
    "CreateSeqStmt",       "CREATE SEQUENCE",
    "CreateExtensionStmt", "CREATE EXTENSION",
    "CreateSchemaStmt",    "CREATE SCHEMA",
    "CreateTableAsStmt",   "CREATE TABLE AS",
    "GrantStmt",           "GRANT",
    "DoStmt",              "DO",
    "VariableSetStmt",     "SET",
    "TransactionStmt",     "a transaction statement (strata runs each "
                           "migration in its own transaction)",
    "SelectStmt",          "SELECT",
    "TruncateStmt",        "TRUNCATE",
    "AlterSeqStmt",        "ALTER SEQUENCE",
    "AlterEnumStmt",       "ALTER TYPE",
    "CreateDomainStmt",    "CREATE DOMAIN",
    "VacuumStmt",          "VACUUM and ANALYZE",
    "CopyStmt",            "COPY",
    "ExplainStmt",         "EXPLAIN",
    NULL};

/* libpg_query starts a statement right after the previous one's
 * semicolon; a message points at its first word instead. */
static long first_word(const struct pp *pp, size_t at) {
  while (at < pp->length) {
    if (pp->text[at] == ' ' || pp->text[at] == '\t' || pp->text[at] == '\n' ||
        pp->text[at] == '\r')
      at++;
    else if (pp->text[at] == '-' && at + 1 < pp->length &&
             pp->text[at + 1] == '-')
      while (at < pp->length && pp->text[at] != '\n')
        at++;
    else
      break;
  }
  return (long)at;
}

static int statement(struct pp *pp, json_t *raw) {
  const char *type;
  json_t *stmt = pp_node(json_object_get(raw, "stmt"), &type);
  pp->stmt_offset = first_word(pp, (size_t)pp_int(raw, "stmt_location", 0));
  for (size_t i = 0; stmt && i < sizeof statements / sizeof statements[0]; i++)
    if (strcmp(statements[i].node, type) == 0)
      return statements[i].parse(pp, stmt);
  const char *what = type ? type : "an empty statement";
  for (const char *const *n = statement_names; *n; n += 2)
    if (type && strcmp(n[0], type) == 0)
      what = n[1];
  return pp_refuse(pp, pp->stmt_offset,
                   "%s is not in the portable dialect" PORTABLE_HINT, what);
}

static int walk(struct pp *pp, const char *tree) {
  json_error_t jerr;
  json_t *root = json_loads(tree, 0, &jerr);
  if (root == NULL)
    return pp->host->error_set(pp->err, STRATA_EPLUGIN,
                               "cannot read libpg_query's parse tree: %s",
                               jerr.text);
  int rc = 0;
  size_t i;
  json_t *raw;
  json_array_foreach(json_object_get(root, "stmts"), i, raw) {
    if (rc == 0)
      rc = statement(pp, raw);
  }
  json_decref(root);
  return rc;
}

static int parse(const struct strata_host *host, const char *text,
                 size_t length, struct strata_schema *owner,
                 struct strata_op ***ops, size_t *op_count,
                 struct strata_error *err) {
  struct pp pp = {.host = host, .owner = owner, .ops = ops,
                  .op_count = op_count, .err = err, .text = text,
                  .length = length};
  char *copy = malloc(length + 1);
  if (copy == NULL)
    return pp_nomem(&pp);
  memcpy(copy, text, length);
  copy[length] = '\0';
  PgQueryParseResult res = pg_query_parse(copy);
  int rc;
  if (res.error != NULL) {
    rc = pp_refuse(&pp, res.error->cursorpos > 0 ? res.error->cursorpos - 1 : 0,
                   "not portable SQL: %s", res.error->message);
  } else {
    rc = walk(&pp, res.parse_tree);
  }
  pg_query_free_parse_result(res);
  free(copy);
  return rc;
}

static const struct strata_portable_parser parser = {
    .plugin =
        {
            .abi_version = STRATA_PLUGIN_ABI_VERSION,
            .kind = STRATA_PLUGIN_PORTABLE,
            .name = "parser",
            .struct_size = sizeof(struct strata_portable_parser),
            .description = "portable migrations, parsed with libpg_query",
            .version = "0.1.0",
        },
    .parse = parse,
};

const struct strata_plugin *portable_parser_LTX_strata_plugin_entry(void) {
  return &parser.plugin;
}
