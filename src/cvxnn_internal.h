/* cvxnn core: helpers shared by the core's translation units only (not part
 * of the interface in cvxnn_core.h).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CVXNN_INTERNAL_H
#define CVXNN_INTERNAL_H

#include "cvxnn_core.h"

/* Every buffer a routine takes goes into one list, released together on
 * every exit path; AL_GET needs `int st` and a `done:` label in scope. */
typedef struct {
  const cvx_ctx *c;
  void *p[32];
  int n;
} cvx_alloc_list;

void *cvx_al_get (cvx_alloc_list *a, size_t bytes);
/* hand buffer q to the caller: it is no longer released by the list */
void cvx_al_keep (cvx_alloc_list *a, const void *q);
void cvx_al_release (cvx_alloc_list *a);

#define AL_GET(list, ptr, bytes)                                          \
  do                                                                      \
    {                                                                     \
      const size_t al_bytes_ = (bytes);                                   \
      if (!((ptr) = cvx_al_get (&(list), al_bytes_)))                     \
        {                                                                 \
          st = CVX_ENOMEM;                                                \
          goto done;                                                      \
        }                                                                 \
    }                                                                     \
  while (0)

/* Losses of MATH 1.5 on F, Y (n x K column-major; Y +-1 for logistic,
 * one-hot for cross-entropy; squared loss 0.5 |F - Y|^2, not divided by
 * n).  Returns L(F) and, when R is not NULL, R = grad L(F). */
double cvx_loss_value (int loss, const double *F, const double *Y, size_t n,
                       size_t K, double *R);

/* D(Lam) = -L*(-Lam) (MATH 1.5); Lam must lie in the domain of D. */
double cvx_loss_dual (int loss, const double *Lam, const double *Y, size_t n,
                      size_t K);

/* f += d .* z and m = d .* r for a 0/1 byte mask d (an activation
 * pattern).  Written as products, not as d ? z : 0: gcc does not vectorize
 * the branch, and that way the two mask passes of a FISTA iteration took
 * longer than its two GEMMs (n = 1e4, d = 100, P = 1000: 88 ms against
 * 55 ms; as products 13 ms).  For finite z the values are the same (up to
 * the sign of a zero). */
static inline void
cvx_mask_add (size_t n, const unsigned char *d, const double *z, double *f)
{
  for (size_t j = 0; j < n; j++)
    f[j] += (double) d[j] * z[j];
}

static inline void
cvx_mask_copy (size_t n, const unsigned char *d, const double *r, double *m)
{
  for (size_t j = 0; j < n; j++)
    m[j] = (double) d[j] * r[j];
}

/* the host's interrupt poll (Ctrl-C, SIGTERM); 0 when it has none */
static inline int
cvx_interrupted (const cvx_ctx *c)
{
  return c->interrupted && c->interrupted (c->host);
}

/* a'b, summed in order (the trainer's L-BFGS and the Newton fit) */
static inline double
cvx_dot (const double *a, const double *b, size_t n)
{
  double s = 0.0;
  for (size_t k = 0; k < n; k++)
    s += a[k] * b[k];
  return s;
}

/* cvx_cone_project_warm with cmax_b = max_j |X_jb| given
 * (cvx_cone_colmax): its O(n d) scan is as long as an iteration of the
 * projection, and a fit projects onto the cones of one X thousands of
 * times (cvxnn_cone.c).  below > 0: the
 * caller needs |Pi_K g| only where it exceeds below; once an iterate's
 * norm (an upper bound on it, falling to it) is <= below, the call
 * returns 1 with that iterate in u, not the projection. */
void cvx_cone_colmax (const double *X, size_t n, size_t d, double *cmax);
/* the smallest nonzero and the largest of cmax[0..d-1] (HUGE_VAL and 0
 * when none is nonzero): how far apart the columns' scales lie */
void cvx_cone_colrange (const double *cmax, size_t d, double *small,
                        double *big);
int cvx_cone_project_x (const double *X, size_t n, size_t d,
                        const unsigned char *D, const double *g, double *u,
                        double *work, int *iters, size_t *act, size_t *nact,
                        const double *cmax, double below);

/* Cholesky factor of the n x n lower triangle of A (leading dimension
 * lda) in place, as dpotrf ("L"), Ctrl-C polled between blocks: one
 * dpotrf of the Newton systems' size (n = 11585 within their budget) is
 * 5e11 flops, seconds that no signal can cut short.  Small systems go to
 * dpotrf whole.  CVX_ELAPACK when A is not positive definite
 * (cvxnn_linalg.c). */
int cvx_potrf_polled (const cvx_ctx *c, size_t n, double *A, size_t lda);

/* Level-2 products in calls small enough that a threaded BLAS keeps
 * them on the calling thread (cvxnn_blas_small.c): y = alpha op(A) x +
 * beta y (op(A) = A' where trans, A m x n), and a Householder reflector
 * applied to C (m x n) from the right or left. */
void cvx_gemv_small (int trans, size_t m, size_t n, double alpha,
                     const double *A, size_t lda, const double *x,
                     double beta, double *y);
void cvx_house_apply (int right, size_t m, size_t n, const double *v,
                      double tau, double *C, size_t ldc, double *w);
/* LAPACK's dgeqr2 and dorg2r (m >= n; work n) through cvx_house_apply */
void cvx_geqr2_small (size_t m, size_t n, double *A, size_t lda, double *tau,
                      double *work);
void cvx_org2r_small (size_t m, size_t n, size_t k, double *A, size_t lda,
                      const double *tau, double *work);

/* The cap largest values offered, kept as a min-heap in key[0..*held-1]
 * (key[0] the smallest of them once *held == cap), each with its index j
 * in idx (may be NULL) */
void cvx_top_offer (double *key, size_t *idx, size_t cap, size_t *held,
                    double v, size_t j);

/* *buf grown to hold need doubles, its old content dropped (*cap: what
 * it holds); CVX_ENOMEM, and *cap 0, where that fails */
int cvx_grow_doubles (const cvx_ctx *c, double **buf, size_t *cap,
                      size_t need);

/* Wall clock through the host, 0 without one. */
double cvx_now (const cvx_ctx *c);

#endif
