/*
 * report.c - the findings of report.h.
 */
#include "report.h"

#include <stdio.h>

void lint_vreport(const struct strata_lint_host *host, const char *rule,
                  size_t offset, const char *fmt, va_list ap) {
  char message[1024];
  vsnprintf(message, sizeof message, fmt, ap);
  host->report(host->host_ctx, rule, offset, "%s", message);
}

static void lint_report(const struct strata_lint_host *host, const char *rule,
                        size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void lint_report(const struct strata_lint_host *host, const char *rule,
                        size_t offset, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lint_vreport(host, rule, offset, fmt, ap);
  va_end(ap);
}

void lint_report_drop_table(const struct strata_lint_host *host,
                            size_t offset, const char *table) {
  lint_report(host, "drop-table", offset,
              "DROP TABLE '%s' loses its data for good; make sure nothing "
              "reads it any more and that it is backed up",
              table);
}

void lint_report_drop_column(const struct strata_lint_host *host,
                             size_t offset, const char *table,
                             const char *column) {
  lint_report(host, "drop-column", offset,
              "dropping column '%s.%s' loses its data, and running code "
              "that still reads it fails",
              table, column);
}

void lint_report_rename(const struct strata_lint_host *host, size_t offset,
                        const char *what, const char *from, const char *to) {
  lint_report(host, "rename", offset,
              "renaming %s '%s' to '%s' breaks running code that uses the "
              "old name; add the new name alongside and move the code first",
              what, from, to);
}
