/*
 * cmd_drivers.c - `strata drivers`: the plugins strata found, where from,
 * what each can do, and the ones it refused with the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* "a b c" -> ["a", "b", "c"]. */
static json_t *words_json(const char *text) {
  json_t *words = json_array();

  while (text && *text) {
    size_t skip = strspn(text, " "), n;

    text += skip;
    n = strcspn(text, " ");
    if (n)
      json_array_append_new(words, json_stringn(text, n));
    text += n;
  }
  return words;
}

/* The NULL-terminated schemes (NULL: none) as a JSON array. */
static json_t *schemes_json(const char *const *schemes) {
  size_t n = 0;

  while (schemes && schemes[n])
    n++;
  return output_json_strings(schemes, n);
}

/* The strings of info live only for the call: the record copies them. */
static void collect(void *ctx, const struct strata_plugin_info *info) {
  json_t *plugins = ctx, *p = json_object();

  json_object_set_new(p, "name", output_json_string(info->name));
  json_object_set_new(p, "kind", output_json_string(info->kind));
  json_object_set_new(p, "description", output_json_string(info->description));
  json_object_set_new(p, "version", output_json_string(info->version));
  json_object_set_new(p, "abi_version", json_integer(info->abi_version));
  json_object_set_new(p, "schemes", schemes_json(info->schemes));
  json_object_set_new(p, "capabilities", words_json(info->capabilities));
  json_object_set_new(p, "origin", output_json_string(info->origin));
  json_object_set_new(p, "problem", output_json_string(info->problem));
  json_array_append_new(plugins, p);
}

enum { COLUMNS = 7, CELL = 256 };

/* One line of the table: name, kind, version, ABI, schemes, origin and
 * capabilities, the last one unpadded since it is the longest. */
struct row {
  char cell[COLUMNS][CELL];
};

static const char *field(json_t *plugin, const char *key) {
  const char *s = json_string_value(json_object_get(plugin, key));

  return s ? s : "-";
}

/* A JSON array of strings joined by sep, into out. */
static void join(json_t *list, const char *sep, char *out, size_t n) {
  size_t i, len = 0;
  json_t *item;

  out[0] = '\0';
  json_array_foreach(list, i, item) {
    int w = snprintf(out + len, n - len, "%s%s", i ? sep : "",
                     json_string_value(item));

    if (w < 0 || (size_t)w >= n - len)
      return;
    len += (size_t)w;
  }
  if (len == 0)
    snprintf(out, n, "-");
}

static void fill_row(json_t *p, struct row *r) {
  snprintf(r->cell[0], CELL, "%s", field(p, "name"));
  snprintf(r->cell[1], CELL, "%s", field(p, "kind"));
  snprintf(r->cell[2], CELL, "%s", field(p, "version"));
  snprintf(r->cell[3], CELL, "%lld",
           (long long)json_integer_value(json_object_get(p, "abi_version")));
  join(json_object_get(p, "schemes"), ",", r->cell[4], CELL);
  snprintf(r->cell[5], CELL, "%s", field(p, "origin"));
  join(json_object_get(p, "capabilities"), " ", r->cell[6], CELL);
}

static void print_row(const struct output *out, const struct row *r,
                      const int *width, int heading) {
  fputs(heading ? output_style_on(out, stdout, STYLE_HEADING) : "", stdout);
  for (int c = 0; c < COLUMNS - 1; c++)
    printf("%-*s  ", width[c], r->cell[c]);
  printf("%s%s\n", r->cell[COLUMNS - 1],
         heading ? output_style_off(out, stdout) : "");
}

static void print_table(const struct output *out, const struct row *rows,
                        size_t n) {
  int width[COLUMNS] = {0};

  for (size_t i = 0; i < n; i++)
    for (int c = 0; c < COLUMNS; c++)
      if ((int)strlen(rows[i].cell[c]) > width[c])
        width[c] = (int)strlen(rows[i].cell[c]);
  for (size_t i = 0; i < n; i++)
    print_row(out, &rows[i], width, i == 0);
}

static int is_refused(json_t *p) {
  return !json_is_null(json_object_get(p, "problem"));
}

static void print_refused(json_t *plugins) {
  size_t i;
  json_t *p;
  int first = 1;

  json_array_foreach(plugins, i, p) {
    if (!is_refused(p))
      continue;
    if (first)
      printf("\nrefused:\n");
    first = 0;
    printf("  %s: %s\n", field(p, "origin"), field(p, "problem"));
  }
}

/* The loaded plugins as a table, under a heading row, then the refused. */
static int print_plugins(const struct output *out, json_t *plugins) {
  static const struct row heading = {
      {"NAME", "KIND", "VERSION", "ABI", "SCHEMES", "ORIGIN", "CAPABILITIES"}};
  struct row *rows = calloc(json_array_size(plugins) + 1, sizeof *rows);
  size_t i, n = 1;
  json_t *p;

  if (!rows)
    return output_refuse(out, "nomem", "out of memory", CLI_EXIT_FAILURE);
  rows[0] = heading;
  json_array_foreach(plugins, i, p) {
    if (!is_refused(p))
      fill_row(p, &rows[n++]);
  }
  print_table(out, rows, n);
  free(rows);
  print_refused(plugins);
  return CLI_EXIT_OK;
}

static int run_drivers(struct cli *cli) {
  json_t *plugins = json_array(), *doc;
  struct strata_error err;
  int rc;

  strata_error_clear(&err);
  if (strata_list_plugins(&cli->cfg, collect, plugins, &err) < 0) {
    json_decref(plugins);
    return output_fail(&cli->out, NULL, &err);
  }
  if (cli->out.json) {
    doc = json_object();
    json_object_set_new(doc, "plugins", plugins);
    output_json(doc);
    return CLI_EXIT_OK;
  }
  rc = cli->out.quiet ? CLI_EXIT_OK : print_plugins(&cli->out, plugins);
  json_decref(plugins);
  return rc;
}

const struct command command_drivers = {
    .name = "drivers",
    .synopsis = "",
    .summary = "list the database drivers and other plugins",
    .help = "Lists the plugins strata can load: those in STRATA_PLUGIN_PATH,\n"
            "the installed ones (or, run from a build tree, those built there)\n"
            "and any built into the command.  For each: its name, kind,\n"
            "version, plugin ABI version, URL schemes, capabilities and where\n"
            "it was loaded from.  Modules that could not be loaded and plugins\n"
            "that were refused (built for another ABI) are listed with the\n"
            "reason.\n"
            "\n"
            "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n",
    .run = run_drivers};
