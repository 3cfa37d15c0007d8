/*
 * error.h - the one error type shared by libstrata, its drivers and the CLI.
 *
 * Every function that can fail returns 0 or a negative STRATA_E* code and
 * fills a caller-owned struct strata_error.  The struct holds its text in
 * fixed buffers, so an embedding program never frees anything after an error
 * and an error can be reported while memory is short.
 */
#ifndef STRATA_ERROR_H
#define STRATA_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif
/* libstrata is built with hidden visibility; what is declared here is its
 * public API, exported. */
#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility push(default)
#endif

enum strata_code {
  STRATA_OK = 0,
  STRATA_EINVAL = -1, /* a bad argument or option */
  STRATA_ENOMEM = -2,
  STRATA_EIO = -3,        /* a file or folder could not be read or written */
  STRATA_EURL = -4,       /* a malformed or unsupported target URL */
  STRATA_ECONFIG = -5,    /* strata.conf or .env is malformed */
  STRATA_ESOURCE = -6,    /* a bad migration file: name, encoding, duplicate */
  STRATA_EPLUGIN = -7,    /* no plugin for the scheme, or a refused plugin */
  STRATA_ECONNECT = -8,   /* the server cannot be reached (worth retrying) */
  STRATA_EAUTH = -9,      /* the server refused the login */
  STRATA_ESQL = -10,      /* a statement failed on the server */
  STRATA_ELOCK = -11,     /* the migration lock was not granted in time */
  STRATA_EHISTORY = -12,  /* the history table is not what strata wrote */
  STRATA_ECHECKSUM = -13, /* an applied migration was edited since */
  STRATA_EORDER = -14,    /* a pending migration predates the newest applied */
  STRATA_EFAILED = -15,   /* a failed or interrupted migration blocks the run */
  STRATA_ENODOWN = -16,   /* a migration to revert has no down script */
  STRATA_ENOTSUP = -17,   /* the driver cannot do what was asked */
  STRATA_ENOTFOUND = -18, /* a named version or object does not exist */
  STRATA_EREADONLY = -19, /* the target cannot be written */
  STRATA_ESCHEMA = -20,   /* the live schema is not what the migrations build */
  STRATA_ELINT = -21,     /* lint = error, and lint found an error in a
                           * migration up was about to apply */
  STRATA_ESAME = -22      /* two databases given are one (a port into its
                           * own source, verify --engines given one twice) */
};

struct strata_error {
  int code;           /* an enum strata_code; STRATA_OK when nothing failed */
  char message[1024]; /* one line: what happened, then what to do */
  char detail[2048];  /* further lines: server detail and hint, what ran */
  char sqlstate[8];   /* the server's SQLSTATE, or "" */
  char file[512];     /* the migration file the error is in, or "" */
  int line;           /* 1-based position in that file; 0 when unknown */
  int column;
  long offset; /* byte offset into the text handed to a driver, -1 if
                * unknown; the core turns it into file, line, column */
};

/* Empties *err so that it reports nothing. */
void strata_error_clear(struct strata_error *err);

#if defined(__GNUC__) && __GNUC__ >= 4
#pragma GCC visibility pop
#endif
#ifdef __cplusplus
}
#endif
#endif
