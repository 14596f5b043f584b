/* cvxnn core: status strings, default host context, deterministic RNG.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_core.h"

#include <math.h>
#include <stdlib.h>

const char *
cvx_strerror (int status)
{
  switch (status)
    {
    case CVX_OK: return "success";
    case CVX_ENOMEM: return "out of memory";
    case CVX_EINTERRUPTED: return "interrupted";
    case CVX_EINVAL: return "invalid argument";
    case CVX_ETOOLARGE: return "problem too large";
    case CVX_ELAPACK: return "LAPACK routine failed";
    default: return "unknown status";
    }
}

static void *std_malloc (size_t b, void *c) { (void) c; return malloc (b ? b : 1); }
static void *std_realloc (void *p, size_t b, void *c) { (void) c; return realloc (p, b ? b : 1); }
static void std_free (void *p, void *c) { (void) c; free (p); }

cvx_ctx
cvx_ctx_stdlib (void)
{
  cvx_ctx c;
  c.alloc.malloc_fn = std_malloc;
  c.alloc.realloc_fn = std_realloc;
  c.alloc.free_fn = std_free;
  c.alloc.ctx = NULL;
  c.interrupted = NULL;
  c.progress = NULL;
  c.seconds = NULL;
  c.host = NULL;
  return c;
}

/* ------------------------------------------------------------------ RNG */

uint64_t
cvx_splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += UINT64_C (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
cvx_rng_seed (cvx_rng *r, uint64_t seed)
{
  uint64_t st = seed;
  for (int i = 0; i < 4; i++)
    r->s[i] = cvx_splitmix64 (&st);
  r->has_spare = 0;
  r->spare = 0.0;
}

static inline uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

uint64_t
cvx_rng_next (cvx_rng *r)
{
  uint64_t *s = r->s;
  const uint64_t result = rotl (s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
cvx_rng_uniform (cvx_rng *r)
{
  return (double) (cvx_rng_next (r) >> 11) * 0x1.0p-53;
}

/* libm's log may differ in the last bit between C libraries; the polar
 * method only needs ln, so computing it from frexp (exact), IEEE division
 * and a fixed atanh series makes the Gaussian stream portable. */
double
cvx_log (double x)
{
  static const double ln2_hi = 6.93147180369123816490e-01;
  static const double ln2_lo = 1.90821492927058770002e-10;
  int e;
  double m = frexp (x, &e);            /* x = m 2^e, m in [0.5, 1) */
  if (m < 0.70710678118654752440)
    {
      m *= 2.0;
      e -= 1;
    }
  const double t = (m - 1.0) / (m + 1.0);  /* |t| <= 0.1716 */
  const double t2 = t * t;
  /* 2 atanh(t) = 2 (t + t^3/3 + ... + t^23/23); the next term is < 1e-19. */
  double s = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2)
    s = s * t2 + 1.0 / (double) k;
  const double lnm = 2.0 * t * s;
  return (double) e * ln2_hi + ((double) e * ln2_lo + lnm);
}

double
cvx_rng_normal (cvx_rng *r)
{
  if (r->has_spare)
    {
      r->has_spare = 0;
      return r->spare;
    }
  double u, v, s;
  do
    {
      u = 2.0 * cvx_rng_uniform (r) - 1.0;
      v = 2.0 * cvx_rng_uniform (r) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  const double f = sqrt (-2.0 * cvx_log (s) / s);
  r->spare = v * f;
  r->has_spare = 1;
  return u * f;
}
