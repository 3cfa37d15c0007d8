/*
 * port_copy.c - a port's rows: every table read from the source and loaded
 * into the target, opt->jobs tables at a time.
 *
 * Each job is a thread with its own source and target sessions, opened
 * before any thread starts.  A job takes the largest table left, streams
 * its rows from the source driver's read_rows() into the target driver's
 * load_row(), and commits the table with its line in the list of tables
 * copied (port_state.c), so a table is on the target whole or not at all.
 * With --verify the same rows also go to a digest load, and the table is
 * committed only if the target then holds the same rows.
 *
 * The calling thread shows the progress.  The first failure stops the
 * other jobs at their next row; what they were copying is rolled back.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "port.h"
#include "session.h"

enum { DEFAULT_JOBS = 4, PROGRESS_MS = 250 };

struct copy_table {
  const struct strata_table *table;
  struct strata_port_table shown; /* under the run's lock */
  atomic_ullong rows;             /* loaded so far, read without the lock */
  struct timespec started;
  int stopped; /* its job stopped because another failed */
  const char *earlier_dir; /* copied before: where its rejects went */
};

struct copy_run {
  struct port *p;
  struct copy_table *tables;
  size_t count;
  int jobs_running;
  atomic_int stopping; /* a job failed: the others stop */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  struct strata_error error; /* the first failure */
  size_t differing;          /* verify_only: tables whose rows differ */
};

struct job {
  struct copy_run *run;
  struct port_end source;
  struct port_end target;
  pthread_t thread;
  int started;
};

static double seconds_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) +
         (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* ---- one table ----------------------------------------------------------- */

/* What a table's copy holds while its rows stream through. */
struct table_copy {
  struct copy_run *run;
  struct copy_table *t;
  struct strata *target;
  struct strata_load *load;   /* into the table, or NULL (verify_only) */
  struct strata_load *digest; /* into source_sum, or NULL */
  struct port_digest source_sum;
  struct port_digest target_sum;
  struct port_rejects rejects;
  struct strata_error *err;
};

static int on_row(void *ctx, int column_count, const char *const *values,
                  const size_t *lengths) {
  struct table_copy *c = ctx;
  const struct strata_driver *d = c->target->driver;
  (void)column_count;
  if (atomic_load_explicit(&c->run->stopping, memory_order_relaxed)) {
    c->t->stopped = 1;
    return strata__error_set(c->err, STRATA_EFAILED,
                             "stopped: another table failed");
  }
  int rc = c->load ? d->load_row(c->load, values, lengths, c->err) : 0;
  if (rc == 0 && c->digest)
    rc = d->load_row(c->digest, values, lengths, c->err);
  if (rc == 0)
    atomic_fetch_add_explicit(&c->t->rows, 1, memory_order_relaxed);
  return rc;
}

static int begin_loads(struct table_copy *c, struct strata_render_options *ro,
                       const char *const **columns, size_t *column_count) {
  struct port *p = c->run->p;
  const struct strata_driver *d = c->target->driver;
  const struct strata_table *table = c->t->table;
  int rc = 0;
  int verify = p->opt->verify || p->opt->verify_only;
  /* A row the server refuses was digested: it comes out again. */
  if (!p->opt->verify_only)
    rc = d->load_begin(c->target->conn, p->schema, table, &ro[0],
                       STRATA_LOAD_COPY, verify ? port_digest_remove : NULL,
                       &c->source_sum, &c->load, columns, column_count,
                       c->err);
  if (rc == 0 && verify)
    rc = d->load_begin(c->target->conn, p->schema, table, &ro[1],
                       STRATA_LOAD_DIGEST, port_digest_add, &c->source_sum,
                       &c->digest, columns, column_count, c->err);
  return rc;
}

static int end_loads(struct table_copy *c, int rc) {
  const struct strata_driver *d = c->target->driver;
  struct strata_load_stats stats = {0};
  struct strata_error ignored;
  if (c->load != NULL) {
    int end = d->load_end(c->load, rc != 0, &stats, rc ? &ignored : c->err);
    rc = rc ? rc : end;
    pthread_mutex_lock(&c->run->lock);
    c->t->shown.rejected = stats.rejected;
    c->t->shown.changed = stats.changed;
    pthread_mutex_unlock(&c->run->lock);
    if (rc == 0)
      atomic_store(&c->t->rows, stats.rows); /* read, less rejected */
  }
  if (c->digest != NULL) {
    int end = d->load_end(c->digest, rc != 0, NULL, rc ? &ignored : c->err);
    rc = rc ? rc : end;
  }
  /* A reject file that cannot be written stopped the load: its error,
   * not the load's, says why. */
  int io_failed = c->rejects.io_failed;
  int closed = port_rejects_close(&c->rejects,
                                  rc && !io_failed ? &ignored : c->err);
  return io_failed || rc == 0 ? closed : rc;
}

/* The target's rows against the source's, both as digests. */
static int compare(struct table_copy *c, struct strata_render_options *ro) {
  struct port *p = c->run->p;
  const struct strata_driver *d = c->target->driver;
  const char *name = c->t->table->name;
  int rc = d->digest_rows(c->target->conn, p->schema, c->t->table, &ro[1],
                          port_digest_add, &c->target_sum, c->err);
  if (rc != 0 || port_digest_equal(&c->source_sum, &c->target_sum)) {
    pthread_mutex_lock(&c->run->lock);
    c->t->shown.verified = rc == 0;
    pthread_mutex_unlock(&c->run->lock);
    return rc;
  }
  if (c->source_sum.rows != c->target_sum.rows)
    return strata__error_set(c->err, STRATA_EFAILED,
                             "table %s differs: %llu rows on the source, "
                             "%llu on the target",
                             name, c->source_sum.rows, c->target_sum.rows);
  return strata__error_set(c->err, STRATA_EFAILED,
                           "table %s differs: %llu rows on each side, but "
                           "not the same rows",
                           name, c->source_sum.rows);
}

/* The table in the list of tables copied, with its rejects and where
 * they went, so that a resumed port counts them. */
static int record_copied(struct table_copy *c) {
  struct port *p = c->run->p;
  struct port_copied done = {.table = c->t->table->name,
                             .rows = atomic_load(&c->t->rows),
                             .rejected = c->t->shown.rejected};
  pthread_mutex_lock(&p->note_lock);
  char dir[sizeof p->reject_dir];
  memcpy(dir, p->reject_dir, sizeof dir);
  pthread_mutex_unlock(&p->note_lock);
  if (done.rejected > 0)
    done.reject_dir = dir;
  return port_state_record(c->target, &done, c->err);
}

static int copy_rows(struct job *job, struct table_copy *c,
                     struct strata_render_options *ro) {
  struct strata *source = job->source.s;
  const char *const *columns = NULL;
  size_t column_count = 0;
  int rc = begin_loads(c, ro, &columns, &column_count);
  if (rc == 0)
    rc = source->driver->read_rows(source->conn, c->t->table->name, columns,
                                   column_count, on_row, c, c->err);
  rc = end_loads(c, rc);
  if (rc == 0 && c->digest != NULL)
    rc = compare(c, ro);
  if (rc == 0 && !c->run->p->opt->verify_only)
    rc = record_copied(c);
  return rc;
}

static int copy_table(struct job *job, struct copy_table *t,
                      struct strata_error *err) {
  struct port *p = job->run->p;
  struct strata *target = job->target.s;
  struct strata_render_options ro[2]; /* the copy's, the digest's */
  struct table_copy c = {.run = job->run,
                         .t = t,
                         .target = target,
                         .rejects = {.port = p,
                                     .table = t->table->name,
                                     .stop = p->opt->stop_on_reject},
                         .err = err};
  struct strata_error ignored;
  port_render_options(p, 0, &ro[0]);
  ro[0].reject = port_reject;
  ro[0].reject_ctx = &c.rejects;
  ro[1] = ro[0];
  ro[1].note = NULL; /* the copy gives the notes and the rejects */
  ro[1].reject = NULL;
  int rc = target->driver->begin(target->conn, err);
  if (rc != 0)
    return rc;
  rc = copy_rows(job, &c, ro);
  if (rc == 0)
    return target->driver->commit(target->conn, err);
  target->driver->rollback(target->conn, &ignored);
  return rc;
}

/* ---- the jobs ------------------------------------------------------------ */

static struct copy_table *find(struct copy_run *run, const char *name) {
  for (size_t i = 0; i < run->count; i++)
    if (strcmp(run->tables[i].table->name, name) == 0)
      return &run->tables[i];
  return NULL;
}

/* Copying into tables that exist (--data-only), their foreign keys are
 * there already: a table waits for the tables it references. */
static int is_ready(struct copy_run *run, const struct copy_table *t) {
  if (!run->p->opt->data_only)
    return 1;
  for (size_t i = 0; i < t->table->foreign_key_count; i++) {
    struct copy_table *parent =
        find(run, t->table->foreign_keys[i]->ref_table);
    if (parent != NULL && parent != t &&
        (parent->shown.state == STRATA_PORT_WAITING ||
         parent->shown.state == STRATA_PORT_COPYING))
      return 0;
  }
  return 1;
}

/* The largest waiting table that is ready; when none is ready and none
 * is being copied, the references go round in a cycle, and the largest
 * waiting table goes first. */
static struct copy_table *next_table(struct copy_run *run, int *wait) {
  struct copy_table *first_waiting = NULL;
  int copying = 0;
  *wait = 0;
  for (size_t i = 0; i < run->count; i++) {
    struct copy_table *t = &run->tables[i];
    copying |= t->shown.state == STRATA_PORT_COPYING;
    if (t->shown.state != STRATA_PORT_WAITING)
      continue;
    if (is_ready(run, t))
      return t;
    if (first_waiting == NULL)
      first_waiting = t;
  }
  if (first_waiting != NULL && copying)
    *wait = 1;
  return *wait ? NULL : first_waiting;
}

static struct copy_table *take_table(struct copy_run *run) {
  struct copy_table *t = NULL;
  int wait = 0;
  pthread_mutex_lock(&run->lock);
  while (!atomic_load(&run->stopping) &&
         (t = next_table(run, &wait)) == NULL && wait)
    pthread_cond_wait(&run->changed, &run->lock);
  if (atomic_load(&run->stopping))
    t = NULL;
  if (t != NULL) {
    t->shown.state = STRATA_PORT_COPYING;
    clock_gettime(CLOCK_MONOTONIC, &t->started);
    pthread_cond_broadcast(&run->changed);
  }
  pthread_mutex_unlock(&run->lock);
  return t;
}

/* A job that stopped because another failed leaves its table waiting:
 * it was rolled back, and a resumed port copies it. */
static void end_table(struct copy_run *run, struct copy_table *t, int rc) {
  pthread_mutex_lock(&run->lock);
  t->shown.seconds = seconds_since(&t->started);
  if (rc == 0) {
    t->shown.state = STRATA_PORT_DONE;
  } else if (t->stopped) {
    t->shown.state = STRATA_PORT_WAITING;
    atomic_store(&t->rows, 0);
  } else {
    t->shown.state = STRATA_PORT_FAILED;
  }
  pthread_cond_broadcast(&run->changed);
  pthread_mutex_unlock(&run->lock);
}

/* The first failure is the port's; verify_only carries on past rows that
 * differ, to report every table. */
static void fail(struct copy_run *run, const struct strata_error *err) {
  pthread_mutex_lock(&run->lock);
  if (run->error.code == 0)
    run->error = *err;
  atomic_store(&run->stopping, 1);
  pthread_cond_broadcast(&run->changed);
  pthread_mutex_unlock(&run->lock);
}

/* The first table that differs is the error; the others are its
 * details. */
static void note_difference(struct copy_run *run,
                            const struct strata_error *err) {
  pthread_mutex_lock(&run->lock);
  if (run->differing++ == 0)
    run->error = *err;
  else
    strata__error_add_detail(&run->error, "%s", err->message);
  pthread_mutex_unlock(&run->lock);
}

static void *run_job(void *arg) {
  struct job *job = arg;
  struct copy_run *run = job->run;
  struct copy_table *t;
  while ((t = take_table(run)) != NULL) {
    struct strata_error err;
    strata_error_clear(&err);
    int rc = copy_table(job, t, &err);
    end_table(run, t, rc);
    if (rc == 0 || t->stopped)
      continue;
    if (run->p->opt->verify_only && rc == STRATA_EFAILED)
      note_difference(run, &err);
    else
      fail(run, &err);
  }
  pthread_mutex_lock(&run->lock);
  run->jobs_running--;
  pthread_cond_broadcast(&run->changed);
  pthread_mutex_unlock(&run->lock);
  return NULL;
}

/* Every job's sessions, opened before any thread runs: loading a driver
 * is not something two threads may do at once. */
static int open_job(struct port *p, struct job *job, struct strata_error *err) {
  job->source = p->source;
  job->target = p->target;
  job->source.s = job->target.s = NULL;
  int rc = port_open_end(p, &job->source, NULL, NULL, err);
  if (rc == 0)
    rc = port_open_end(p, &job->target, NULL, NULL, err);
  if (rc == 0)
    rc = port_enter_schema(p, job->target.s, err);
  return rc;
}

static void close_job(struct job *job) {
  strata_free(job->target.s);
  strata_free(job->source.s);
}

/* ---- progress ------------------------------------------------------------ */

/* The tables as they are now, into shown (count entries). */
static void snapshot(struct copy_run *run, struct strata_port_table *shown) {
  for (size_t i = 0; i < run->count; i++) {
    struct copy_table *t = &run->tables[i];
    shown[i] = t->shown;
    shown[i].rows = atomic_load_explicit(&t->rows, memory_order_relaxed);
    if (t->shown.state == STRATA_PORT_COPYING)
      shown[i].seconds = seconds_since(&t->started);
  }
}

static void show(struct copy_run *run, struct strata_port_table *shown,
                 int finished) {
  const struct strata_port_options *opt = run->p->opt;
  if (opt->progress != NULL)
    opt->progress(opt->progress_ctx, shown, run->count, finished);
}

/* Shows the progress until every job has ended. */
static void watch(struct copy_run *run, struct strata_port_table *shown) {
  pthread_mutex_lock(&run->lock);
  while (run->jobs_running > 0) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += PROGRESS_MS * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&run->changed, &run->lock, &until);
    snapshot(run, shown);
    pthread_mutex_unlock(&run->lock);
    show(run, shown, 0);
    pthread_mutex_lock(&run->lock);
  }
  pthread_mutex_unlock(&run->lock);
}

/* ---- the run ------------------------------------------------------------- */

/* Largest first, so the last table to start is a small one. */
static int by_size(const void *a, const void *b) {
  const struct copy_table *x = a, *y = b;
  long long dx = x->table->row_estimate, dy = y->table->row_estimate;
  if (dx != dy)
    return dx > dy ? -1 : 1;
  return strcmp(x->table->name, y->table->name);
}

static size_t waiting(const struct copy_run *run) {
  size_t n = 0;
  for (size_t i = 0; i < run->count; i++)
    n += run->tables[i].shown.state == STRATA_PORT_WAITING;
  return n;
}

static int start_jobs(struct copy_run *run, struct job *jobs, size_t count,
                      struct strata_error *err) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < count; i++) {
    jobs[i].run = run;
    rc = open_job(run->p, &jobs[i], err);
  }
  for (size_t i = 0; rc == 0 && i < count; i++) {
    pthread_mutex_lock(&run->lock);
    run->jobs_running++;
    pthread_mutex_unlock(&run->lock);
    if (pthread_create(&jobs[i].thread, NULL, run_job, &jobs[i]) != 0) {
      pthread_mutex_lock(&run->lock);
      run->jobs_running--;
      pthread_mutex_unlock(&run->lock);
      atomic_store(&run->stopping, 1);
      rc = strata__error_set(err, STRATA_ENOMEM, "cannot start a copy job");
    } else {
      jobs[i].started = 1;
    }
  }
  return rc;
}

static int run_jobs(struct copy_run *run, struct strata_port_table *shown,
                    struct strata_error *err) {
  const struct strata_port_options *opt = run->p->opt;
  size_t count = (size_t)(opt->jobs > 0 ? opt->jobs : DEFAULT_JOBS);
  size_t left = waiting(run);
  if (count > left)
    count = left;
  struct job *jobs = calloc(count + 1, sizeof *jobs);
  if (jobs == NULL)
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  int rc = start_jobs(run, jobs, count, err);
  watch(run, shown);
  for (size_t i = 0; i < count; i++) {
    if (jobs[i].started)
      pthread_join(jobs[i].thread, NULL);
    close_job(&jobs[i]);
  }
  free(jobs);
  return rc;
}

/* Each table with rows set aside, in this run or an earlier one, is given
 * the folder they are in: the earlier run's, else this run's. */
static void name_reject_folders(const struct port *p,
                                const struct copy_run *run,
                                struct strata_port_table *shown) {
  for (size_t i = 0; i < run->count; i++) {
    const char *dir = run->tables[i].earlier_dir;
    if (dir == NULL && p->reject_dir[0] != '\0')
      dir = p->reject_dir;
    shown[i].reject_dir = shown[i].rejected > 0 ? dir : NULL;
  }
}

/* The folder the port's last line names: this run's when a table's rows
 * are in it, else the first earlier run's (a resume given another
 * --reject-dir wrote nothing there).  The copy is over, so reject_dir
 * becomes it. */
static void name_main_reject_folder(struct port *p, const struct copy_run *run,
                                    const struct strata_port_table *shown) {
  const char *first = NULL;
  for (size_t i = 0; i < run->count; i++) {
    if (shown[i].reject_dir == p->reject_dir)
      return;
    if (first == NULL)
      first = shown[i].reject_dir;
  }
  if (first != NULL)
    snprintf(p->reject_dir, sizeof p->reject_dir, "%s", first);
}

/* The rows each table set aside, in this run or an earlier one, for the
 * port's last line; a folder is named beside its table when it is not the
 * one the line names. */
static void count_rejects(struct port *p, const struct copy_run *run,
                          const struct strata_port_table *shown) {
  char one[5000], where[4200];
  name_main_reject_folder(p, run, shown);
  for (size_t i = 0; i < run->count; i++) {
    const char *dir = shown[i].reject_dir;
    if (shown[i].rejected == 0)
      continue;
    p->rejected += shown[i].rejected;
    where[0] = '\0';
    if (dir != NULL && strcmp(dir, p->reject_dir) != 0)
      snprintf(where, sizeof where, " (in '%s')", dir);
    snprintf(one, sizeof one, "%s%s %llu%s",
             p->rejected_tables.len ? ", " : "", shown[i].name,
             shown[i].rejected, where);
    strbuf_append(&p->rejected_tables, one, strlen(one));
  }
}

/* Why the run failed, with what a user can do about it. */
static int run_error(struct copy_run *run, struct strata_error *err) {
  const struct strata_port_options *opt = run->p->opt;
  *err = run->error;
  if (opt->verify_only && run->differing > 1)
    strata__error_add_detail(err, "%zu tables differ", run->differing);
  else if (!opt->verify_only)
    strata__error_add_detail(err,
                             "the tables copied are kept: fix the cause and "
                             "run the port again with --resume to copy the "
                             "rest");
  return err->code;
}

/* A table an earlier run copied starts as it ended: skipped, with its
 * rows and rejects. */
static void take_earlier(struct copy_table *t, const struct port_copied *e) {
  if (e == NULL || e->table == NULL) {
    t->shown.state = STRATA_PORT_WAITING;
    return;
  }
  t->shown.state = STRATA_PORT_SKIPPED;
  t->shown.rejected = e->rejected;
  atomic_store(&t->rows, e->rows);
  t->earlier_dir = e->reject_dir;
}

int port_copy(struct port *p, const struct port_copied *earlier,
              struct strata_error *err) {
  struct copy_run run = {.p = p, .count = p->schema->table_count};
  run.tables = calloc(run.count + 1, sizeof *run.tables);
  struct strata_port_table *shown = calloc(run.count + 1, sizeof *shown);
  if (run.tables == NULL || shown == NULL) {
    free(run.tables);
    free(shown);
    return strata__error_set(err, STRATA_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < run.count; i++) {
    struct copy_table *t = &run.tables[i];
    t->table = p->schema->tables[i];
    t->shown.name = t->table->name;
    t->shown.estimate = (unsigned long long)(t->table->row_estimate > 0
                                                 ? t->table->row_estimate
                                                 : 0);
    take_earlier(t, earlier ? &earlier[i] : NULL);
  }
  qsort(run.tables, run.count, sizeof *run.tables, by_size);
  pthread_mutex_init(&run.lock, NULL);
  pthread_cond_init(&run.changed, NULL);
  int rc = waiting(&run) > 0 ? run_jobs(&run, shown, err) : 0;
  snapshot(&run, shown);
  name_reject_folders(p, &run, shown);
  show(&run, shown, 1);
  count_rejects(p, &run, shown);
  if (rc == 0 && run.error.code != 0)
    rc = run_error(&run, err);
  pthread_cond_destroy(&run.changed);
  pthread_mutex_destroy(&run.lock);
  free(shown);
  free(run.tables);
  return rc;
}
