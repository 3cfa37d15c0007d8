/*
 * output.c - text and JSON output, colors, and the reporting of errors.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Names for the error codes in JSON documents, indexed by -code. */
static const char *const code_names[] = {
    "ok",       "invalid",  "nomem",   "io",     "url",    "config",
    "source",   "plugin",   "connect", "auth",   "sql",    "lock",
    "history",  "checksum", "order",   "failed", "nodown", "notsup",
    "notfound", "readonly", "schema",  "lint",   "same"};

static const char *code_name(int code) {
  size_t i = (size_t) - (long)code;

  if (code > 0 || i >= sizeof code_names / sizeof code_names[0])
    return "error";
  return code_names[i];
}

/* Color only on a terminal, and never when the user or the terminal says
 * no (https://no-color.org). */
static int wants_color(int fd, const struct cli_options *opt) {
  const char *term = getenv("TERM");
  const char *no_color = getenv("NO_COLOR");

  if (opt->no_color || (no_color && *no_color))
    return 0;
  if (!term || strcmp(term, "dumb") == 0)
    return 0;
  return isatty(fd);
}

void output_init(struct output *out, const struct cli_options *opt) {
  out->json = opt->json;
  out->quiet = opt->quiet;
  out->verbose = opt->verbose;
  out->color_out = wants_color(STDOUT_FILENO, opt);
  out->color_err = wants_color(STDERR_FILENO, opt);
}

static int stream_has_color(const struct output *out, FILE *f) {
  return f == stdout ? out->color_out : f == stderr ? out->color_err : 0;
}

const char *output_style_on(const struct output *out, FILE *f,
                            enum output_style style) {
  static const char *const sgr[] = {"", "\033[32m", "\033[33m", "\033[31m",
                                    "\033[1m"};

  return stream_has_color(out, f) ? sgr[style] : "";
}

const char *output_style_off(const struct output *out, FILE *f) {
  return stream_has_color(out, f) ? "\033[0m" : "";
}

void output_info(const struct output *out, const char *fmt, ...) {
  va_list ap;

  if (out->quiet)
    return;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void output_result(const struct output *out, const char *fmt, ...) {
  va_list ap;

  if (out->quiet || out->json)
    return;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

void output_json(json_t *doc) {
  if (!doc)
    return;
  json_dumpf(doc, stdout, JSON_INDENT(2));
  putchar('\n');
  json_decref(doc);
}

json_t *output_json_string(const char *s) {
  json_t *j;
  char *copy;

  if (!s)
    return json_null();
  j = json_string(s);
  if (j || !(copy = strdup(s)))
    return j;
  for (char *p = copy; *p; p++)
    if ((unsigned char)*p >= 0x80)
      *p = '?';
  j = json_string(copy);
  free(copy);
  return j;
}

json_t *output_json_strings(const char *const *texts, size_t count) {
  json_t *list = json_array();

  for (size_t i = 0; i < count; i++)
    json_array_append_new(list, output_json_string(texts[i]));
  return list;
}

void output_lint_finding(const struct output *out, FILE *to,
                         const struct strata_lint_finding *f) {
  enum output_style style =
      f->severity == STRATA_LINT_ERROR ? STYLE_BAD : STYLE_WARN;
  fprintf(to, "%s:%d:%d %s %s%s%s %s\n", f->file, f->line, f->column, f->rule,
          output_style_on(out, to, style),
          strata_lint_severity_name(f->severity), output_style_off(out, to),
          f->message);
}

json_t *output_lint_finding_json(const struct strata_lint_finding *f) {
  return json_pack("{s:o,s:i,s:i,s:s,s:s,s:s,s:o}", "file",
                   output_json_string(f->file), "line", f->line, "column",
                   f->column, "rule", f->rule, "plugin", f->plugin, "severity",
                   strata_lint_severity_name(f->severity), "message",
                   output_json_string(f->message));
}

static json_t *error_json(const char *code, const struct strata_error *err) {
  json_t *e = json_object();

  json_object_set_new(e, "code", json_string(code));
  json_object_set_new(e, "message", output_json_string(err->message));
  json_object_set_new(e, "file",
                      output_json_string(err->file[0] ? err->file : NULL));
  json_object_set_new(e, "line",
                      err->line ? json_integer(err->line) : json_null());
  json_object_set_new(e, "column",
                      err->column ? json_integer(err->column) : json_null());
  json_object_set_new(
      e, "sqlstate",
      output_json_string(err->sqlstate[0] ? err->sqlstate : NULL));
  json_object_set_new(e, "detail",
                      output_json_string(err->detail[0] ? err->detail : NULL));
  return e;
}

static void print_error_line(const struct output *out, const char *message) {
  fprintf(stderr, "strata: %serror:%s %s\n",
          output_style_on(out, stderr, STYLE_BAD),
          output_style_off(out, stderr), message);
}

/* The detail's lines, each indented under the error (a server's own
 * indentation is dropped for that). */
static void print_detail(const char *detail) {
  while (*detail) {
    size_t n;

    detail += strspn(detail, " \t");
    n = strcspn(detail, "\n");

    if (n)
      fprintf(stderr, "  %.*s\n", (int)n, detail);
    detail += n + (detail[n] == '\n');
  }
}

static void print_error(const struct output *out,
                        const struct strata_error *err) {
  print_error_line(out, err->message[0] ? err->message : "unknown failure");
  if (err->file[0] && err->line)
    fprintf(stderr, "  at %s:%d:%d\n", err->file, err->line, err->column);
  else if (err->file[0])
    fprintf(stderr, "  in %s\n", err->file);
  if (err->sqlstate[0])
    fprintf(stderr, "  SQLSTATE %s\n", err->sqlstate);
  print_detail(err->detail);
}

static void print_json_error(json_t *doc, json_t *error) {
  if (!doc)
    doc = json_object();
  json_object_set_new(doc, "error", error);
  output_json(doc);
}

int output_fail(const struct output *out, json_t *doc,
                const struct strata_error *err) {
  print_error(out, err);
  if (out->json)
    print_json_error(doc, error_json(code_name(err->code), err));
  else
    json_decref(doc);
  return CLI_EXIT_FAILURE;
}

int output_refuse(const struct output *out, const char *code,
                  const char *message, int status) {
  struct strata_error err;

  print_error_line(out, message);
  if (out->json) {
    memset(&err, 0, sizeof err);
    snprintf(err.message, sizeof err.message, "%s", message);
    print_json_error(NULL, error_json(code, &err));
  }
  return status;
}

int output_usage(const struct output *out, const char *command,
                 const char *message) {
  char line[512];

  snprintf(line, sizeof line, "%s; see 'strata%s%s --help'", message,
           command ? " " : "", command ? command : "");
  return output_refuse(out, "usage", line, CLI_EXIT_USAGE);
}
