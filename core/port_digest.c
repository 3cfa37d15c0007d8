/*
 * port_digest.c - the order-free sum --verify compares: each row's text
 * hashed (SHA-256) and the hashes added as four 64-bit lanes, so the two
 * sides may read their rows in any order.
 */
#include <string.h>

#include <nettle/sha2.h>

#include "port.h"

/* Adds (sign 1) or takes out (sign -1) one row's hash. */
static void change(struct port_digest *d, const char *text, size_t length,
                   int sign) {
  struct sha256_ctx h;
  unsigned char hash[SHA256_DIGEST_SIZE];
  sha256_init(&h);
  sha256_update(&h, length, (const uint8_t *)text);
  sha256_digest(&h, sizeof hash, hash);
  for (size_t lane = 0; lane < 4; lane++) {
    uint64_t part;
    memcpy(&part, hash + 8 * lane, sizeof part);
    d->sum[lane] += sign > 0 ? part : -part;
  }
  d->rows += sign > 0 ? 1 : -1ULL;
}

int port_digest_add(void *ctx, const char *text, size_t length) {
  change(ctx, text, length, 1);
  return 0;
}

int port_digest_remove(void *ctx, const char *text, size_t length) {
  change(ctx, text, length, -1);
  return 0;
}

int port_digest_equal(const struct port_digest *a,
                      const struct port_digest *b) {
  return a->rows == b->rows && memcmp(a->sum, b->sum, sizeof a->sum) == 0;
}
