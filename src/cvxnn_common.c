/* cvxnn core: status strings, default host context, deterministic RNG.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_core.h"
#include "cvxnn_internal.h"

#include <float.h>
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

/* ---------------------------------------------------- allocation list */

void *
cvx_al_get (cvx_alloc_list *a, size_t bytes)
{
  if (a->n == (int) (sizeof a->p / sizeof a->p[0]))
    return NULL;
  void *q = a->c->alloc.malloc_fn (bytes ? bytes : 1, a->c->alloc.ctx);
  if (q)
    a->p[a->n++] = q;
  return q;
}

void
cvx_al_keep (cvx_alloc_list *a, const void *q)
{
  for (int k = 0; k < a->n; k++)
    if (a->p[k] == q)
      a->p[k] = NULL;
}

void
cvx_al_release (cvx_alloc_list *a)
{
  for (int k = a->n - 1; k >= 0; k--)
    if (a->p[k])
      a->c->alloc.free_fn (a->p[k], a->c->alloc.ctx);
  a->n = 0;
}

/* ------------------------------------------------------------ losses */

static double
log1pexp (double t)           /* log(1 + e^t) without overflow */
{
  return t > 0 ? t + log1p (exp (-t)) : log1p (exp (t));
}

double
cvx_loss_value (int loss, const double *F, const double *Y, size_t n,
                size_t K, double *R)
{
  double f = 0.0;
  switch (loss)
    {
    case CVX_LOSS_SQUARED:
      for (size_t j = 0; j < n * K; j++)
        {
          const double e = F[j] - Y[j];
          f += 0.5 * e * e;
          if (R)
            R[j] = e;
        }
      break;
    case CVX_LOSS_LOGISTIC:           /* K == 1, y = +-1 */
      for (size_t j = 0; j < n; j++)
        {
          const double m = Y[j] * F[j];
          f += log1pexp (-m);
          if (R)
            R[j] = -Y[j] / (1.0 + exp (m));
        }
      break;
    default:                          /* cross-entropy, Y one-hot */
      for (size_t j = 0; j < n; j++)
        {
          double fmax = -HUGE_VAL, s = 0.0, fy = 0.0;
          for (size_t k = 0; k < K; k++)
            if (F[k * n + j] > fmax)
              fmax = F[k * n + j];
          for (size_t k = 0; k < K; k++)
            {
              s += exp (F[k * n + j] - fmax);
              fy += Y[k * n + j] * F[k * n + j];
            }
          f += fmax + log (s) - fy;
          if (R)
            for (size_t k = 0; k < K; k++)
              R[k * n + j] = exp (F[k * n + j] - fmax) / s - Y[k * n + j];
        }
    }
  return f;
}

static double
xlogx (double p)
{
  return p > 0.0 ? p * log (p) : 0.0;
}

double
cvx_loss_dual (int loss, const double *Lam, const double *Y, size_t n,
               size_t K)
{
  double v = 0.0;
  switch (loss)
    {
    case CVX_LOSS_SQUARED:
      for (size_t j = 0; j < n * K; j++)
        v += 0.5 * Y[j] * Y[j] - 0.5 * (Lam[j] - Y[j]) * (Lam[j] - Y[j]);
      break;
    case CVX_LOSS_LOGISTIC:
      for (size_t j = 0; j < n; j++)
        {
          double p = Y[j] * Lam[j];
          p = p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
          v += -xlogx (p) - xlogx (1.0 - p);
        }
      break;
    default:
      for (size_t j = 0; j < n; j++)
        for (size_t k = 0; k < K; k++)
          {
            double p = Y[k * n + j] - Lam[k * n + j];
            v -= xlogx (p < 0.0 ? 0.0 : p);
          }
    }
  return v;
}

double
cvx_now (const cvx_ctx *c)
{
  return c->seconds ? c->seconds (c->host) : 0.0;
}

void
cvx_top_offer (double *key, size_t *idx, size_t cap, size_t *held, double v,
               size_t j)
{
  size_t a;
  if (cap == 0 || (*held == cap && !(v > key[0])))
    return;
  if (*held < cap)
    for (a = (*held)++; a > 0 && key[(a - 1) / 2] > v; a = (a - 1) / 2)
      {
        key[a] = key[(a - 1) / 2];
        if (idx)
          idx[a] = idx[(a - 1) / 2];
      }
  else
    for (a = 0;;)
      {
        size_t b = 2 * a + 1;
        if (b >= *held)
          break;
        if (b + 1 < *held && key[b + 1] < key[b])
          b++;
        if (!(key[b] < v))
          break;
        key[a] = key[b];
        if (idx)
          idx[a] = idx[b];
        a = b;
      }
  key[a] = v;
  if (idx)
    idx[a] = j;
}

int
cvx_grow_doubles (const cvx_ctx *c, double **buf, size_t *cap, size_t need)
{
  if (need <= *cap)
    return CVX_OK;
  if (*buf)
    c->alloc.free_fn (*buf, c->alloc.ctx);
  *cap = 0;
  *buf = c->alloc.malloc_fn (need * sizeof (double), c->alloc.ctx);
  if (!*buf)
    return CVX_ENOMEM;
  *cap = need;
  return CVX_OK;
}
