/*
 * checksum.c - SHA-256 of a migration script with its line endings and
 * byte-order mark normalised away.
 *
 * The script is hashed in place, in the runs of bytes between the CRs that
 * are dropped, so no normalised copy of a large script is ever made.
 */
#include "checksum.h"

#include <string.h>

#include <nettle/sha2.h>

#define PREFIX "sha256:"
#define PREFIX_LEN 7
#define HEX_LEN 64

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

/* Feeds text to the digest with every CR that starts a CRLF left out. */
static void digest_without_crlf(struct sha256_ctx *h, const char *text,
                                size_t len) {
  const char *end = text + len;
  const char *run = text;
  const char *cr = text;
  while ((cr = memchr(cr, '\r', (size_t)(end - cr))) != NULL) {
    if (cr + 1 < end && cr[1] == '\n') {
      sha256_update(h, (size_t)(cr - run), (const uint8_t *)run);
      run = cr + 1;
    }
    cr++;
  }
  sha256_update(h, (size_t)(end - run), (const uint8_t *)run);
}

static void write_hex(const unsigned char *digest, char *out) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < HEX_LEN / 2; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0x0F];
  }
  out[HEX_LEN] = '\0';
}

void checksum_script(const char *text, size_t len, char out[CHECKSUM_SIZE]) {
  if (len >= sizeof utf8_bom && memcmp(text, utf8_bom, sizeof utf8_bom) == 0) {
    text += sizeof utf8_bom;
    len -= sizeof utf8_bom;
  }
  struct sha256_ctx h;
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_init(&h);
  digest_without_crlf(&h, text, len);
  sha256_digest(&h, sizeof digest, digest);
  memcpy(out, PREFIX, PREFIX_LEN);
  write_hex(digest, out + PREFIX_LEN);
}

int checksum_is_valid(const char *s) {
  if (s == NULL || strncmp(s, PREFIX, PREFIX_LEN) != 0)
    return 0;
  s += PREFIX_LEN;
  for (int i = 0; i < HEX_LEN; i++) {
    int digit = s[i] >= '0' && s[i] <= '9';
    int letter = s[i] >= 'a' && s[i] <= 'f';
    if (!digit && !letter)
      return 0;
  }
  return s[HEX_LEN] == '\0';
}
