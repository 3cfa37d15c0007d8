/*
 * output.h - where the strata command writes: results to stdout (text, or
 * one JSON document with --json), progress and errors to stderr.
 */
#ifndef STRATA_CLI_OUTPUT_H
#define STRATA_CLI_OUTPUT_H

#include <jansson.h>
#include <stdio.h>
#include <strata/error.h>
#include <strata/strata.h>

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

struct cli_options;

struct output {
  int json;  /* results are one JSON document on stdout */
  int quiet; /* only errors (and what --json or --dry-run asked for) */
  int verbose;
  int color_out; /* stdout and stderr are terminals that take color */
  int color_err;
};

enum output_style {
  STYLE_PLAIN,
  STYLE_GOOD,   /* green: ok, applied */
  STYLE_WARN,   /* yellow: pending */
  STYLE_BAD,    /* red: failed, changed, missing */
  STYLE_HEADING /* bold */
};

void output_init(struct output *out, const struct cli_options *opt);

/* The escape sequence that starts style on stream f, and the one that ends
 * it; both "" when f takes no color. */
const char *output_style_on(const struct output *out, FILE *f,
                            enum output_style style);
const char *output_style_off(const struct output *out, FILE *f);

/* A line of progress on stderr, unless --quiet. */
void output_info(const struct output *out, const char *fmt, ...)
    CLI_PRINTF(2, 3);
/* A line of result on stdout, unless --quiet or --json. */
void output_result(const struct output *out, const char *fmt, ...)
    CLI_PRINTF(2, 3);

/* Writes doc on stdout as the command's JSON document, and releases it. */
void output_json(json_t *doc);
/* A JSON string, or null for NULL; bytes that are not UTF-8 become '?'. */
json_t *output_json_string(const char *s);
/* The count strings of texts as a JSON array of output_json_string()s. */
json_t *output_json_strings(const char *const *texts, size_t count);

/* Reports err: a line on stderr with its position and detail and, with
 * --json, doc (created when NULL) with an "error" member on stdout.  Takes
 * doc.  Returns the exit status for a failure. */
/* A lint finding as one line, FILE:LINE:COL RULE SEVERITY MESSAGE, on to;
 * and as a JSON object. */
void output_lint_finding(const struct output *out, FILE *to,
                         const struct strata_lint_finding *f);
json_t *output_lint_finding_json(const struct strata_lint_finding *f);

int output_fail(const struct output *out, json_t *doc,
                const struct strata_error *err);

/* Reports a one-line error that has no struct strata_error: on stderr and,
 * with --json, as {"error": {"code": code, ...}}.  Returns status. */
int output_refuse(const struct output *out, const char *code,
                  const char *message, int status);

/* Reports a usage error about command (NULL: none named), with a pointer
 * to its help.  Returns the exit status for a usage error. */
int output_usage(const struct output *out, const char *command,
                 const char *message);

#endif
