/*
 * checksum.h - the checksum that detects an applied migration edited since.
 *
 * SHA-256 of the script after removing a leading UTF-8 byte-order mark and
 * turning every CRLF into LF, so that a Windows checkout of the same file
 * has the same checksum.  Written with its algorithm: "sha256:<64 hex>".
 */
#ifndef STRATA_CORE_CHECKSUM_H
#define STRATA_CORE_CHECKSUM_H

#include <stddef.h>

#define CHECKSUM_SIZE 72 /* "sha256:" + 64 hex + NUL, rounded up */

void checksum_script(const char *text, size_t len, char out[CHECKSUM_SIZE]);
/* 1 when s looks like something checksum_script() writes. */
int checksum_is_valid(const char *s);

#endif
