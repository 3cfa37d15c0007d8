/*
 * port_progress.h - what `strata port` shows while it copies rows: on a
 * terminal, a line per table being copied (rows, rows/s, time left),
 * redrawn in place; elsewhere, a plain line per table as it ends.
 */
#ifndef STRATA_CLI_PORT_PROGRESS_H
#define STRATA_CLI_PORT_PROGRESS_H

#include <stddef.h>
#include <strata/strata.h>

#include "output.h"

struct port_progress {
  const struct output *out;
  int live;                 /* stderr is a terminal: redraw in place */
  size_t drawn;             /* lines of the live block on screen */
  unsigned char *announced; /* per table: its end was printed */
  size_t count;
  /* The tables as the port ended (finished), for the summary. */
  struct strata_port_table *final;
  int out_of_memory;
};

void port_progress_init(struct port_progress *p, const struct output *out);
void port_progress_release(struct port_progress *p);

/* A strata_port_progress_fn; ctx is a struct port_progress. */
void port_progress_show(void *ctx, const struct strata_port_table *tables,
                        size_t count, int finished);

#endif
