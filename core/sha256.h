/*
 * sha256.h - SHA-256 (FIPS 180-4), the core's own.
 *
 * The core hashes every migration script it reads and every row a port
 * verifies; a hash library of its own spares each run of the command the
 * loading of a general cryptography library for this one function.
 */
#ifndef STRATA_CORE_SHA256_H
#define STRATA_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256 {
  uint32_t state[8];
  uint64_t length; /* bytes hashed so far */
  unsigned char block[SHA256_BLOCK_SIZE];
  size_t used; /* bytes of block waiting for the rest of it */
};

void strata__sha256_init(struct sha256 *h);
void strata__sha256_update(struct sha256 *h, const void *data, size_t len);
void strata__sha256_final(struct sha256 *h,
                          unsigned char digest[SHA256_DIGEST_SIZE]);
/* The three above in one, for data held whole. */
void strata__sha256(const void *data, size_t len,
                    unsigned char digest[SHA256_DIGEST_SIZE]);

/* The two block functions behind strata__sha256_update(), which takes the
 * processor's SHA instructions where it has them.  Each hashes count
 * whole blocks into state; the accelerated one returns 0 and does nothing
 * where this build or this processor lacks them. */
void strata__sha256_blocks_portable(uint32_t state[8],
                                    const unsigned char *data, size_t count);
int strata__sha256_blocks_accelerated(uint32_t state[8],
                                      const unsigned char *data, size_t count);

#endif
