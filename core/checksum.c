/*
 * checksum.c - SHA-256 of a migration script with its line endings and
 * byte-order mark normalised away.
 *
 * The script is hashed in place, in the runs of bytes between the CRs that
 * are dropped, so no normalised copy of a large script is ever made.
 */
#include "checksum.h"

#include <string.h>

#include <openssl/evp.h>

#define PREFIX "sha256:"
#define PREFIX_LEN 7
#define HEX_LEN 64

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

/* Feeds text to the digest with every CR that starts a CRLF left out. */
static int digest_without_crlf(EVP_MD_CTX *ctx, const char *text, size_t len) {
  const char *end = text + len;
  const char *run = text;
  const char *cr = text;
  while ((cr = memchr(cr, '\r', (size_t)(end - cr))) != NULL) {
    if (cr + 1 < end && cr[1] == '\n') {
      if (!EVP_DigestUpdate(ctx, run, (size_t)(cr - run)))
        return 0;
      run = cr + 1;
    }
    cr++;
  }
  return EVP_DigestUpdate(ctx, run, (size_t)(end - run));
}

static void write_hex(const unsigned char *digest, char *out) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < HEX_LEN / 2; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0x0F];
  }
  out[HEX_LEN] = '\0';
}

/* A digest can only fail when OpenSSL cannot allocate its context; out is
 * then "", which checksum_is_valid() rejects and no stored checksum equals. */
void checksum_script(const char *text, size_t len, char out[CHECKSUM_SIZE]) {
  out[0] = '\0';
  if (len >= sizeof utf8_bom && memcmp(text, utf8_bom, sizeof utf8_bom) == 0) {
    text += sizeof utf8_bom;
    len -= sizeof utf8_bom;
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  int done = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
             digest_without_crlf(ctx, text, len) &&
             EVP_DigestFinal_ex(ctx, digest, &digest_len) &&
             digest_len == HEX_LEN / 2;
  EVP_MD_CTX_free(ctx);
  if (!done)
    return;
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
