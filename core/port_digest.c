/*
 * port_digest.c - the order-free sum --verify compares: each row's text
 * hashed (SHA-256) and the hashes added as four 64-bit lanes, so the two
 * sides may read their rows in any order.
 */
#include <openssl/sha.h>
#include <string.h>

#include "port.h"

int port_digest_add(void *ctx, const char *text, size_t length) {
  struct port_digest *d = ctx;
  unsigned char hash[SHA256_DIGEST_LENGTH];
  SHA256((const unsigned char *)text, length, hash);
  for (size_t lane = 0; lane < 4; lane++) {
    uint64_t part;
    memcpy(&part, hash + 8 * lane, sizeof part);
    d->sum[lane] += part;
  }
  d->rows++;
  return 0;
}

int port_digest_equal(const struct port_digest *a,
                      const struct port_digest *b) {
  return a->rows == b->rows && memcmp(a->sum, b->sum, sizeof a->sum) == 0;
}
