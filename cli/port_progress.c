/*
 * port_progress.c - `strata port`'s lines while rows are copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port_progress.h"

void port_progress_init(struct port_progress *p, const struct output *out) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->live = !out->quiet && !out->json && isatty(STDERR_FILENO);
}

void port_progress_release(struct port_progress *p) {
  for (size_t i = 0; i < p->count && p->final != NULL; i++) {
    free((char *)p->final[i].name);
    free((char *)p->final[i].reject_dir);
  }
  free(p->final);
  free(p->announced);
}

static double rate(const struct strata_port_table *t) {
  return t->seconds > 0 ? (double)t->rows / t->seconds : 0;
}

/* "orders: 1000000 rows in 3.2 s (312500 rows/s), 2 rejected" */
static void print_ended(const struct port_progress *p,
                        const struct strata_port_table *t) {
  char extra[96] = "";
  if (t->rejected > 0)
    snprintf(extra, sizeof extra, ", %llu rejected", t->rejected);
  if (t->verified)
    strncat(extra, ", verified", sizeof extra - strlen(extra) - 1);
  if (t->state == STRATA_PORT_FAILED)
    output_info(p->out, "%s: failed after %llu rows", t->name, t->rows);
  else
    output_info(p->out, "%s: %llu rows in %.1f s (%.0f rows/s)%s", t->name,
                t->rows, t->seconds, rate(t), extra);
}

/* "  orders  120000 of ~1000000 rows  52000 rows/s  17 s left" */
static void print_live(const struct strata_port_table *t) {
  double r = rate(t);
  fprintf(stderr, "  %s  %llu", t->name, t->rows);
  if (t->estimate > t->rows) {
    fprintf(stderr, " of ~%llu", t->estimate);
    if (r > 0)
      fprintf(stderr, " rows  %.0f rows/s  %.0f s left\n", r,
              (double)(t->estimate - t->rows) / r);
    else
      fputs(" rows\n", stderr);
  } else {
    fprintf(stderr, " rows  %.0f rows/s\n", r);
  }
}

static void erase_live(struct port_progress *p) {
  for (; p->drawn > 0; p->drawn--)
    fputs("\033[1A\033[2K", stderr);
}

static int is_ended(const struct strata_port_table *t) {
  return t->state == STRATA_PORT_DONE || t->state == STRATA_PORT_FAILED;
}

static void keep_final(struct port_progress *p,
                       const struct strata_port_table *tables, size_t count) {
  p->final = calloc(count + 1, sizeof *p->final);
  if (p->final == NULL) {
    p->out_of_memory = 1;
    return;
  }
  for (size_t i = 0; i < count; i++) {
    p->final[i] = tables[i];
    p->final[i].name = strdup(tables[i].name);
    p->final[i].reject_dir =
        tables[i].reject_dir ? strdup(tables[i].reject_dir) : NULL;
    if (p->final[i].name == NULL ||
        (tables[i].reject_dir != NULL && p->final[i].reject_dir == NULL))
      p->out_of_memory = 1;
  }
}

void port_progress_show(void *ctx, const struct strata_port_table *tables,
                        size_t count, int finished) {
  struct port_progress *p = ctx;
  if (p->announced == NULL) {
    p->announced = calloc(count + 1, 1);
    p->count = count;
    if (p->announced == NULL) {
      p->out_of_memory = 1;
      return;
    }
  }
  erase_live(p);
  for (size_t i = 0; i < count; i++)
    if (is_ended(&tables[i]) && !p->announced[i]) {
      p->announced[i] = 1;
      print_ended(p, &tables[i]);
    }
  for (size_t i = 0; p->live && !finished && i < count; i++)
    if (tables[i].state == STRATA_PORT_COPYING) {
      print_live(&tables[i]);
      p->drawn++;
    }
  if (finished)
    keep_final(p, tables, count);
}
