/* cvxnn core: projection onto the cone of an activation pattern.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 3.1 / 9.1: for the pattern D (n rows, 0/1) the cone is
 * K = {u : (2D - I) X u >= 0}.  With A = (2D - I) X, by Moreau
 *     Pi_K(g) = g + A' rho*,   rho* = argmin_{rho >= 0} ||g + A' rho||^2,
 * an NNLS problem with n unknowns and d equations.  Lawson-Hanson's active
 * set method solves it with finite termination: at most d rows are ever
 * active together, each step is a least-squares solve with those rows.
 * |Pi_K(g)| = max_{u in K, |u| <= 1} g'u is the per-pattern dual constraint
 * value (MATH 2.5 step 3, 4.3), and group-shrinking Pi_K(z) is the exact
 * prox of t|.| + i_K used by the cone-constrained fit (MATH 4.4).
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

size_t
cvx_cone_work_size (size_t n, size_t d)
{
  /* Xu (n) + active rows d*d + QR copy d*d + rhs d + z d + rho d + lsq work */
  return n + 3 * d * d + 4 * d + 64 * (d + 1);
}

/* Solve min_z |g + B z| for B = [s_j x_j]_{j in P} (d x p) via dgels on a
 * copy; z receives -B^+ g.  Returns 0, or -1 if B is rank deficient. */
static int
active_lsq (const double *X, size_t n, size_t d, const size_t *P, size_t p,
            const double *sgn, const double *g, double *B, double *rhs,
            double *z, double *work, size_t lwork)
{
  for (size_t a = 0; a < p; a++)
    for (size_t b = 0; b < d; b++)
      B[a * d + b] = sgn[a] * X[b * n + P[a]];
  for (size_t b = 0; b < d; b++)
    rhs[b] = -g[b];
  const blas_int m = (blas_int) d, nn = (blas_int) p, one = 1;
  const blas_int ldb = (blas_int) (d > p ? d : p);
  blas_int info = 0, lw = (blas_int) lwork;
  dgels_ ("N", &m, &nn, &one, B, &m, rhs, &ldb, work, &lw, &info);
  if (info != 0)
    return -1;
  for (size_t a = 0; a < p; a++)
    z[a] = rhs[a];
  return 0;
}

int
cvx_cone_project (const double *X, size_t n, size_t d,
                  const unsigned char *D, const double *g, double *u,
                  double *work, int *iters)
{
  return cvx_cone_project_warm (X, n, d, D, g, u, work, iters, NULL, NULL);
}

double
cvx_cone_xmax (const double *X, size_t n, size_t d)
{
  double xmax = 0.0;
  for (size_t k = 0; k < n * d; k++)
    if (fabs (X[k]) > xmax)
      xmax = fabs (X[k]);
  return xmax;
}

int
cvx_cone_project_warm (const double *X, size_t n, size_t d,
                       const unsigned char *D, const double *g, double *u,
                       double *work, int *iters, size_t *act, size_t *nact)
{
  return cvx_cone_project_x (X, n, d, D, g, u, work, iters, act, nact,
                             cvx_cone_xmax (X, n, d));
}

int
cvx_cone_project_x (const double *X, size_t n, size_t d,
                    const unsigned char *D, const double *g, double *u,
                    double *work, int *iters, size_t *act, size_t *nact,
                    double xmax)
{
  /* work layout */
  double *xu = work;                      /* n   */
  double *B = xu + n;                     /* d*d */
  double *rhs = B + d * d;                /* d (>= p) */
  double *z = rhs + d;                    /* d   */
  double *rho = z + d;                    /* d   */
  double *sgn = rho + d;                  /* d   */
  double *lsw = sgn + d;                  /* 64 (d+1) */
  size_t *P = (size_t *) (lsw + 64 * (d + 1));  /* d, fits in 2 d*d */
  const size_t lwork = 64 * (d + 1);
  size_t p = 0;
  int it = 0, dependent = 0;
  const blas_int bn = (blas_int) n, bd = (blas_int) d, inc = 1;
  const double one = 1.0, zero = 0.0;
  double gn = 0.0;

  for (size_t b = 0; b < d; b++)
    gn += g[b] * g[b];
  gn = sqrt (gn);
  /* a constraint row is satisfied when s_j x_j'u >= -tol */
  const double tol = 64.0 * DBL_EPSILON * (gn + 1e-300) * xmax * (double) d;

  memcpy (u, g, d * sizeof (double));
  /* Warm start from the rows active last time: least squares on them,
   * keep the rows whose multipliers stay positive and solve again, until
   * all are; rho >= 0 with its support is then a valid Lawson-Hanson
   * state.  Consecutive prox steps change a group's active set rarely, so
   * this replaces p one-row-at-a-time steps by one solve. */
  if (act && nact && *nact > 0 && *nact <= d)
    {
      p = *nact;
      for (size_t a = 0; a < p; a++)
        {
          P[a] = act[a];
          sgn[a] = D[P[a]] ? 1.0 : -1.0;
        }
      while (p > 0)
        {
          if (active_lsq (X, n, d, P, p, sgn, g, B, rhs, z, lsw, lwork))
            {
              p = 0;
              break;
            }
          size_t q = 0;
          for (size_t a = 0; a < p; a++)
            if (z[a] > 0.0)
              {
                P[q] = P[a];
                sgn[q] = sgn[a];
                rho[q] = z[a];
                q++;
              }
          if (q == p)
            break;
          p = q;
        }
      memcpy (u, g, d * sizeof (double));
      for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < d; b++)
          u[b] += rho[a] * sgn[a] * X[b * n + P[a]];
    }
  for (;;)
    {
      if (++it > 3 * (int) (d + n) + 30)
        break;                            /* safeguard; never seen */
      /* xu = X u; most violated row outside P */
      dgemv_ ("N", &bn, &bd, &one, X, &bn, u, &inc, &zero, xu, &inc);
      size_t jmax = n;
      double wmax = tol;
      for (size_t j = 0; j < n; j++)
        {
          const double s = D[j] ? 1.0 : -1.0;
          const double v = -s * xu[j];    /* > 0: row j violated */
          if (v > wmax)
            {
              int inP = 0;
              for (size_t a = 0; a < p; a++)
                inP |= (P[a] == j);
              if (!inP)
                {
                  wmax = v;
                  jmax = j;
                }
            }
        }
      if (jmax == n || p == d)
        break;
      P[p] = jmax;
      sgn[p] = D[jmax] ? 1.0 : -1.0;
      rho[p] = 0.0;
      p++;
      /* inner loop: keep rho >= 0 */
      for (;;)
        {
          if (active_lsq (X, n, d, P, p, sgn, g, B, rhs, z, lsw, lwork))
            {
              /* The new row depends on the active ones (Lawson-Hanson
               * keeps them independent in exact arithmetic; rounding with
               * tied rows can break that): keep the last solution. */
              p--;
              dependent = 1;
              break;
            }
          double alpha = 2.0;
          size_t amin = p;
          for (size_t a = 0; a < p; a++)
            if (z[a] <= 0.0)
              {
                const double t = rho[a] / (rho[a] - z[a]);
                if (t < alpha)
                  {
                    alpha = t;
                    amin = a;
                  }
              }
          if (amin == p)
            {
              memcpy (rho, z, p * sizeof (double));
              break;
            }
          for (size_t a = 0; a < p; a++)
            rho[a] += alpha * (z[a] - rho[a]);
          /* remove the rows whose rho reached 0 */
          size_t q = 0;
          for (size_t a = 0; a < p; a++)
            if (a != amin && rho[a] > 0.0)
              {
                P[q] = P[a];
                sgn[q] = sgn[a];
                rho[q] = rho[a];
                q++;
              }
          p = q;
          if (p == 0)
            break;
        }
      /* u = g + sum_a rho_a s_a x_a */
      memcpy (u, g, d * sizeof (double));
      for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < d; b++)
          u[b] += rho[a] * sgn[a] * X[b * n + P[a]];
      if (dependent)
        break;
    }
  if (iters)
    *iters = it;
  if (act && nact)
    {
      for (size_t a = 0; a < p; a++)
        act[a] = P[a];
      *nact = p;
    }
  return CVX_OK;
}
