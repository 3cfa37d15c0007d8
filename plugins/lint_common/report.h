/*
 * report.h - findings through the lint host: a formatted report, and the
 * messages of the data-loss rules (drop-table, drop-column, rename) that
 * the PostgreSQL, MySQL and SQLite rule sets share, so that one finding
 * reads the same whatever the engine.
 */
#ifndef STRATA_LINT_REPORT_H
#define STRATA_LINT_REPORT_H

#include <stdarg.h>
#include <stddef.h>

#include <strata/lint.h>

/* Reports rule at offset with a message formatted from fmt and ap, cut to
 * one finding's 1023 bytes. */
void lint_vreport(const struct strata_lint_host *host, const char *rule,
                  size_t offset, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

/* drop-table: table is dropped by a script that did not create it. */
void lint_report_drop_table(const struct strata_lint_host *host,
                            size_t offset, const char *table);
/* drop-column: table's column is dropped. */
void lint_report_drop_column(const struct strata_lint_host *host,
                             size_t offset, const char *table,
                             const char *column);
/* rename: a "table" or "column" (what) is renamed from to to. */
void lint_report_rename(const struct strata_lint_host *host, size_t offset,
                        const char *what, const char *from, const char *to);

#endif
