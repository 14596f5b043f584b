/* cvxnn core unit tests: hyperplane arrangements: sampling, exact enumeration, determinism,
 * and their error paths.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

static double
cover (size_t n, int r)
{
  double s = 0.0;
  for (int k = 0; k < r; k++)
    {
      double b = 1.0;
      for (int i = 1; i <= k; i++)
        b = b * (double) (n - 1 - (size_t) k + (size_t) i) / i;
      s += b;
    }
  return 2.0 * s;
}

/* Brute-force validity: every stored pattern is 1[Xa h >= 0] of its own
 * direction, none is zero, and all are distinct. */
static int
patterns_valid (const cvx_patterns *p, const double *X)
{
  unsigned char *col = malloc (p->n), *col2 = malloc (p->n);
  int ok = 1;
  for (size_t j = 0; j < p->count && ok; j++)
    {
      const double *h = p->dirs + j * p->da;
      cvx_patterns_unpack (p, j, col);
      int any = 0;
      for (size_t i = 0; i < p->n; i++)
        {
          double z = p->bias ? h[p->d] : 0.0, zs = 0.0;
          for (size_t a = 0; a < p->d; a++)
            zs += X[a * p->n + i] * h[a];
          z += zs;
          /* ignore exact ties a different summation order could flip */
          if (fabs (z) > 1e-12 && (z >= 0.0) != col[i])
            ok = 0;
          any |= col[i];
        }
      if (!any)
        ok = 0;
      for (size_t k = 0; k < j && ok; k++)
        {
          cvx_patterns_unpack (p, k, col2);
          if (memcmp (col, col2, p->n) == 0)
            ok = 0;
        }
    }
  free (col);
  free (col2);
  return ok;
}

static int
has_all_ones (const cvx_patterns *p)
{
  unsigned char *col = malloc (p->n);
  int found = 0;
  for (size_t j = 0; j < p->count && !found; j++)
    {
      cvx_patterns_unpack (p, j, col);
      size_t i = 0;
      while (i < p->n && col[i])
        i++;
      found = (i == p->n);
    }
  free (col);
  return found;
}

static int
contains (const cvx_patterns *big, const cvx_patterns *small)
{
  const size_t nw = big->nwords;
  for (size_t j = 0; j < small->count; j++)
    {
      int found = 0;
      for (size_t k = 0; k < big->count && !found; k++)
        found = !memcmp (big->bits + k * nw, small->bits + j * nw,
                         nw * sizeof (uint64_t));
      if (!found)
        return 0;
    }
  return 1;
}

void
test_rng (void)
{
  uint64_t st = 0;
  /* splitmix64 reference output for seed 0 (Vigna's splitmix64.c) */
  CHECK (cvx_splitmix64 (&st) == UINT64_C (0xe220a8397b1dcdaf),
         "splitmix64 known answer");
  cvx_rng a, b;
  cvx_rng_seed (&a, 42);
  cvx_rng_seed (&b, 42);
  int same = 1;
  for (int i = 0; i < 1000; i++)
    same &= cvx_rng_next (&a) == cvx_rng_next (&b);
  CHECK (same, "same seed, same stream");
  cvx_rng_seed (&b, 43);
  CHECK (cvx_rng_next (&a) != cvx_rng_next (&b), "seeds differ");

  double maxrel = 0.0;
  for (int i = 0; i < 100000; i++)
    {
      double x = ldexp (urand () + 1e-300, (int) (urand () * 200) - 100);
      double rel = fabs (cvx_log (x) - log (x)) / fmax (fabs (log (x)), 1e-300);
      if (fabs (log (x)) > 1e-3 && rel > maxrel)
        maxrel = rel;
    }
  CHECK (maxrel < 1e-14, "cvx_log max rel err %g", maxrel);
  CHECK (cvx_log (1.0) == 0.0, "log 1");

  /* moments of the Gaussian stream: N = 1e6, 6-sigma bounds */
  const int N = 1000000;
  double s1 = 0, s2 = 0, s4 = 0;
  cvx_rng_seed (&a, 7);
  for (int i = 0; i < N; i++)
    {
      double z = cvx_rng_normal (&a);
      s1 += z;
      s2 += z * z;
      s4 += z * z * z * z;
    }
  s1 /= N;
  s2 /= N;
  s4 /= N;
  CHECK (fabs (s1) < 6.0 / sqrt (N), "mean %g", s1);
  CHECK (fabs (s2 - 1.0) < 6.0 * sqrt (2.0 / N), "variance %g", s2);
  CHECK (fabs (s4 - 3.0) < 6.0 * sqrt (96.0 / N), "4th moment %g", s4);
  double u = 0;
  cvx_rng_seed (&a, 9);
  for (int i = 0; i < N; i++)
    u += cvx_rng_uniform (&a);
  CHECK (fabs (u / N - 0.5) < 6.0 * sqrt (1.0 / 12.0 / N), "uniform mean");
}

void
test_cover_exact (void)
{
  CHECK (cvx_arr_cover_count (12, 3) == 134.0, "cover 12 3");
  CHECK (cvx_arr_cover_count (10, 4) == 260.0, "cover 10 4");
  CHECK (cvx_arr_cover_count (7, 2) == 14.0, "cover 7 2");
  CHECK (cvx_arr_cover_count (3, 5) == 8.0, "cover n < r: 2^n");

  cvx_ctx c = cvx_ctx_stdlib ();
  const size_t cases[][3] = { /* n, d, bias */
    {12, 3, 0}, {10, 4, 0}, {40, 2, 0}, {40, 1, 1}, {25, 2, 1},
    {9, 5, 0}, {3, 4, 0}, {1, 1, 0}, {30, 3, 1}
  };
  for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++)
    {
      const size_t n = cases[t][0], d = cases[t][1];
      const int bias = (int) cases[t][2];
      double *X = randmat (n, d);
      cvx_patterns p;
      int rank = -1;
      int st = cvx_arr_exact (&c, X, n, d, bias, 1e8, &p, &rank);
      CHECK (st == CVX_OK, "exact n=%zu d=%zu: %s", n, d, cvx_strerror (st));
      if (st == CVX_OK)
        {
          const int r = (int) ((n < d + bias) ? n : d + bias);
          CHECK (rank == r, "rank %d vs %d", rank, r);
          double cells = (double) p.count + has_all_ones (&p);
          CHECK (cells == cover (n, r), "n=%zu d=%zu bias=%d: %g cells, "
                 "Cover %g", n, d, bias, cells, cover (n, r));
          CHECK (patterns_valid (&p, X), "valid n=%zu d=%zu", n, d);

          cvx_patterns s;
          st = cvx_arr_sample (&c, X, n, d, bias, 3000, 5, &s);
          CHECK (st == CVX_OK, "sample");
          if (st == CVX_OK)
            {
              CHECK (patterns_valid (&s, X), "sampled valid");
              CHECK (contains (&p, &s), "sampled subset of exact n=%zu "
                     "d=%zu", n, d);
              CHECK (s.evaluated == 3000, "evaluated");
              cvx_patterns_free (&c, &s);
            }
          cvx_patterns_free (&c, &p);
        }
      free (X);
    }
}

/* Data with ties: the exact cells must contain every pattern that a large
 * sample finds, and equal that set where sampling saturates (rank 3, big
 * cells).  The Octave tests add an independent region count. */
void
test_degenerate (void)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  /* rows (0,0,1), (1,1,1), (2,2,1), (3,3,1) on one plane; repeated rows */
  double X[2 * 8] = { 0, 1, 2, 3, 1, 0, 2, 1,   0, 1, 2, 3, 0, 1, 1, 0 };
  cvx_patterns p, s;
  int rank;
  int st = cvx_arr_exact (&c, X, 8, 2, 1, 1e8, &p, &rank);
  CHECK (st == CVX_OK, "collinear exact: %s", cvx_strerror (st));
  if (st == CVX_OK)
    {
      CHECK (rank == 3, "rank %d", rank);
      CHECK (patterns_valid (&p, X), "collinear valid");
      st = cvx_arr_sample (&c, X, 8, 2, 1, 400000, 3, &s);
      CHECK (st == CVX_OK, "sample");
      if (st == CVX_OK)
        {
          CHECK (contains (&p, &s) && contains (&s, &p),
                 "exact %zu == saturated sample %zu", p.count, s.count);
          cvx_patterns_free (&c, &s);
        }
      cvx_patterns_free (&c, &p);
    }
  double *Y = randmat (500, 4);
  st = cvx_arr_exact (&c, Y, 500, 4, 0, 1e6, &p, &rank);
  CHECK (st == CVX_ETOOLARGE, "work limit: %s", cvx_strerror (st));
  free (Y);
  /* parallel rows in rank 2 are fine for the sweep */
  double Z[2 * 4] = { 1, 2, -1, 0.5,   1, 2, 3, -2 };
  st = cvx_arr_exact (&c, Z, 4, 2, 0, 1e8, &p, &rank);
  CHECK (st == CVX_OK, "parallel rows");
  if (st == CVX_OK)
    {
      /* 3 distinct lines -> 6 cells */
      CHECK ((double) p.count + has_all_ones (&p) == 6.0, "6 cells, got %zu",
             p.count);
      cvx_patterns_free (&c, &p);
    }
}

void
test_determinism (void)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  double *X = randmat (300, 7);
  cvx_patterns a, b;
  int s1 = cvx_arr_sample (&c, X, 300, 7, 1, 2000, 77, &a);
  int s2 = cvx_arr_sample (&c, X, 300, 7, 1, 2000, 77, &b);
  CHECK (s1 == CVX_OK && s2 == CVX_OK, "samples");
  if (!s1 && !s2)
    {
      CHECK (a.count == b.count
             && !memcmp (a.bits, b.bits, a.count * a.nwords * 8)
             && !memcmp (a.dirs, b.dirs, a.count * a.da * 8),
             "bit-identical reruns");
      double un = cvx_patterns_unseen (&a);
      CHECK (un >= 0.0 && un <= 1.0, "unseen in [0,1]: %g", un);
      cvx_patterns_free (&c, &a);
      cvx_patterns_free (&c, &b);
    }
  free (X);
}

typedef struct { const double *X; size_t n; int method; } arr_case;

static int
arr_trial (cvx_ctx *c, void *arg)
{
  const arr_case *a = arg;
  cvx_patterns p;
  cvx_arr_info info;
  const int st = cvx_arrangements (c, a->X, a->n, 2, 1, a->method, 3000, 1,
                                   1e8, &p, &info);
  if (st == CVX_OK)
    cvx_patterns_free (c, &p);
  return st;
}

void
test_failure_paths (void)
{
  /* n = 30 keeps the exact enumeration to a few hundred allocations, so
   * that failing each one in turn stays cheap; X has a repeated row so the
   * degenerate-vertex path is exercised too. */
  const size_t n = 30;
  double *X = randmat (n, 2);
  X[1] = X[0];
  X[n + 1] = X[n];
  const int methods[] = { CVX_ARR_SAMPLE, CVX_ARR_EXACT, CVX_ARR_AUTO };
  for (int mi = 0; mi < 3; mi++)
    {
      char what[64];
      arr_case ac = { X, n, methods[mi] };
      snprintf (what, sizeof what, "arrangements method %d", mi);
      check_failure_injection (what, arr_trial, &ac, 5000);
    }
  for (int mi = 0; mi < 3; mi++)
    for (long k = 0; k < 5; k++)
      {
        cvx_ctx c = cvx_ctx_stdlib ();
        c.interrupted = stop_after;
        polls_left = k;
        cvx_patterns p;
        cvx_arr_info info;
        int st = cvx_arrangements (&c, X, n, 2, 1, methods[mi], 100000, 1,
                                   1e8, &p, &info);
        CHECK (st == CVX_EINTERRUPTED || (mi != 0 && st == CVX_OK),
               "interrupt method %d after %ld: %s", mi, k, cvx_strerror (st));
        if (st == CVX_OK)
          cvx_patterns_free (&c, &p);
      }
  free (X);
}
