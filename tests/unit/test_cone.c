/* cvxnn core unit tests: the projection onto a pattern's cone.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "unit.h"

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
void
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

/* The candidate cache (n >= 8 (4 d + 32)): the steps scan the rows most
 * violated at the last full scan.  The same projection as the same
 * cone without the cache: X padded with zero columns to d + 40 (the
 * cone's rows are zero there, so Pi_K'([g; 0]) = [Pi_K g; 0]), where the
 * cache is off; from g = X' D y as the fits project (most rows
 * violated), cold, warm, and asked for a bound. */
static void
test_cone_cache (void)
{
  enum { M = 1500, DS = 6, DP = DS + 40 };
  double *X = randmat (M, DS), *Xp = calloc (M * DP, sizeof (double));
  double *work = malloc (cvx_cone_work_size (M, DP) * sizeof (double));
  double g[DP], u0[DP], u1[DP], y[M], cm[DS];
  unsigned char E[M];
  size_t act[DS], nact = 0;
  memcpy (Xp, X, M * DS * sizeof (double));
  cvx_cone_colmax (X, M, DS, cm);
  int same = 1, warm = 1, bound = 1, maxit = 0;
  for (int trial = 0; trial < 100; trial++)
    {
      random_pattern_and_vector (X, M, DS, E, g);
      for (size_t j = 0; j < M; j++)
        y[j] = nrand ();
      for (size_t b = 0; b < DP; b++)
        {
          g[b] = 0.0;
          for (size_t j = 0; j < M && b < DS; j++)
            g[b] += (trial % 2 ? E[j] : !E[j]) * Xp[b * M + j] * y[j];
        }
      int it = 0;
      cvx_cone_project (X, M, DS, E, g, u0, work, &it);
      maxit = it > maxit ? it : maxit;
      cvx_cone_project (Xp, M, DP, E, g, u1, work, NULL);
      const double gn = sqrt (cvx_dot (g, g, DS));
      for (size_t b = 0; b < DP; b++)
        same &= fabs ((b < DS ? u0[b] : 0.0) - u1[b]) <= 1e-10 * gn;
      cvx_cone_project_warm (X, M, DS, E, g, u1, work, NULL, act, &nact);
      cvx_cone_project_warm (X, M, DS, E, g, u1, work, NULL, act, &nact);
      for (size_t b = 0; b < DS; b++)
        warm &= fabs (u0[b] - u1[b]) <= 1e-10 * gn;
      const double pn = sqrt (cvx_dot (u0, u0, DS));
      const int r = cvx_cone_project_x (X, M, DS, E, g, u1, work, NULL, NULL,
                                        NULL, cm, 1.5 * pn);
      const double un = sqrt (cvx_dot (u1, u1, DS));
      bound &= r == 1 ? un <= 1.5 * pn && un >= pn * (1.0 - 1e-12)
                      : fabs (un - pn) <= 1e-10 * gn;
    }
  CHECK (same, "the candidate cache: the projection without it");
  CHECK (warm, "the candidate cache: warm starts, the same projection");
  CHECK (bound, "the candidate cache: a stop below a bound bounds it");
  CHECK (maxit <= 8 * DS, "the candidate cache: %d steps", maxit);
  free (X);
  free (Xp);
  free (work);
}

/* cvx_fw_proj_bound: |Pi_K z| from a projection kept at zl, the bound
 * least over every scaling c of zl.  Never below the exact projection's
 * norm (from the exact |Pi_K zl|, and from an upper bound on it, as an
 * early-stopped projection keeps), never above the bound of c = 1
 * (|Pi_K zl| + |z - zl|), and for z = 3 zl (an inactive group after
 * sigma has tripled) 3 |Pi_K zl|, where c = 1 says |Pi_K zl| + 2 |zl|. */
static void
test_proj_bound (const double *Y, size_t m, size_t d, double *work)
{
  unsigned char E[30];
  double zl[4], z[4], u[4];
  int valid = 1, tighter = 1, scaled = 1;
  for (int trial = 0; trial < 400; trial++)
    {
      random_pattern_and_vector (Y, m, d, E, zl);
      const int kind = trial % 4;
      const double c = kind == 0 ? 3.0 : 10.0 * urand ();
      for (size_t b = 0; b < d; b++)
        z[b] = kind == 3 ? nrand () : c * zl[b] + (kind == 0 ? 0.0 : 1e-3 * nrand ());
      cvx_cone_project (Y, m, d, E, zl, u, work, NULL);
      const double pn = sqrt (cvx_dot (u, u, d));
      cvx_cone_project (Y, m, d, E, z, u, work, NULL);
      const double exact = sqrt (cvx_dot (u, u, d));
      double dz = 0.0, an = sqrt (cvx_dot (zl, zl, d));
      for (size_t b = 0; b < d; b++)
        dz += (z[b] - zl[b]) * (z[b] - zl[b]);
      const double ub = cvx_fw_proj_bound (pn, z, zl, d);
      const double over = cvx_fw_proj_bound (pn + urand () * an, z, zl, d);
      valid &= ub >= exact * (1.0 - 1e-12) && over >= exact * (1.0 - 1e-12);
      tighter &= ub <= (pn + sqrt (dz)) * (1.0 + 1e-9);
      if (kind == 0)
        scaled &= fabs (ub - 3.0 * pn) <= 1e-9 * (1.0 + an);
    }
  CHECK (valid, "the projection bound is never below |Pi_K z|");
  CHECK (tighter && scaled, "the projection bound is at most the c = 1 "
         "bound, and 3 |Pi_K zl| at z = 3 zl");
  double zero[4] = { 0.0, 0.0, 0.0, 0.0 };
  CHECK (cvx_fw_proj_bound (1.0, zero, zl, d) == 0.0
         && cvx_fw_proj_bound (HUGE_VAL, z, zl, d) == HUGE_VAL,
         "the projection bound at z = 0, and with none kept");
}

/* d = 2: max_{u in K, |u| = 1} g'u must equal |Pi_K(g)| (MATH 3.1,
 * Moreau).  Brute force, exactly: in the plane the maximizer is g/|g| if
 * that is in K, else an edge of K, i.e. one of the rays +-perp(x_j). */
void
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

  test_proj_bound (Y, m, d, work);
  free (Y);
  test_cone_scaled ();
  test_cone_cache ();
}
