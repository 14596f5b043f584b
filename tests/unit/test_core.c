/* Unit tests of the cvxnn C core, run under AddressSanitizer/UBSan by
 * `make check`.  Prints one line per failure and ends with
 * "core: N passed, N failed"; exits 1 on any failure.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_core.h"
#include "cvxnn_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_pass, n_fail;

#define CHECK(cond, ...)                                                \
  do                                                                    \
    {                                                                   \
      if (cond)                                                         \
        n_pass++;                                                       \
      else                                                              \
        {                                                               \
          n_fail++;                                                     \
          printf ("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);       \
          printf (__VA_ARGS__);                                         \
          printf ("\n");                                                \
        }                                                               \
    }                                                                   \
  while (0)

/* Test data from an independent generator (not the one under test). */
static uint64_t lcg = 88172645463325252ull;
static double
urand (void)
{
  lcg ^= lcg << 13;
  lcg ^= lcg >> 7;
  lcg ^= lcg << 17;
  return ((double) (lcg >> 11) + 0.5) * 0x1.0p-53;
}
static double
nrand (void)
{
  return sqrt (-2.0 * log (urand ())) * cos (6.283185307179586 * urand ());
}
static double *
randmat (size_t n, size_t d)
{
  double *X = malloc (n * d * sizeof *X);
  for (size_t k = 0; k < n * d; k++)
    X[k] = nrand ();
  return X;
}

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

static void
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

static void
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
static void
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

static void
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
static long polls_left;
static int
stop_after (void *host)
{
  (void) host;
  return polls_left-- <= 0;
}

/* Run trial (which returns a status and frees whatever it got on
 * success) with the k-th allocation failing, k = 0, 1, ... until it
 * succeeds: every failure must be CVX_ENOMEM and leave nothing allocated. */
typedef int (*alloc_trial) (cvx_ctx *c, void *arg);

static void
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

static void
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

/* ------------------------------------------------- cone projection */

/* E = the pattern of a random direction on the rows of Y (m x d), and g a
 * random vector to project */
static void
random_pattern_and_vector (const double *Y, size_t m, size_t d,
                           unsigned char *E, double *g)
{
  double h[8];
  for (size_t b = 0; b < d; b++)
    h[b] = nrand ();
  for (size_t j = 0; j < m; j++)
    {
      double z = 0.0;
      for (size_t b = 0; b < d; b++)
        z += Y[b * m + j] * h[b];
      E[j] = z >= 0.0;
    }
  for (size_t b = 0; b < d; b++)
    g[b] = nrand ();
}

/* Columns scaled 1e5 and 1e-5 apart, g = X' D y as the fit's
 * certificates and prox steps make them (large in the large columns):
 * Lawson-Hanson ends by its own test, within a few d steps (it cycled
 * until its safeguard, 3 (m + d) + 30 steps, on 198 of these 200 before
 * rows that come in on rounding were passed over), at a point that
 * meets Moreau's conditions to rounding's share of each row. */
static void
test_cone_scaled (void)
{
  const size_t m = 200, d = 8;
  const double sc[8] = { 1e5, 1e5, 1e5, 1e-5, 1e-5, 1.0, 1.0, 1.0 };
  double *X = randmat (m, d), g[8], u[8], y[200];
  double *work = malloc (cvx_cone_work_size (m, d) * sizeof (double));
  unsigned char E[200];
  for (size_t j = 0; j < m; j++)
    X[(d - 1) * m + j] = 1.0;                     /* a bias column */
  for (size_t b = 0; b < d; b++)
    for (size_t j = 0; j < m; j++)
      X[b * m + j] *= sc[b];
  int ok = 1, maxit = 0;
  for (int trial = 0; trial < 200; trial++)
    {
      double h[8];
      for (size_t b = 0; b < d; b++)
        h[b] = nrand () / sc[b];
      for (size_t j = 0; j < m; j++)
        {
          double z = 0.0;
          for (size_t b = 0; b < d; b++)
            z += X[b * m + j] * h[b];
          E[j] = z >= 0.0;
          y[j] = nrand ();
        }
      for (size_t b = 0; b < d; b++)
        {
          g[b] = 0.0;
          for (size_t j = 0; j < m; j++)
            g[b] += E[j] * X[b * m + j] * y[j];
        }
      int it = 0;
      cvx_cone_project (X, m, d, E, g, u, work, &it);
      maxit = it > maxit ? it : maxit;
      double gu = 0.0, gg = 0.0, uu = 0.0;
      for (size_t b = 0; b < d; b++)
        {
          gu += (g[b] - u[b]) * u[b];
          gg += g[b] * g[b];
          uu += u[b] * u[b];
        }
      ok &= fabs (gu) <= 1e-12 * gg && uu <= gg;
      for (size_t j = 0; j < m; j++)
        {
          double z = 0.0, share = 0.0;
          for (size_t b = 0; b < d; b++)
            {
              z += X[b * m + j] * u[b];
              share += fabs (X[b * m + j]) * (fabs (g[b]) + fabs (u[b]));
            }
          ok &= (E[j] ? z : -z) >= -1e-12 * share;
        }
    }
  CHECK (ok && maxit <= 8 * (int) d, "cone projection with columns scaled "
         "1e10 apart: Lawson-Hanson's own end, Moreau to rounding");
  free (X);
  free (work);
}

/* d = 2: max_{u in K, |u| = 1} g'u must equal |Pi_K(g)| (MATH 3.1,
 * Moreau).  Brute force, exactly: in the plane the maximizer is g/|g| if
 * that is in K, else an edge of K, i.e. one of the rays +-perp(x_j). */
static void
test_cone_projection (void)
{
  const size_t n = 9;
  double *X = randmat (n, 2);
  unsigned char D[9];
  double work[4096], u[4], g[4];
  int worst_ok = 1;
  for (int trial = 0; trial < 200; trial++)
    {
      const double h0 = nrand (), h1 = nrand ();
      for (size_t j = 0; j < n; j++)
        D[j] = X[j] * h0 + X[n + j] * h1 >= 0.0;
      g[0] = nrand ();
      g[1] = nrand ();
      cvx_cone_project (X, n, 2, D, g, u, work, NULL);
      double cand[2 * 9 + 1][2], best = 0.0;
      const double gn = sqrt (g[0] * g[0] + g[1] * g[1]);
      size_t nc = 0;
      cand[nc][0] = g[0] / gn;
      cand[nc++][1] = g[1] / gn;
      for (size_t j = 0; j < n; j++)
        {
          const double a = X[j], b = X[n + j], r = sqrt (a * a + b * b);
          cand[nc][0] = -b / r;
          cand[nc++][1] = a / r;
          cand[nc][0] = b / r;
          cand[nc++][1] = -a / r;
        }
      for (size_t t = 0; t < nc; t++)
        {
          int in = 1;
          for (size_t j = 0; j < n && in; j++)
            {
              const double z = X[j] * cand[t][0] + X[n + j] * cand[t][1];
              in = (D[j] ? z : -z) >= -1e-12;
            }
          const double v = g[0] * cand[t][0] + g[1] * cand[t][1];
          if (in && v > best)
            best = v;
        }
      const double pn = sqrt (u[0] * u[0] + u[1] * u[1]);
      if (fabs (pn - best) > 1e-10 * (1.0 + gn))
        worst_ok = 0;
      for (size_t j = 0; j < n; j++)
        {
          const double z = X[j] * u[0] + X[n + j] * u[1];
          if ((D[j] ? z : -z) < -1e-12 * gn)
            worst_ok = 0;
        }
    }
  CHECK (worst_ok, "cone projection = exact brute force over the cone edges (d = 2)");
  free (X);

  /* d = 4: Moreau's conditions u in K, <g - u, u> = 0, and |u| <= |g| */
  const size_t m = 30, d = 4;
  double *Y = randmat (m, d);
  unsigned char E[30];
  int ok = 1;
  for (int trial = 0; trial < 50; trial++)
    {
      random_pattern_and_vector (Y, m, d, E, g);
      cvx_cone_project (Y, m, d, E, g, u, work, NULL);
      double gu = 0.0, uu = 0.0, gg = 0.0;
      for (size_t b = 0; b < d; b++)
        {
          gu += (g[b] - u[b]) * u[b];
          uu += u[b] * u[b];
          gg += g[b] * g[b];
        }
      if (fabs (gu) > 1e-12 * (1.0 + gg) || uu > gg * (1.0 + 1e-12))
        ok = 0;
      for (size_t j = 0; j < m; j++)
        {
          double z = 0.0;
          for (size_t b = 0; b < d; b++)
            z += Y[b * m + j] * u[b];
          if ((E[j] ? z : -z) < -1e-12 * sqrt (gg))
            ok = 0;
        }
    }
  CHECK (ok, "cone projection: feasible, orthogonal residual, |u| <= |g|");

  /* warm starts change the path, never the projection: from the right
   * active rows, from stale ones of another vector, from random ones */
  int same = 1;
  size_t act[4], nact = 0, stale[4], nstale = 0;
  for (int trial = 0; trial < 200; trial++)
    {
      double u0[4], u1[4];
      random_pattern_and_vector (Y, m, d, E, g);
      cvx_cone_project (Y, m, d, E, g, u0, work, NULL);
      cvx_cone_project_warm (Y, m, d, E, g, u1, work, NULL, act, &nact);
      for (size_t b = 0; b < d; b++)
        same &= fabs (u0[b] - u1[b]) <= 1e-12 * (1.0 + fabs (u0[b]));
      cvx_cone_project_warm (Y, m, d, E, g, u1, work, NULL, act, &nact);
      for (size_t b = 0; b < d; b++)
        same &= fabs (u0[b] - u1[b]) <= 1e-12 * (1.0 + fabs (u0[b]));
      cvx_cone_project_warm (Y, m, d, E, g, u1, work, NULL, stale, &nstale);
      for (size_t b = 0; b < d; b++)
        same &= fabs (u0[b] - u1[b]) <= 1e-12 * (1.0 + fabs (u0[b]));
      nstale = (size_t) (urand () * (d + 1));
      for (size_t a2 = 0; a2 < nstale; a2++)
        stale[a2] = (size_t) (urand () * m) % m;
      if (nstale > 1 && stale[0] == stale[1])
        nstale = 1;
    }
  CHECK (same, "warm-started projection equals the cold one");

  /* asked only whether |Pi_K g| exceeds `below': below that value the
   * call is the full projection (return 0); above it, it may stop early
   * (return 1) with an iterate u, |Pi_K g| <= |u| <= below */
  int below_ok = 1, stopped = 0;
  double cm[4];
  cvx_cone_colmax (Y, m, d, cm);
  for (int trial = 0; trial < 200; trial++)
    {
      double u0[4], u1[4];
      random_pattern_and_vector (Y, m, d, E, g);
      cvx_cone_project (Y, m, d, E, g, u0, work, NULL);
      const double pn = sqrt (cvx_dot (u0, u0, d));
      const double gn = sqrt (cvx_dot (g, g, d));
      int r = cvx_cone_project_x (Y, m, d, E, g, u1, work, NULL, NULL, NULL,
                                  cm, 0.99 * pn);
      for (size_t b = 0; b < d; b++)
        below_ok &= r == 0 && fabs (u0[b] - u1[b]) <= 1e-12 * (1.0 + fabs (u0[b]));
      const double lim = pn + urand () * (gn - pn);
      r = cvx_cone_project_x (Y, m, d, E, g, u1, work, NULL, NULL, NULL, cm,
                              lim);
      const double un = sqrt (cvx_dot (u1, u1, d));
      if (r == 1)
        {
          stopped++;
          below_ok &= un <= lim * (1.0 + 1e-14) && un >= pn * (1.0 - 1e-12);
        }
    }
  CHECK (below_ok && stopped > 50, "a projection stopped below a bound "
         "bounds |Pi_K g| from above, and is whole below it");

  free (Y);
  test_cone_scaled ();
}

/* ----------------------------------------------------------- fit */

static void
fit_problem (size_t n, double **Xa, unsigned char **D, size_t *P, double **y)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  double *x = randmat (n, 1);
  cvx_patterns p;
  int rank;
  cvx_arr_exact (&c, x, n, 1, 1, 1e8, &p, &rank);
  *P = p.count;
  *D = malloc (n * p.count);
  for (size_t j = 0; j < p.count; j++)
    cvx_patterns_unpack (&p, j, *D + j * n);
  cvx_patterns_free (&c, &p);
  *Xa = malloc (2 * n * sizeof (double));
  *y = malloc (n * sizeof (double));
  for (size_t j = 0; j < n; j++)
    {
      (*Xa)[j] = x[j];
      (*Xa)[n + j] = 1.0;
      (*y)[j] = sin (2.0 * x[j]);
    }
  free (x);
}

typedef struct {
  const double *Xa;
  size_t n;
  const unsigned char *D;
  size_t P;
  const double *y;
  int model, solver;
} fit_case;

static int
fit_trial (cvx_ctx *c, void *arg)
{
  const fit_case *f = arg;
  cvx_fit_opts o = { f->model, 0, 0.2, 1e-8, 2000, 10, 0, f->solver };
  double U[2 * 2 * 19] = { 0 };
  cvx_fit_info info;
  const int st = cvx_fit (c, f->Xa, f->n, 2, f->D, f->P, f->y, 1, &o, U,
                          &info);
  if (st == CVX_OK)
    c->alloc.free_fn (info.hist, c->alloc.ctx);
  return st;
}

/* The mask helpers written as products equal the masks written as
 * branches, on negative values and zeros. */
static void
test_masks (void)
{
  enum { N = 37 };
  unsigned char d[N];
  double z[N], f1[N], f2[N], m[N];
  for (size_t j = 0; j < N; j++)
    {
      d[j] = urand () < 0.5;
      z[j] = j % 5 ? nrand () : 0.0;
      f1[j] = f2[j] = nrand ();
    }
  cvx_mask_add (N, d, z, f1);
  cvx_mask_copy (N, d, z, m);
  int same = 1;
  for (size_t j = 0; j < N; j++)
    {
      f2[j] += d[j] ? z[j] : 0.0;
      same &= f1[j] == f2[j] && m[j] == (d[j] ? z[j] : 0.0);
    }
  CHECK (same, "mask helpers differ from the branches");
}

/* counts the log lines of accepted polishes ("   40* | ...") */
static int polished_lines;
static void
count_polished (void *host, const char *line)
{
  (void) host;
  polished_lines += strstr (line, "* |") != NULL;
}

static void
test_fit (void)
{
  const size_t n = 10;
  double *Xa, *y;
  unsigned char *D;
  size_t P;
  fit_problem (n, &Xa, &D, &P, &y);
  CHECK (P == 2 * n - 1, "1-D patterns %zu", P);
  double yl[10], Y3[30];
  for (size_t j = 0; j < n; j++)
    {
      yl[j] = y[j] > 0 ? 1.0 : -1.0;
      const size_t cl = y[j] < -0.5 ? 0 : (y[j] < 0.5 ? 1 : 2);
      for (size_t k = 0; k < 3; k++)
        Y3[k * n + j] = (k == cl);
    }
  const double *targets[] = { y, yl, Y3 };
  const size_t Ks[] = { 1, 1, 3 };
  for (int solver = 0; solver < 2; solver++)
  for (int loss = 0; loss < 3; loss++)
    for (int model = 0; model < 2; model++)
      {
        cvx_ctx c = cvx_ctx_stdlib ();
        c.progress = count_polished;
        polished_lines = 0;
        cvx_fit_opts o = { model, loss, 0.2, 1e-10, 20000, 10, 1, solver };
        const size_t nv = cvx_fit_nvars (2, P, Ks[loss], model);
        double *U = calloc (nv, sizeof (double));
        cvx_fit_info info;
        int st = cvx_fit (&c, Xa, n, 2, D, P, targets[loss], Ks[loss], &o, U,
                          &info);
        CHECK (st == CVX_OK && info.status == CVX_FIT_SOLVED
               && info.relgap <= 1e-10 && info.gap >= -1e-12,
               "fit solver %d loss %d model %d: status %d relgap %g", solver,
               loss, model, info.status, info.relgap);
        CHECK (info.nhist > 0 && info.hist != NULL, "history");
        /* FISTA: the Newton polish (its Hessian in row blocks of a few
         * rows in this build) converged at least once */
        CHECK (solver == 0 || polished_lines > 0,
               "fit loss %d model %d: no polish", loss, model);
        /* the inner-loop count: whole GEMMs of n x 2 by 2 x columns,
         * at least two products of one column per iteration */
        const double cols = info.loop_flops / (2.0 * (double) n * 2.0);
        CHECK (cols == floor (cols) && cols >= 2.0 * (double) info.iterations
               && info.loop_time >= 0.0 && info.loop_time <= info.time,
               "loop count: %g columns, %ld iterations, %g s of %g s", cols,
               info.iterations, info.loop_time, info.time);
        free (info.hist);
        free (U);
      }

  /* every allocation failing in turn: ENOMEM, nothing leaked */
  static const char *names[2][2] = { { "fit bcd relu", "fit bcd gated" },
                                     { "fit fista relu", "fit fista gated" } };
  for (int solver = 0; solver < 2; solver++)
    for (int model = 0; model < 2; model++)
      {
        fit_case fc = { Xa, n, D, P, y, model, solver };
        check_failure_injection (names[solver][model], fit_trial, &fc, 20000);
      }

  /* interruption: a point comes back with its status */
  for (long k = 0; k < 8; k++)
    {
      cvx_ctx c = cvx_ctx_stdlib ();
      c.interrupted = stop_after;
      polls_left = k / 2;
      cvx_fit_opts o = { 0, 0, 0.01, 1e-14, 100000, 10, 0, (int) (k % 2) };
      double U[2 * 2 * 19] = { 0 };
      cvx_fit_info info;
      int st = cvx_fit (&c, Xa, n, 2, D, P, y, 1, &o, U, &info);
      CHECK (st == CVX_OK && info.status == CVX_FIT_INTERRUPTED,
             "interrupted fit after %ld polls: st %d status %d", k, st,
             info.status);
      free (info.hist);
    }
  free (Xa);
  free (D);
  free (y);
}

/* The Newton steps by conjugate gradients (cvxnn_fit_cg.c): a gated fit
 * whose Woodbury systems would cost more than 100 of CG's products (n =
 * 1500, 21 columns, 52-60 of 60 patterns active at 1e-2 lambda_max:
 * n r^2 of 1.6e9-2.4e9 flops against 100 x 4 n da m; 88 CG directions
 * over both losses in a debug count), squared and logistic; certified,
 * and each certificate bounds FISTA's network. */
static void
test_fit_cg (void)
{
  const size_t n = 1500, da = 21, P = 60;
  double *X = randmat (n, da), *g = randmat (da, P);
  double *y = malloc (n * sizeof *y), *yl = malloc (n * sizeof *yl);
  unsigned char *D = malloc (n * P);
  for (size_t j = 0; j < n; j++)
    X[(da - 1) * n + j] = 1.0;
  for (size_t i = 0; i < P; i++)
    for (size_t j = 0; j < n; j++)
      {
        double v = 0.0;
        for (size_t b = 0; b < da; b++)
          v += X[b * n + j] * g[i * da + b];
        D[i * n + j] = v > 0.0;
      }
  for (size_t j = 0; j < n; j++)
    {
      const double a = X[j] + 0.5 * X[n + j], b = X[2 * n + j] - X[3 * n + j];
      y[j] = (a > 0 ? a : 0) - (b > 0 ? b : 0) + 0.1 * nrand ();
      yl[j] = y[j] > 0 ? 1.0 : -1.0;
    }
  const double *targets[] = { y, yl };
  for (int loss = 0; loss < 2; loss++)
    {
      cvx_ctx c = cvx_ctx_stdlib ();
      double *U = calloc (P * da, sizeof (double));
      cvx_fit_info info;
      cvx_fit_opts o = { CVX_MODEL_GATED, loss, 1e12, 1e-8, 2000, 10, 0,
                         CVX_SOLVER_SSN };
      cvx_fit (&c, X, n, da, D, P, targets[loss], 1, &o, U, &info);
      free (info.hist);
      o.lambda = 1e-2 * info.lambda_max;
      double primal[2], dual[2];
      for (int solver = 1; solver >= 0; solver--)
        {
          memset (U, 0, P * da * sizeof (double));
          o.solver = solver;
          o.max_iter = solver == CVX_SOLVER_SSN ? 2000 : 300;
          int st = cvx_fit (&c, X, n, da, D, P, targets[loss], 1, &o, U,
                            &info);
          CHECK (st == CVX_OK && (solver == CVX_SOLVER_FISTA
                                  || (info.status == CVX_FIT_SOLVED
                                      && info.relgap <= 1e-8)),
                 "CG fit loss %d solver %d: st %d status %d relgap %g", loss,
                 solver, st, info.status, info.relgap);
          primal[solver] = info.primal;
          dual[solver] = info.dual;
          free (info.hist);
        }
      CHECK (dual[1] <= primal[0] * (1 + 1e-12)
             && dual[0] <= primal[1] * (1 + 1e-12),
             "CG fit loss %d: bounds %.10g %.10g, objectives %.10g %.10g",
             loss, dual[1], dual[0], primal[1], primal[0]);
      free (U);
    }
  free (X);
  free (g);
  free (y);
  free (yl);
  free (D);
}

/* ------------------------------------------------- reference trainer */

typedef struct {
  const cvx_net *s;
  const double *X, *Y;
  size_t n;
  int optimizer;
} train_case;

static int
train_trial (cvx_ctx *c, void *arg)
{
  const train_case *t = arg;
  const size_t N = cvx_net_nparams (t->s);
  double *theta = malloc (N * sizeof (double));
  cvx_net_init (t->s, 1, 1.0, theta);
  cvx_train_opts o = { t->optimizer, 0.0, 0.5, 3, 4, 7, 0.0, 3, 0, 0.0 };
  cvx_train_info info;
  const int st = cvx_train (c, t->s, t->X, t->n, t->Y, &o, theta, &info);
  if (st == CVX_OK)
    c->alloc.free_fn (info.hist, c->alloc.ctx);
  free (theta);
  return st;
}

static int
objective_trial (cvx_ctx *c, void *arg)
{
  const train_case *t = arg;
  const size_t N = cvx_net_nparams (t->s);
  double *theta = malloc (N * sizeof (double)), *g = malloc (N * sizeof (double));
  double f, loss;
  cvx_net_init (t->s, 2, 1.0, theta);
  const int st = cvx_net_objective (c, t->s, t->X, t->n, t->Y, theta, &f,
                                    &loss, g, NULL, NULL);
  free (theta);
  free (g);
  return st;
}

static void
test_train (void)
{
  const size_t n = 9, d = 3;
  double *X = randmat (n, d), Y[9 * 2], yl[9], Y3[9 * 3];
  for (size_t i = 0; i < n; i++)
    {
      Y[i] = nrand ();
      Y[n + i] = nrand ();
      yl[i] = X[i] > 0 ? 1.0 : -1.0;
      for (size_t k = 0; k < 3; k++)
        Y3[k * n + i] = (i % 3 == k);
    }
  const double *targets[] = { Y, yl, Y3 };
  const size_t Ks[] = { 2, 1, 3 };
  const unsigned char bias[] = { 1, 0, 1 };
  cvx_ctx c = cvx_ctx_stdlib ();

  /* gradient against central differences: every loss, BN convention and
   * activation, depth 3 */
  for (int loss = 0; loss < 3; loss++)
    for (int bn = 0; bn < 3; bn++)
      for (int act = 0; act < 2; act++)
        {
          const size_t width[] = { d, 4, 5, Ks[loss] };
          const cvx_net s = { 3, width, bias, act, bn, loss, 0.3 };
          const size_t N = cvx_net_nparams (&s);
          double *th = malloc (N * sizeof (double));
          double *g = malloc (N * sizeof (double));
          double f, lv, fp, fm, err = 0.0, gn = 0.0;
          cvx_net_init (&s, 7 + (uint64_t) loss, 1.0, th);
          for (size_t k = 0; k < N; k++)   /* nonzero biases, gamma, alpha */
            th[k] += 0.3 * nrand ();
          int st = cvx_net_objective (&c, &s, X, n, targets[loss], th, &f,
                                      &lv, g, NULL, NULL);
          for (size_t k = 0; k < N && st == CVX_OK; k++)
            {
              const double h = 1e-6, t0 = th[k];
              th[k] = t0 + h;
              cvx_net_objective (&c, &s, X, n, targets[loss], th, &fp, NULL,
                                 NULL, NULL, NULL);
              th[k] = t0 - h;
              cvx_net_objective (&c, &s, X, n, targets[loss], th, &fm, NULL,
                                 NULL, NULL, NULL);
              th[k] = t0;
              err += pow ((fp - fm) / (2 * h) - g[k], 2);
              gn += g[k] * g[k];
            }
          CHECK (st == CVX_OK && sqrt (err) <= 1e-6 * (sqrt (gn) + 1),
                 "gradient loss %d bn %d act %d: %g", loss, bn, act,
                 sqrt (err));
          CHECK (f > lv && lv > 0, "objective parts");
          free (th);
          free (g);
        }

  /* every optimizer, full batch and minibatches smaller than n */
  const size_t width[] = { d, 6, 5, 2 };
  for (int bn = 0; bn < 2; bn++)
    for (int opt = 0; opt < 4; opt++)
      for (size_t batch = 0; batch <= 4; batch += 4)
        {
          const cvx_net s = { 3, width, bias, CVX_ACT_RELU, bn, 0, 0.1 };
          const size_t N = cvx_net_nparams (&s);
          double *th = malloc (N * sizeof (double)), f0, f1;
          cvx_net_init (&s, 3, 1.0, th);
          cvx_net_objective (&c, &s, X, n, Y, th, &f0, NULL, NULL, NULL,
                             NULL);
          cvx_train_opts o = { opt, opt == 1 ? 0.01 : 0.0, 0.5, 100, batch,
                               5, 1e-9, 10, 0, 0.0 };
          cvx_train_info info;
          int st = cvx_train (&c, &s, X, n, Y, &o, th, &info);
          cvx_net_objective (&c, &s, X, n, Y, th, &f1, NULL, NULL, NULL,
                             NULL);
          CHECK (st == CVX_OK && f1 < f0 && f1 == info.objective
                 && info.nhist >= 2,
                 "train opt %d batch %zu bn %d: st %d f0 %g f1 %g (%g)", opt,
                 batch, bn, st, f0, f1, info.objective);
          free (info.hist);
          free (th);
        }

  /* bad specs */
  {
    const size_t w0[] = { d, 0, 2 };
    const cvx_net s0 = { 2, w0, bias, 0, 0, 0, 0.1 };
    const size_t w1[] = { d, 2 };
    const cvx_net s1 = { 1, w1, bias, 0, CVX_BN_STD, 0, 0.1 };
    const cvx_net s2 = { 1, w1, bias, 0, 0, CVX_LOSS_LOGISTIC, 0.1 };
    const cvx_net s3 = { 1, w1, bias, 0, 0, 0, -1.0 };
    CHECK (cvx_net_check (&s0, n) == CVX_EINVAL, "zero width");
    CHECK (cvx_net_check (&s1, n) == CVX_EINVAL, "BN without hidden layer");
    CHECK (cvx_net_check (&s2, n) == CVX_EINVAL, "logistic with 2 outputs");
    CHECK (cvx_net_check (&s3, n) == CVX_EINVAL, "negative lambda");
    CHECK (cvx_net_check (&s3, 0) == CVX_EINVAL, "no rows");
    const unsigned char bad[] = { 3, 0 };
    const cvx_net s4 = { 2, (const size_t[]) { d, 2, 2 }, bad, 0, 0, 0, 0.1 };
    CHECK (cvx_net_check (&s4, n) == CVX_EINVAL, "bias flag 3");
  }

  /* free biases (MATH 6.1): same loss, penalty without them, gradient
   * entries without their lambda * b term */
  {
    const size_t w2[] = { d, 4, 2 };
    const unsigned char pen[] = { CVX_BIAS_PENALIZED, CVX_BIAS_PENALIZED };
    const unsigned char fre[] = { CVX_BIAS_FREE, CVX_BIAS_FREE };
    const cvx_net sp = { 2, w2, pen, CVX_ACT_RELU, 0, 0, 0.3 };
    const cvx_net sf = { 2, w2, fre, CVX_ACT_RELU, 0, 0, 0.3 };
    const size_t N = cvx_net_nparams (&sp);
    double *th = malloc (N * sizeof (double));
    double *gp = malloc (N * sizeof (double));
    double *gf = malloc (N * sizeof (double));
    double fp, ff, lp, lf, bsq = 0.0, gerr = 0.0;
    cvx_net_init (&sp, 5, 1.0, th);
    for (size_t k = 0; k < N; k++)
      th[k] += 0.3 * nrand ();
    int st = cvx_net_objective (&c, &sp, X, n, Y, th, &fp, &lp, gp, NULL, NULL);
    st |= cvx_net_objective (&c, &sf, X, n, Y, th, &ff, &lf, gf, NULL, NULL);
    /* layout: W1 (d x 4), b1 (4), W2 (4 x 2), b2 (2) */
    const size_t b1 = d * 4, b2 = b1 + 4 + 8;
    for (size_t k = 0; k < N; k++)
      {
        const int isb = (k >= b1 && k < b1 + 4) || k >= b2;
        if (isb)
          bsq += th[k] * th[k];
        gerr = fmax (gerr, fabs (gp[k] - (isb ? 0.3 * th[k] : 0.0) - gf[k]));
      }
    CHECK (st == CVX_OK && lp == lf && fabs (fp - 0.15 * bsq - ff) <= 1e-12 * fp
           && gerr <= 1e-12, "free biases: f %g vs %g, gradient %g", fp, ff, gerr);
    free (th);
    free (gp);
    free (gf);
  }

  /* allocation failures and interrupts */
  const cvx_net sb = { 3, width, bias, CVX_ACT_RELU, CVX_BN_STD, 0, 0.1 };
  for (int opt = 0; opt < 4; opt++)
    {
      char what[64];
      train_case tc = { &sb, X, Y, n, opt };
      snprintf (what, sizeof what, "train optimizer %d", opt);
      check_failure_injection (what, train_trial, &tc, 200);
      for (long k = 0; k < 3; k++)
        {
          cvx_ctx ci = cvx_ctx_stdlib ();
          ci.interrupted = stop_after;
          polls_left = k;
          const size_t N = cvx_net_nparams (&sb);
          double *th = malloc (N * sizeof (double));
          cvx_net_init (&sb, 1, 1.0, th);
          cvx_train_opts o = { opt, 0.0, 0.0, 1000, 4, 1, 0.0, 5, 0, 0.0 };
          cvx_train_info info;
          int st = cvx_train (&ci, &sb, X, n, Y, &o, th, &info);
          CHECK (st == CVX_OK && info.status == CVX_TRAIN_INTERRUPTED
                 && isfinite (info.objective),
                 "interrupted train opt %d after %ld: st %d status %d", opt,
                 k, st, info.status);
          free (info.hist);
          free (th);
        }
    }
  {
    /* ftol: refused when negative; a settled L-BFGS run ends 'converged'
     * after the window and before its budget */
    cvx_ctx cs = cvx_ctx_stdlib ();
    const size_t N = cvx_net_nparams (&sb);
    double *th = malloc (N * sizeof (double));
    cvx_net_init (&sb, 1, 1.0, th);
    cvx_train_opts o = { CVX_OPT_LBFGS, 0.0, 0.0, 5000, 0, 1, 0.0, 5, 0, -1.0 };
    cvx_train_info info;
    CHECK (cvx_train (&cs, &sb, X, n, Y, &o, th, &info) == CVX_EINVAL,
           "negative ftol accepted");
    o.ftol = 1e-3;
    int st = cvx_train (&cs, &sb, X, n, Y, &o, th, &info);
    CHECK (st == CVX_OK && info.status == CVX_TRAIN_CONVERGED
           && info.iterations > CVX_TRAIN_FWINDOW && info.iterations < 5000,
           "ftol: st %d status %d after %ld iterations", st, info.status,
           info.iterations);
    free (info.hist);
    free (th);
  }
  train_case oc = { &sb, X, Y, n, 0 };
  check_failure_injection ("net objective", objective_trial, &oc, 100);
  free (X);
}

/* ------------------------------------------------------ extreme points */

typedef struct {
  const double *X, *Lam;
  const unsigned char *D;
  size_t n, da, P, K;
} ep_case;

static int
ep_trial (cvx_ctx *c, void *arg)
{
  const ep_case *e = arg;
  double *val = malloc (2 * e->P * sizeof (double));
  double *U = malloc (2 * e->P * e->da * sizeof (double));
  const int st = cvx_extreme_points (c, e->X, e->n, e->da, e->D, e->P,
                                     e->Lam, e->K, val, U);
  free (val);
  free (U);
  return st;
}

static void
test_extreme_points (void)
{
  const size_t n = 25, da = 3, P = 12;
  double *X = randmat (n, da), *Lam = randmat (n, 2);
  for (size_t i = 0; i < n; i++)
    X[2 * n + i] = 1.0;                           /* bias column */
  unsigned char *D = malloc (n * P);
  for (size_t j = 0; j < P; j++)
    {
      double h[3] = { nrand (), nrand (), nrand () };
      for (size_t i = 0; i < n; i++)
        D[j * n + i] = X[i] * h[0] + X[n + i] * h[1] + h[2] >= 0.0;
    }
  cvx_ctx c = cvx_ctx_stdlib ();
  double val[2 * 12], U[2 * 12 * 3], val2[12], U2[12 * 3];
  int st = cvx_extreme_points (&c, X, n, da, D, P, Lam, 1, val, U);
  CHECK (st == CVX_OK, "extreme points: %s", cvx_strerror (st));
  /* K = 1: each value is the projection norm, attained by its direction:
   * +-lam' (X u)_+ = val with u in the cone, |u| = 1 */
  double *work = malloc (cvx_cone_work_size (n, da) * sizeof (double));
  int ok = 1;
  for (size_t j = 0; j < P && st == CVX_OK; j++)
    for (int s = 0; s < 2; s++)
      {
        double g[3] = { 0, 0, 0 }, u[3];
        for (size_t b = 0; b < da; b++)
          for (size_t i = 0; i < n; i++)
            g[b] += (s ? -1.0 : 1.0) * X[b * n + i] * (D[j * n + i] ? Lam[i] : 0.0);
        cvx_cone_project (X, n, da, D + j * n, g, u, work, NULL);
        double pn = sqrt (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        if (pn <= 64.0 * 2.220446049250313e-16
                  * sqrt (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]))
          pn = 0.0;                   /* g in the polar cone */
        const double *uu = U + (j + (size_t) s * P) * da;
        double att = 0.0;
        for (size_t i = 0; i < n; i++)
          {
            const double z = X[i] * uu[0] + X[n + i] * uu[1] + X[2 * n + i] * uu[2];
            att += Lam[i] * (z > 0.0 ? z : 0.0);
          }
        if (fabs (pn - val[j + (size_t) s * P]) > 1e-12 * (1 + pn)
            || (pn > 0 && fabs ((s ? -att : att) - pn) > 1e-9 * (1 + pn)))
          ok = 0;
      }
  CHECK (ok, "K = 1 values are the attained projection norms");
  /* K = 2: attained, and at least every single-output value */
  st = cvx_extreme_points (&c, X, n, da, D, P, Lam, 2, val2, U2);
  double *val1b = malloc (2 * P * sizeof (double)), *Ub = malloc (2 * P * da * sizeof (double));
  cvx_extreme_points (&c, X, n, da, D, P, Lam + n, 1, val1b, Ub);
  ok = st == CVX_OK;
  for (size_t j = 0; j < P && ok; j++)
    {
      const double *uu = U2 + j * da;
      double z0 = 0.0, z1 = 0.0;
      for (size_t i = 0; i < n; i++)
        {
          double z = X[i] * uu[0] + X[n + i] * uu[1] + X[2 * n + i] * uu[2];
          z = z > 0.0 ? z : 0.0;
          z0 += Lam[i] * z;
          z1 += Lam[n + i] * z;
        }
      const double att = sqrt (z0 * z0 + z1 * z1);
      const double single = fmax (fmax (val[j], val[j + P]),
                                  fmax (val1b[j], val1b[j + P]));
      if (fabs (att - val2[j]) > 1e-10 * (1 + att) || val2[j] < single * (1 - 1e-12))
        ok = 0;
    }
  CHECK (ok, "K = 2 values attained and >= the single-output ones");
  free (val1b);
  free (Ub);
  free (work);

  ep_case ec = { X, Lam, D, n, da, P, 2 };
  check_failure_injection ("extreme points", ep_trial, &ec, 50);
  cvx_ctx ci = cvx_ctx_stdlib ();
  ci.interrupted = stop_after;
  polls_left = 0;
  st = cvx_extreme_points (&ci, X, n, da, D, P, Lam, 1, val, U);
  CHECK (st == CVX_EINTERRUPTED, "extreme points interrupted: %d", st);
  free (X);
  free (Lam);
  free (D);
}

/* The polled Cholesky (blocked above 1024) against the definition:
 * L L' = A to rounding, lower triangle only; a matrix that is not
 * positive definite and a Ctrl-C at every block are reported. */
static void
test_potrf_polled (void)
{
  cvx_ctx c = cvx_ctx_stdlib ();
  const size_t sizes[] = { 300, 1500 };
  for (int t = 0; t < 2; t++)
    {
      const size_t n = sizes[t], k = n + 10;
      double *B = randmat (n, k), *A = malloc (n * n * sizeof *A);
      double *L = malloc (n * n * sizeof *L);
      for (size_t i = 0; i < n; i++)          /* A = B B' / k, lower */
        for (size_t j = 0; j <= i; j++)
          {
            double v = 0.0;
            for (size_t q = 0; q < k; q++)
              v += B[q * n + i] * B[q * n + j];
            A[j * n + i] = v / (double) k;
            if (j < i)
              A[i * n + j] = -1e300;        /* never read */
          }
      memcpy (L, A, n * n * sizeof *L);
      int st = cvx_potrf_polled (&c, n, L, n);
      CHECK (st == CVX_OK, "potrf n=%zu: %s", n, cvx_strerror (st));
      double err = 0.0, amax = 0.0;
      for (size_t i = 0; i < n && st == CVX_OK; i += 7)
        for (size_t j = 0; j <= i; j++)
          {
            double v = 0.0;
            for (size_t q = 0; q <= j; q++)
              v += L[q * n + i] * L[q * n + j];
            err = fmax (err, fabs (v - A[j * n + i]));
            amax = fmax (amax, fabs (A[j * n + i]));
          }
      CHECK (err <= 1e-12 * amax * (double) n, "potrf n=%zu: |LL' - A| %g",
             n, err / amax);
      memcpy (L, A, n * n * sizeof *L);      /* break definiteness */
      L[(n - 1) * n + (n - 1)] = -1.0;
      CHECK (cvx_potrf_polled (&c, n, L, n) == CVX_ELAPACK,
             "potrf n=%zu: indefinite", n);
      for (long p = 0; n > 1024 && p < 8; p++)
        {
          cvx_ctx ci = c;
          ci.interrupted = stop_after;
          polls_left = p;
          memcpy (L, A, n * n * sizeof *L);
          CHECK (cvx_potrf_polled (&ci, n, L, n) == CVX_EINTERRUPTED,
                 "potrf interrupted after %ld polls", p);
        }
      free (B);
      free (A);
      free (L);
    }
}

/* -------------------------------------------------------- pattern gates */

typedef struct { const double *X; const unsigned char *D; size_t n, d, P; } gate_case;

static int
gate_trial (cvx_ctx *c, void *arg)
{
  const gate_case *e = arg;
  double *G = malloc (e->d * e->P * sizeof (double));
  size_t bad;
  const int st = cvx_pattern_gates (c, e->X, e->n, e->d, e->D, e->P, G, &bad);
  free (G);
  return st;
}

/* Gates reproduce their patterns exactly; the strict ones with margin 1
 * (the LDP's constraint); a pattern whose rows v and -v are both on (v'h
 * = 0 forced) still gets its gate; a column that is no pattern is
 * reported, and Ctrl-C stops the loop. */
static void
test_pattern_gates (void)
{
  const size_t n = 40, d = 3, P = 10;
  double *X = randmat (n, d);
  X[0] = 1.0, X[n] = 0.0, X[2 * n] = 0.0;         /* row 0: v = e1    */
  X[1] = -1.0, X[n + 1] = 0.0, X[2 * n + 1] = 0.0; /* row 1: -v        */
  unsigned char *D = malloc (n * P);
  double H[10 * 3];
  for (size_t j = 0; j < P; j++)
    {
      double *h = H + j * d;
      h[0] = j == 0 ? 0.0 : nrand ();             /* j = 0: h'v = 0   */
      h[1] = nrand (), h[2] = nrand ();
      for (size_t i = 0; i < n; i++)
        D[j * n + i] = X[i] * h[0] + X[n + i] * h[1] + X[2 * n + i] * h[2] >= 0.0;
    }
  CHECK (D[0] && D[1], "pattern 0 has v and -v on");
  cvx_ctx c = cvx_ctx_stdlib ();
  double G[10 * 3];
  size_t bad = 0;
  int st = cvx_pattern_gates (&c, X, n, d, D, P, G, &bad);
  CHECK (st == CVX_OK && bad == P, "gates: %s, bad %zu", cvx_strerror (st), bad);
  int same = 1, margin = 1;
  for (size_t j = 0; j < P; j++)
    for (size_t i = 0; i < n; i++)
      {
        const double *g = G + j * d;
        const double z = X[i] * g[0] + X[n + i] * g[1] + X[2 * n + i] * g[2];
        same &= (z >= 0.0) == (D[j * n + i] != 0);
        if (j > 0)
          margin &= (D[j * n + i] ? z : -z) >= 1.0 - 1e-9;
      }
  CHECK (same, "each gate's pattern is its column, exactly");
  CHECK (margin, "strictly separable patterns: margin 1");
  /* flip one row of pattern 3 between two rows the direction ranks
   * together: the sign change breaks every halfspace through them */
  unsigned char *E = malloc (n * P);
  memcpy (E, D, n * P);
  for (size_t i = 2; i < n; i++)
    E[3 * n + i] = !E[3 * n + i] ^ (i % 2);
  st = cvx_pattern_gates (&c, X, n, d, E, P, G, &bad);
  CHECK (st == CVX_OK && bad == 3, "not a pattern: column %zu reported", bad);
  gate_case gc = { X, D, n, d, P };
  check_failure_injection ("pattern gates", gate_trial, &gc, 20);
  cvx_ctx ci = cvx_ctx_stdlib ();
  ci.interrupted = stop_after;
  polls_left = 4;
  st = cvx_pattern_gates (&ci, X, n, d, D, P, G, &bad);
  CHECK (st == CVX_EINTERRUPTED, "gates interrupted: %d", st);
  free (E);
  free (D);
  free (X);
}

int
main (void)
{
  test_rng ();
  test_cover_exact ();
  test_degenerate ();
  test_determinism ();
  test_failure_paths ();
  test_cone_projection ();
  test_masks ();
  test_fit ();
  test_fit_cg ();
  test_train ();
  test_extreme_points ();
  test_potrf_polled ();
  test_pattern_gates ();
  printf ("core: %d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}
