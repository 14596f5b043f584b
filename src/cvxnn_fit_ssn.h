/* cvxnn core: what the semismooth Newton augmented Lagrangian's files
 * share: its workspace, the Newton direction (cvxnn_fit_newton.c) that
 * the method's loop (cvxnn_fit_ssn.c) takes, and its penalty parameter's
 * rules (cvxnn_fit_sigma.c).
 * Not part of the interface in cvxnn_core.h.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CVXNN_FIT_SSN_H
#define CVXNN_FIT_SSN_H

#include "cvxnn_fit_internal.h"

/* Doubles the Newton system may take (M and V): 1 GiB.  Beyond it the
 * solver gives way to the first-order one (see cvx_fit_ssn). */
#ifndef CVX_SSN_BUDGET
#define CVX_SSN_BUDGET ((size_t) 1 << 27)
#endif

/* a column the CG preconditioner may keep, and its weight */
typedef struct {
  double w;
  size_t a;
} cvx_pc_pick;

typedef struct {
  fit_ws *w;
  double sigma;
  size_t nv;                /* G K da                                   */
  double *y, *grad, *dir, *ytry, *Fx;     /* n x K                      */
  double *xt, *wv;          /* nv: prox output and its argument         */
  double *xbest;            /* nv: the multiplier that certified best   */
  double psi;
  double *M;                /* n x rmax: A_k J^{1/2} over active groups */
  double *V;                /* min(n, rmax)^2                           */
  size_t rmax;
  double *Xw, *Qr, *tau, *qv, *qwork;  /* n; da x da; da; da; 64 da      */
  double *hs, *gs;          /* n K: H^{-1/2} (logistic, cross-entropy;
                               cvx_ssn_hscale) and the scaled
                               gradient                                  */
  int logistic;
  /* cross-entropy: h* couples a row's outputs (sum_k y_jk = 0); its
   * Newton step keeps that (cvxnn_fit_newton.c): the K factored output
   * systems, the n x n system of the constraint's multiplier and a
   * scratch one (K + 2 n x n; NULL where ce_dense (cvxnn_fit_ssn.c)
   * leaves the directions to conjugate gradients) */
  int ce;
  double *Vk;
  /* X X' (n x n, lower) for gram_system, formed at its first use where
   * it takes at most a quarter of the system's budget (gram_tried);
   * v_ready: s->V already holds the data-space system, factor it as it
   * is */
  double *gram;
  int gram_tried, v_ready;
  size_t *cols;             /* active columns of one output             */
  int too_large;            /* a Newton system over the memory budget,
                               or without a Cholesky factor           */
  int floored;              /* the last subproblem ended at rounding's
                               floor short of its tolerance             */
  double ynorm;             /* 1 + |Y|: the scale of grad psi           */
  /* cvx_ssn_cg_direction's vectors (4 n K and a block of the products)
   * and its cg_m active columns */
  double *cg;
  size_t *cg_act, cg_m;
  /* the faces' row spaces for the CG products (cvxnn_fit_cg.c): per
   * active column a, face_m[a] orthonormal columns of da at face +
   * face_at[a]; SIZE_MAX: not kept, formed at each product */
  double *face;
  size_t face_cap, *face_m, *face_at;
  int cg_steps;             /* the last direction's CG steps (0: formed) */
  /* the CG preconditioner (cvxnn_fit_pcg.c): pc_cap doubles at pc;
   * pc_idx: the rows each pattern turns on (P; SIZE_MAX: not counted
   * yet) and each output's order (K); pc_pick: the columns it keeps
   * (G K) */
  double *pc;
  size_t pc_cap, *pc_idx;
  cvx_pc_pick *pc_pick;
} ssn_ws;

/* H^{-1/2} of output k's rows (the logistic and cross-entropy losses
 * scale their systems' rows by it), NULL for the squared loss */
static inline const double *
cvx_ssn_hscale (const ssn_ws *s, size_t k)
{
  return s->logistic || s->ce ? s->hs + k * s->w->n : NULL;
}

/* The Newton direction (into s->dir) of psi at the current prox (s->xt)
 * and gradient (s->grad), per output; a status (CVX_ETOOLARGE: the
 * system is over the budget; CVX_EINTERRUPTED). */
int cvx_ssn_newton_direction (ssn_ws *s);

/* The same direction by conjugate gradients on the system's products
 * (cvxnn_fit_cg.c), where forming the system would cost more than a few
 * dozen of them, or take more than the budget; a status. */
int cvx_ssn_cg_direction (ssn_ws *s);

/* The preconditioner of cvx_ssn_cg_direction's system at the current
 * prox (cvxnn_fit_pcg.c), and z = its inverse times v (n K) */
int cvx_ssn_pc_build (ssn_ws *s);
void cvx_ssn_pc_apply (const ssn_ws *s, const double *v, double *z);

/* An orthonormal basis of the m active rows of the face of column col
 * (pattern i, relu, 0 < m < da) into Qm (da x m); returns m */
size_t cvx_ssn_face_row_basis (ssn_ws *s, size_t col, size_t i, double *Qm);

/* An orthonormal basis (into s->Qr, its first da - k columns the face's
 * active rows) of the null space N of the relu projection's active rows
 * of column col (pattern i); k = dim N, *z0 its first column. */
size_t cvx_ssn_face_null_basis (ssn_ws *s, size_t col, size_t i,
                                const double **z0);

/* The dual start at the multiplier x (into s->y; s->Fx = A x): the loss
 * gradient at A x, scaled when PATH_STEP (x solves a larger lambda);
 * returns the factor (cvxnn_fit_ssn.c, scale_start) */
double cvx_ssn_start (ssn_ws *s, const double *x, int path_step);

/* psi, its gradient and the prox at y (into s->psi, s->grad, s->xt) */
void cvx_ssn_psi_eval (ssn_ws *s, const double *x, const double *y);

/* ---- cvxnn_fit_sigma.c */
/* sigma's start (cold, or warm from x: CONTINUES, a solution one step
 * up a path) and its cap */
void cvx_ssn_sigma_range (const fit_ws *w, const double *x, int continues,
                          double *sigma0, double *sigma_max);

/* A warm start's sigma (s->sigma) scaled down for logistic and
 * cross-entropy, from the first prox of the start's dual point s->y */
void cvx_ssn_temper_sigma (ssn_ws *s, const double *x);

/* sigma after a subproblem, at the new multiplier x: times grow, within
 * sigma_max and *sigma_cap (lowered when the subproblem ended at
 * rounding's floor) */
void cvx_ssn_next_sigma (ssn_ws *s, const double *x, double sigma_max,
                         double grow, double tol, double *sigma_cap);

/* A subproblem that ended far from solved gives no multiplier step: 1,
 * and sigma a tenth (cvxnn_fit_sigma.c). */
int cvx_ssn_retry (ssn_ws *s, int conv, double g0);

#endif
