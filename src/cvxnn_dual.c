/* cvxnn core: extreme points of the dual constraint set.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 2.1, 3.1, 3.2: for a dual point Lam (n x K) the dual constraint is
 *   c(Lam) = max_{|u| <= 1} |Lam' (X u)_+| <= lambda,
 * and on the cone K_i of pattern D_i, (X u)_+ = D_i X u.  Per pattern:
 *   K = 1: max_{u in K_i, |u| <= 1} s lam' D_i X u = |Pi_Ki(s X' D_i lam)|
 *          for each sign s (Moreau; the projection is an exact NNLS, see
 *          cvxnn_cone.c), with maximizer Pi/|Pi|: the extreme points.
 *   K > 1: max_{u in K_i, |u| <= 1} |Lam' D_i X u| is nonconvex (MATH 3.2);
 *          alternating exact maximization over u (a cone projection) and
 *          over the unit output direction v, from the best single-output
 *          solution, gives a monotone lower estimate.
 * The products X' D_i Lam for a block of patterns are one GEMM.
 */
#include "cvxnn_core.h"
#include "cvxnn_blas.h"
#include "cvxnn_internal.h"

#include <float.h>
#include <math.h>
#include <string.h>

static double
norm2 (const double *x, size_t n)
{
  double s = 0.0;
  for (size_t k = 0; k < n; k++)
    s += x[k] * x[k];
  return sqrt (s);
}

/* |Pi_K(g)| with rounding-level results set to 0: when g lies in the polar
 * cone the projection is 0 and what comes back is cancellation noise,
 * whose direction means nothing */
static double
projection_norm (const double *X, size_t n, size_t da,
                 const unsigned char *Dj, const double *g, double *u,
                 double *work)
{
  cvx_cone_project (X, n, da, Dj, g, u, work, NULL);
  const double cu = norm2 (u, da);
  if (cu <= 64.0 * DBL_EPSILON * norm2 (g, da))
    {
      memset (u, 0, da * sizeof (double));
      return 0.0;
    }
  return cu;
}

/* best of the 2K single-output projections of pattern column G (da x K) */
static double
best_single (const double *X, size_t n, size_t da, const unsigned char *Dj,
             const double *G, size_t K, double *g, double *u, double *best,
             double *work)
{
  double cbest = -1.0;
  for (size_t k = 0; k < K; k++)
    for (int s = -1; s <= 1; s += 2)
      {
        for (size_t b = 0; b < da; b++)
          g[b] = s * G[k * da + b];
        const double cu = projection_norm (X, n, da, Dj, g, u, work);
        if (cu > cbest)
          {
            cbest = cu;
            memcpy (best, u, da * sizeof (double));
          }
      }
  return cbest;
}

/* The buffers of one call; G's columns are X' D_i Lam_k. */
typedef struct {
  const double *X, *Lam;
  size_t n, da, K;
  double *work, *g, *u, *best, *z, *xu;
} ep_ws;

/* K > 1: alternating maximization from the best single column of Lam,
 * v = Lam' D_i X u / |.|, then u = Pi_K (X' D_i Lam v); the unit
 * direction goes to Uo and the value returned is that of Uo. */
static double
alternate (ep_ws *w, const unsigned char *Dj, const double *Gj, double *Uo)
{
  const double *X = w->X, *Lam = w->Lam;
  const size_t n = w->n, da = w->da, K = w->K;
  double *best = w->best, *xu = w->xu, *z = w->z, *g = w->g;
  double cbest = best_single (X, n, da, Dj, Gj, K, g, w->u, best, w->work);
  if (cbest > 0.0)
    for (int it = 0; it < 100; it++)
      {
        const double nb_ = norm2 (best, da);
        for (size_t r = 0; r < n; r++)
          {
            double s = 0.0;
            for (size_t b = 0; b < da; b++)
              s += X[b * n + r] * best[b];
            xu[r] = Dj[r] ? s / nb_ : 0.0;
          }
        for (size_t k = 0; k < K; k++)
          {
            double s = 0.0;
            for (size_t r = 0; r < n; r++)
              s += Lam[k * n + r] * xu[r];
            z[k] = s;
          }
        const double cz = norm2 (z, K);
        if (!(cz > 0.0))
          break;
        for (size_t b = 0; b < da; b++)
          {
            double s = 0.0;
            for (size_t k = 0; k < K; k++)
              s += Gj[k * da + b] * z[k] / cz;
            g[b] = s;
          }
        const double cu = projection_norm (X, n, da, Dj, g, w->u, w->work);
        if (!(cu > cbest * (1.0 + 1e-13)))
          break;
        cbest = cu;
        memcpy (best, w->u, da * sizeof (double));
      }
  const double nb_ = norm2 (best, da);
  for (size_t b = 0; b < da; b++)
    Uo[b] = nb_ > 0.0 ? best[b] / nb_ : 0.0;
  for (size_t r = 0; r < n; r++)
    {
      double s = 0.0;
      for (size_t b = 0; b < da; b++)
        s += X[b * n + r] * Uo[b];
      xu[r] = s > 0.0 ? s : 0.0;
    }
  for (size_t k = 0; k < K; k++)
    {
      double s = 0.0;
      for (size_t r = 0; r < n; r++)
        s += Lam[k * n + r] * xu[r];
      z[k] = s;
    }
  return nb_ > 0.0 ? norm2 (z, K) : 0.0;
}

/* K = 1: both signs exactly, value and unit maximizer of each */
static void
both_signs (ep_ws *w, const unsigned char *Dj, const double *Gj, size_t i,
            size_t P, double *val, double *U)
{
  const size_t da = w->da;
  for (int s = 0; s < 2; s++)
    {
      for (size_t b = 0; b < da; b++)
        w->g[b] = s ? -Gj[b] : Gj[b];
      const double cu = projection_norm (w->X, w->n, da, Dj, w->g, w->u,
                                         w->work);
      double *Uo = U + (i + (size_t) s * P) * da;
      val[i + (size_t) s * P] = cu;
      for (size_t b = 0; b < da; b++)
        Uo[b] = cu > 0.0 ? w->u[b] / cu : 0.0;
    }
}

int
cvx_extreme_points (const cvx_ctx *c, const double *X, size_t n, size_t da,
                    const unsigned char *D, size_t P, const double *Lam,
                    size_t K, double *val, double *U)
{
  if (n == 0 || da == 0 || K == 0)
    return CVX_EINVAL;
  if (!cvx_blas_fits (n) || !cvx_blas_fits (da) || !cvx_blas_fits (n * K))
    return CVX_ETOOLARGE;
  /* patterns per block: the masked copies of Lam stay near 32 MB */
  size_t pb = (size_t) 4 << 20;
  pb = pb / (n * K) > 0 ? pb / (n * K) : 1;
  pb = pb < P ? pb : (P ? P : 1);
  if (!cvx_blas_fits (pb * K))
    return CVX_ETOOLARGE;
  int st = CVX_OK;
  cvx_alloc_list al = { c, { 0 }, 0 };
  ep_ws w = { X, Lam, n, da, K, NULL, NULL, NULL, NULL, NULL, NULL };
  double *M, *G;
  AL_GET (al, M, n * pb * K * sizeof (double));
  AL_GET (al, G, da * pb * K * sizeof (double));
  AL_GET (al, w.work, cvx_cone_work_size (n, da) * sizeof (double));
  AL_GET (al, w.g, da * sizeof (double));
  AL_GET (al, w.u, da * sizeof (double));
  AL_GET (al, w.best, da * sizeof (double));
  AL_GET (al, w.z, K * sizeof (double));
  AL_GET (al, w.xu, n * sizeof (double));
  for (size_t j0 = 0; j0 < P; j0 += pb)
    {
      if (cvx_interrupted (c))
        {
          st = CVX_EINTERRUPTED;
          goto done;
        }
      const size_t nb = P - j0 < pb ? P - j0 : pb;
      for (size_t j = 0; j < nb; j++)
        for (size_t k = 0; k < K; k++)
          cvx_mask_copy (n, D + (j0 + j) * n, Lam + k * n,
                         M + (j * K + k) * n);
      const blas_int bn = (blas_int) n, bda = (blas_int) da,
                     bcols = (blas_int) (nb * K);
      const double one = 1.0, zero = 0.0;
      dgemm_ ("T", "N", &bda, &bcols, &bn, &one, X, &bn, M, &bn, &zero, G,
              &bda);
      for (size_t j = 0; j < nb; j++)
        {
          const size_t i = j0 + j;
          if (K == 1)
            both_signs (&w, D + i * n, G + j * da, i, P, val, U);
          else
            val[i] = alternate (&w, D + i * n, G + j * K * da, U + i * da);
        }
    }
done:
  cvx_al_release (&al);
  return st;
}
