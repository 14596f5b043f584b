/* cvxnn core unit tests: the counters, the independent random generator
 * and the failure injection shared by the test files.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

int n_pass, n_fail;

/* Test data from an independent generator (not the one under test). */
static uint64_t lcg = 88172645463325252ull;
double
urand (void)
{
  lcg ^= lcg << 13;
  lcg ^= lcg >> 7;
  lcg ^= lcg << 17;
  return ((double) (lcg >> 11) + 0.5) * 0x1.0p-53;
}
double
nrand (void)
{
  return sqrt (-2.0 * log (urand ())) * cos (6.283185307179586 * urand ());
}
double *
randmat (size_t n, size_t d)
{
  double *X = malloc (n * d * sizeof *X);
  for (size_t k = 0; k < n * d; k++)
    X[k] = nrand ();
  return X;
}


/* ---- failure injection: every error path must release everything ---- */
typedef struct { long left; long live; } fail_alloc;
static void *
fa_malloc (size_t b, void *ctx)
{
  fail_alloc *f = ctx;
  if (f->left-- <= 0)
    return NULL;
  f->live++;
  return malloc (b ? b : 1);
}
static void *
fa_realloc (void *p, size_t b, void *ctx)
{
  fail_alloc *f = ctx;
  if (f->left-- <= 0)
    return NULL;
  if (!p)
    f->live++;                      /* realloc (NULL) allocates */
  return realloc (p, b ? b : 1);
}
static void
fa_free (void *p, void *ctx)
{
  fail_alloc *f = ctx;
  if (p)
    f->live--;
  free (p);
}
long polls_left;
int
stop_after (void *host)
{
  (void) host;
  return polls_left-- <= 0;
}

void
check_failure_injection (const char *what, alloc_trial trial, void *arg,
                         long max_allocs)
{
  int ok_seen = 0, leaks = 0, bad = 0;
  for (long k = 0; k < max_allocs && !ok_seen; k++)
    {
      fail_alloc f = { k, 0 };
      cvx_ctx c = cvx_ctx_stdlib ();
      c.alloc.malloc_fn = fa_malloc;
      c.alloc.realloc_fn = fa_realloc;
      c.alloc.free_fn = fa_free;
      c.alloc.ctx = &f;
      const int st = trial (&c, arg);
      if (st == CVX_OK)
        ok_seen = 1;
      else if (st != CVX_ENOMEM)
        bad++;
      if (f.live != 0)
        leaks++;
    }
  CHECK (ok_seen, "%s eventually succeeds", what);
  CHECK (leaks == 0, "%s: %d runs leaked", what, leaks);
  CHECK (bad == 0, "%s: %d unexpected statuses", what, bad);
}

/* D (n x P): the patterns of the directions H (da x P) on the rows of X */
void
direction_patterns (const double *X, size_t n, size_t da, const double *H,
                    size_t P, unsigned char *D)
{
  for (size_t i = 0; i < P; i++)
    for (size_t j = 0; j < n; j++)
      {
        double v = 0.0;
        for (size_t b = 0; b < da; b++)
          v += X[b * n + j] * H[i * da + b];
        D[i * n + j] = v > 0.0;
      }
}

void
unit_fit_shared (fit_shared *sh, cvx_fit_info *info)
{
  memset (sh, 0, sizeof *sh);
  memset (info, 0, sizeof *info);
  sh->info = info;
}
