/* cvxnn core unit tests: extreme points, the polled Cholesky and pattern gates.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

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

void
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
void
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
/* The degenerate pattern of test_pattern_gates (rows v = e1 and -v both
 * on, so every gate has h_1 = 0 exactly) on 300 random X.  Found by the
 * old code: 238.  Two causes, both mended: the LDP's h is r(1:d) /
 * r(d+1), so its rounding grows as 1 / |r(d+1)| (h_1 came out -2.8e-13
 * where |h| = 8.9 and r(d+1) = -0.0125, past a cut at 64 eps |h|, 1.1e-13;
 * 248 with that mended); and every true row got margin 0, so rows that
 * need none ended on the boundary at x_i'h = -1e-15 (284 with margin 0
 * only on the infeasibility certificate's rows, 292 with the old way
 * tried last); and that certificate may hold a row that needs no margin
 * 0 either, which ends on the boundary the same way: with each relaxed
 * row given its margin back alone, all 300 (3000 of 3000 in a longer
 * run, where the code before found 2940). */
static void
test_gates_degenerate (void)
{
  const size_t n = 40, d = 3;
  int found = 0;
  for (int trial = 0; trial < 300; trial++)
    {
      double *X = randmat (n, d), h[3], g[3];
      X[0] = 1.0, X[n] = 0.0, X[2 * n] = 0.0;
      X[1] = -1.0, X[n + 1] = 0.0, X[2 * n + 1] = 0.0;
      unsigned char D[40];
      h[0] = 0.0, h[1] = nrand (), h[2] = nrand ();
      for (size_t i = 0; i < n; i++)
        D[i] = X[i] * h[0] + X[n + i] * h[1] + X[2 * n + i] * h[2] >= 0.0;
      cvx_ctx c = cvx_ctx_stdlib ();
      size_t bad = 0;
      const int st = cvx_pattern_gates (&c, X, n, d, D, 1, g, &bad);
      int same = st == CVX_OK && bad == 1;
      for (size_t i = 0; i < n && same; i++)
        same = (X[i] * g[0] + X[n + i] * g[1] + X[2 * n + i] * g[2] >= 0.0)
               == (D[i] != 0);
      found += same;
      free (X);
    }
  CHECK (found == 300, "degenerate patterns: %d of 300 gates found", found);
}

void
test_pattern_gates (void)
{
  test_gates_degenerate ();
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
