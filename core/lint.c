/*
 * lint.c - strata_lint() and the lint before up: reads a set of migrations
 * with the target engine's driver and hands each script to the lint
 * plugins that apply.
 *
 * Migrations are read in version order, as up would read them (their
 * layout, their up section), so a plugin knows what the earlier migrations
 * created; only the scripts asked for (all of them, the pending ones, the
 * files named, or the steps up is about to run) have their findings kept.
 * A file named that is no migration of the folder is read after them, on
 * its own.  strata_lint() connects to the target only to ask which
 * migrations are pending.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "lint.h"
#include "loader.h"
#include "script.h"
#include "session.h"

#define LINT_MAX_PLUGINS 16

/* One script to read: a migration's up section, or a file named. */
struct lint_input {
  struct migration_script script;
  struct section whole; /* a file named: all of it */
  const char *version;  /* NULL for a file outside the folder */
  char *owned_text;     /* read here, for a file outside the folder */
  int has_down;
  int down;
  int reported;
};

struct lint_run {
  const struct strata_config *cfg; /* the session's */
  struct strata *session;          /* settings, driver, source; borrowed */
  const struct strata_driver *driver;
  const struct strata_lint_plugin *plugins[LINT_MAX_PLUGINS];
  void *states[LINT_MAX_PLUGINS];
  size_t plugin_count;
  const struct strata_lint_plugin *current_plugin;
  const struct lint_script *current;
  struct lint_rules rules;
  struct lint_findings findings;
  struct strata_lint_host host;
  struct lint_input *inputs;
  size_t input_count;
};

void strata_lint_options_init(struct strata_lint_options *opt) {
  memset(opt, 0, sizeof *opt);
}

const char *strata_lint_severity_name(enum strata_lint_severity severity) {
  switch (severity) {
  case STRATA_LINT_ERROR: return "error";
  case STRATA_LINT_WARNING: return "warning";
  case STRATA_LINT_OFF: break;
  }
  return "off";
}

/* ---- the host a plugin reports to ------------------------------------ */

/* The rule entry of the current plugin called rule, or NULL. */
static const struct strata_lint_rule_info *current_rule(struct lint_run *run,
                                                        const char *rule) {
  for (size_t i = 0; i < run->rules.count; i++) {
    const struct strata_lint_rule_info *r = &run->rules.items[i];
    if (strcmp(r->id, rule) == 0 &&
        strcmp(r->plugin, run->current_plugin->plugin.name) == 0)
      return r;
  }
  return NULL;
}

static void host_report(void *ctx, const char *rule, size_t offset,
                        const char *fmt, ...) {
  struct lint_run *run = ctx;
  const struct strata_lint_rule_info *r = current_rule(run, rule);
  if (r == NULL || r->severity == STRATA_LINT_OFF || !run->current->reported)
    return;
  char message[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  lint_findings_add(&run->findings, run->current, r->id, r->plugin, r->severity,
                    offset, message);
}

static int host_rule_on(void *ctx, const char *rule) {
  struct lint_run *run = ctx;
  const struct strata_lint_rule_info *r = current_rule(run, rule);
  return r != NULL && r->severity != STRATA_LINT_OFF;
}

/* ---- the plugins ------------------------------------------------------ */

static int applies_to(const struct strata_lint_plugin *p, const char *engine) {
  if (p->engines == NULL)
    return 1;
  for (const char *const *e = p->engines; *e; e++)
    if (strcmp(*e, engine) == 0)
      return 1;
  return 0;
}

/* Takes the zero-padded copy of the lint plugin p names, if it applies. */
static int take_plugin(void *ctx, const struct strata_plugin *p) {
  struct lint_run *run = ctx;
  const struct strata_plugin *copy;
  struct strata_error ignored;
  if (run->plugin_count == LINT_MAX_PLUGINS ||
      loader_find_plugin(
          STRATA_PLUGIN_LINT, p->name, sizeof(struct strata_lint_plugin),
          config_string(run->cfg, "plugin_path", NULL), &copy, &ignored) != 0)
    return 0;
  const struct strata_lint_plugin *lp = (const void *)copy;
  if (lp->begin == NULL || lp->check == NULL || lp->end == NULL ||
      !applies_to(lp, run->driver->plugin.name))
    return 0;
  run->plugins[run->plugin_count++] = lp;
  return lint_rules_add(&run->rules, lp);
}

static int load_plugins(struct lint_run *run, struct strata_error *err) {
  int rc = loader_each_lint_plugin(run->driver->plugin.name,
                                   config_string(run->cfg, "plugin_path", NULL),
                                   take_plugin, run, err);
  if (rc == STRATA_ENOMEM)
    return strata__error_set(err, rc, "out of memory");
  if (rc != 0)
    return rc;
  if (run->plugin_count == 0)
    return strata__error_set(err, STRATA_EPLUGIN,
                             "no lint plugin for %s was found; set "
                             "STRATA_PLUGIN_PATH to the folder that holds "
                             "the lint_* modules, or reinstall strata",
                             run->driver->plugin.name);
  return lint_rules_configure(&run->rules,
                              config_string(run->cfg, "lint_rules", NULL), err);
}

/* ---- the scripts ------------------------------------------------------ */

static int add_input(struct lint_run *run, const struct lint_input *in) {
  struct lint_input *inputs =
      realloc(run->inputs, (run->input_count + 1) * sizeof *inputs);
  if (inputs == NULL)
    return STRATA_ENOMEM;
  run->inputs = inputs;
  run->inputs[run->input_count++] = *in;
  return 0;
}

/* The first count migrations of the source, in version order. */
static int add_migrations(struct lint_run *run, size_t count) {
  const struct source *src = &run->session->source;
  for (size_t i = 0; i < count; i++) {
    const struct migration *m = &src->items[i];
    struct lint_input in;
    memset(&in, 0, sizeof in);
    migration_script(m, STRATA_UP, &in.script);
    in.version = m->version;
    in.has_down = m->has_down;
    if (add_input(run, &in) != 0)
      return STRATA_ENOMEM;
  }
  return 0;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A file named on the command line that is no migration of the folder. */
static int add_file(struct lint_run *run, const char *path,
                    struct strata_error *err) {
  struct lint_input in;
  size_t length;
  memset(&in, 0, sizeof in);
  int rc = strata__read_file(path, &in.owned_text, &length, err);
  if (rc != 0)
    return rc;
  in.whole.length = length;
  in.script = (struct migration_script){in.owned_text, NULL, path};
  in.down = ends_with(path, ".down.sql");
  in.reported = 1;
  if (ends_with(path, ".up.sql")) {
    struct stat st;
    char *down = strata__asprintf(
        "%.*s.down.sql", (int)(strlen(path) - strlen(".up.sql")), path);
    in.has_down = down != NULL && stat(down, &st) == 0;
    free(down);
  }
  if (add_input(run, &in) != 0) {
    free(in.owned_text);
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  return 0;
}

/* Whether two paths name the same file. */
static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return a != NULL && b != NULL && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int mark_files(struct lint_run *run,
                      const struct strata_lint_options *opt,
                      struct strata_error *err) {
  size_t migrations = run->input_count;
  for (size_t f = 0; f < opt->file_count; f++) {
    int found = 0;
    for (size_t i = 0; i < migrations; i++)
      if (same_file(run->session->source.items[i].up_path, opt->files[f]))
        found = run->inputs[i].reported = 1;
    int rc = found ? 0 : add_file(run, opt->files[f], err);
    if (rc != 0)
      return rc;
  }
  return 0;
}

static int is_pending(const struct strata_status *st, const char *version) {
  for (size_t i = 0; i < st->count; i++)
    if (strcmp(st->entries[i].version, version) == 0)
      return st->entries[i].state == STRATA_STATE_PENDING ||
             st->entries[i].state == STRATA_STATE_OUT_OF_ORDER;
  return 0;
}

static int mark_pending(struct lint_run *run, struct strata_error *err) {
  struct strata *s;
  struct strata_status *st = NULL;
  int rc = strata_open(run->cfg, NULL, NULL, &s, err);
  if (rc != 0)
    return rc;
  rc = strata_status(s, &st, err);
  for (size_t i = 0; rc == 0 && i < run->input_count; i++)
    run->inputs[i].reported = is_pending(st, run->inputs[i].version);
  strata_status_free(st);
  strata_free(s);
  return rc;
}

/* The folder is read as up reads it.  When files are named it is only
 * context, so a folder that cannot be read leaves them to be linted alone. */
static int gather_inputs(struct lint_run *run, const void *what,
                         struct strata_error *err) {
  const struct strata_lint_options *opt = what;
  if (opt->rules_only)
    return 0;
  int rc = session_source(run->session, err);
  if (rc != 0 && opt->file_count > 0) {
    strata_error_clear(err);
    rc = 0;
  } else if (rc == 0 && add_migrations(run, run->session->source.count) != 0) {
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  if (rc == 0 && opt->file_count > 0)
    return mark_files(run, opt, err);
  if (rc == 0 && opt->pending)
    return mark_pending(run, err);
  for (size_t i = 0; rc == 0 && i < run->input_count; i++)
    run->inputs[i].reported = 1;
  return rc;
}

/* The steps up is about to run, each a migration of the session's source
 * (in version order), and the migrations before the last of them as
 * context. */
struct lint_steps {
  const struct migration *const *steps;
  size_t count;
};

static size_t source_index(const struct source *src,
                           const struct migration *m) {
  assert(m >= src->items && m < src->items + src->count);
  return (size_t)(m - src->items);
}

static int gather_steps(struct lint_run *run, const void *what,
                        struct strata_error *err) {
  const struct lint_steps *ls = what;
  const struct source *src = &run->session->source;
  size_t through = 0;
  for (size_t i = 0; i < ls->count; i++) {
    size_t at = source_index(src, ls->steps[i]);
    through = at + 1 > through ? at + 1 : through;
  }
  if (add_migrations(run, through) != 0)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  for (size_t i = 0; i < ls->count; i++)
    run->inputs[source_index(src, ls->steps[i])].reported = 1;
  return 0;
}

/* ---- the run ---------------------------------------------------------- */

static int check_script(struct lint_run *run, struct lint_input *in,
                        size_t sequence, struct strata_error *err) {
  struct script sc;
  if (in->script.section == NULL)
    in->script.section = &in->whole;
  int rc = script_prepare(&sc, run->driver, &in->script, err);
  if (rc != 0)
    return rc;
  struct lint_script current = {sc.file,       sc.text,  sc.length,
                                sc.statements, sc.count, in->reported,
                                sequence};
  struct strata_lint_script script = {sizeof script, run->driver->plugin.name,
                                      sc.file,       in->version,
                                      sc.text,       sc.length,
                                      sc.statements, sc.count,
                                      in->has_down,  in->down};
  run->current = &current;
  for (size_t i = 0; rc == 0 && i < run->plugin_count; i++) {
    run->current_plugin = run->plugins[i];
    rc = run->plugins[i]->check(run->states[i], &script, err);
  }
  script_release(&sc);
  return rc;
}

static int run_plugins(struct lint_run *run, size_t *scripts,
                       struct strata_error *err) {
  int rc = 0;
  size_t begun = 0;
  for (; rc == 0 && begun < run->plugin_count; begun++)
    rc = run->plugins[begun]->begin(&run->host, run->driver->plugin.name,
                                    &run->states[begun], err);
  for (size_t i = 0; rc == 0 && i < run->input_count; i++) {
    rc = check_script(run, &run->inputs[i], i, err);
    *scripts += run->inputs[i].reported;
  }
  for (size_t i = 0; i < begun; i++)
    run->plugins[i]->end(run->states[i]);
  if (rc == 0 && run->findings.failed)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  return rc;
}

static void run_release(struct lint_run *run) {
  for (size_t i = 0; i < run->input_count; i++)
    free(run->inputs[i].owned_text);
  free(run->inputs);
  lint_findings_release(&run->findings);
  lint_rules_release(&run->rules);
}

/* Chooses the scripts to read, and which of them to report on. */
typedef int (*gather_fn)(struct lint_run *run, const void *what,
                         struct strata_error *err);

static int lint_into(struct lint_run *run, gather_fn gather, const void *what,
                     struct strata_lint_report *report,
                     struct strata_error *err) {
  int rc = load_plugins(run, err);
  if (rc == 0)
    rc = gather(run, what, err);
  if (rc == 0)
    rc = run_plugins(run, &report->scripts, err);
  if (rc == 0 && lint_findings_move(&run->findings, report) != 0)
    rc = strata__error_set(err, STRATA_ENOMEM, "out of memory");
  if (rc == 0) {
    report->engine = run->driver->plugin.name;
    report->rules = run->rules.items;
    report->rule_count = run->rules.count;
    run->rules.items = NULL;
    run->rules.count = 0;
  }
  return rc;
}

/* Lints what gather chooses from s's settings and source. */
static int lint_session(struct strata *s, gather_fn gather, const void *what,
                        struct strata_lint_report **out,
                        struct strata_error *err) {
  struct lint_run run;
  *out = NULL;
  memset(&run, 0, sizeof run);
  run.session = s;
  run.cfg = &s->cfg;
  run.driver = s->driver;
  run.host = (struct strata_lint_host){sizeof run.host, &run, host_report,
                                       host_rule_on, strata__error_set};
  lint_findings_init(&run.findings);
  struct strata_lint_report *report = calloc(1, sizeof *report);
  int rc = report != NULL
               ? lint_into(&run, gather, what, report, err)
               : strata__error_set(err, STRATA_ENOMEM, "out of memory");
  run_release(&run);
  if (rc != 0)
    strata_lint_report_free(report);
  else
    *out = report;
  return rc;
}

int strata_lint(const struct strata_config *cfg,
                const struct strata_lint_options *opt,
                struct strata_lint_report **out, struct strata_error *err) {
  struct strata_lint_options none;
  struct strata *s = NULL;
  *out = NULL;
  strata_error_clear(err);
  if (opt == NULL) {
    strata_lint_options_init(&none);
    opt = &none;
  }
  int rc = session_open_unconnected(cfg, &s, err);
  if (rc == 0)
    rc = lint_session(s, gather_inputs, opt, out, err);
  strata_free(s);
  return rc;
}

int lint_run_steps(struct strata *s, const struct migration *const *steps,
                   size_t count, struct strata_lint_report **out,
                   struct strata_error *err) {
  struct lint_steps ls = {steps, count};
  return lint_session(s, gather_steps, &ls, out, err);
}

void strata_lint_report_free(struct strata_lint_report *report) {
  if (report == NULL)
    return;
  for (size_t i = 0; i < report->count; i++) {
    free((char *)report->findings[i].file);
    free((char *)report->findings[i].message);
  }
  free(report->findings);
  free(report->rules);
  free(report);
}
