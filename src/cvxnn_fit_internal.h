/* cvxnn core: what the convex fit's translation units share.  Not part
 * of the interface in cvxnn_core.h.  The files, in the order of the
 * declarations below:
 *   cvxnn_fit_ops.c     the model's operators: products, penalty, prox
 *   cvxnn_fit_cert.c    the certificate and its record
 *   cvxnn_fit_polish.c  the active-set Newton polish
 *   cvxnn_fit_fista.c   FISTA on a working set (with the polish)
 *   cvxnn_fit_ssn.c     the semismooth Newton augmented Lagrangian
 *                       (its Newton systems: cvxnn_fit_newton.c, its
 *                       sigma: cvxnn_fit_sigma.c, sharing cvxnn_fit_ssn.h)
 *   cvxnn_fit.c         the driver: working sets, cvx_fit
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CVXNN_FIT_INTERNAL_H
#define CVXNN_FIT_INTERNAL_H

#include "cvxnn_core.h"
#include "cvxnn_internal.h"

#include <math.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* What the full problem's workspace and the working sets' share for the
 * whole fit. */
typedef struct {
  cvx_fit_info *info;     /* accumulates loop_time, loop_flops          */
  /* the polish's buffers (row blocks of B, n x nA scratch), kept from one
   * polish to the next: fresh ones cost a page fault per 4 KB each time */
  double *polish_buf;
  size_t polish_cap;      /* doubles */
  /* iteration of the last polish: with no FISTA step since, a polish
   * (even over a grown working set: the reduced problem involves only
   * the active groups) starts from the same point on the same support
   * and returns what the last one did */
  long polished_it;
  /* Ctrl-C seen by a phase with no status of its own (a certificate, a
   * prox, the start's projection, the products): the driver stops there;
   * partial: a product stopped part way, its output not to be used */
  int cut, partial;
  /* the Newton solver's last dual variable y (n K, squared loss; has_y
   * once it has one): -y is a second dual point for the certificates,
   * ybuf (n K) their scratch */
  double *ydual, *ybuf;
  int has_y;
  /* start_ok: the working set is every pattern and its start is the
   * point the driver has just certified, start_rel and start_primal its
   * relative gap and objective: the Newton solver's first certificate
   * would repeat that one (a product over every pattern and, relu, a
   * cone projection for each pattern and sign), so it takes them */
  int start_ok;
  double start_rel, start_primal;
  /* the sigma the Newton solver's last working-set solve ended at (0:
   * none yet): the next working set's solve starts no higher
   * (cvx_ssn_sigma_range), and only the first one is a path's step
   * (cvx_fit_ssn) */
  double sigma_last;
} fit_shared;

typedef struct {
  const cvx_ctx *c;
  const double *X;        /* n x da           */
  size_t n, da, P, K, G;  /* G groups per output: P (gated) or 2P (relu) */
  const unsigned char *D; /* n x P            */
  const double *Y;        /* n x K            */
  const cvx_fit_opts *o;
  double *XU;             /* n x block: X Ueff, or the masked residual;
                             may be borrowed (xu_owned 0)              */
  int xu_owned;
  fit_shared *sh;
  double *Gm;             /* da x PK gradient with respect to Ueff      */
  double *Ueff;           /* da x PK                                    */
  /* cvx_fw_forward's nonzero columns of Ueff, packed at its front: their
   * (output, pattern) indices kP+i, nucol of them */
  size_t *ucol, nucol;
  /* the cone projections' work: nthr of cws = cvx_cone_work_size (n,
   * da), then nthr buffers of 2 da (relu's prox and certificate project
   * on nthr threads; cvx_fw_thread_work) */
  double *cone_work;
  size_t cws;
  int nthr;
  double *zbuf;           /* da                                         */
  /* warm starts of the cone projections (relu): active rows per prox
   * group (G K x da) and per certificate pattern and sign (2 P K x da) */
  size_t *pact, *pnact, *cact, *cnact;
  /* (relu) |Pi_K z| is 1-Lipschitz in z, so |Pi_K z'| <= |Pi_K z| +
   * |z' - z|: each prox group keeps the last z it projected (pz, G K x
   * da) and that projection's norm (pn, G K); each certificate pattern
   * its last X' D_i Lam_k (cg, P K x da) and the two signs' norms (cn,
   * 2 P K).  A group whose bound stays below the threshold needs no
   * projection; HUGE_VAL: nothing kept yet.  cmax: max |X| by column
   * (da), for the projection's tolerance. */
  double *pz, *pn, *cg, *cn;
  double *cmax;
} fit_ws;

/* thread me's cone projection work (w->cws doubles) and its 2 da
 * buffer */
static inline double *
cvx_fw_thread_work (const fit_ws *w, int me)
{
  return w->cone_work + (size_t) me * w->cws;
}

static inline double *
cvx_fw_thread_buf (const fit_ws *w, int me)
{
  return w->cone_work + (size_t) w->nthr * w->cws + (size_t) me * 2 * w->da;
}

/* Ctrl-C in a phase with no status of its own (a certificate, a prox,
 * the start's projection): polled, and noted for the driver */
static inline int
cvx_fw_cut (fit_ws *w)
{
  if (!cvx_interrupted (w->c))
    return 0;
  w->sh->cut = 1;
  return 1;
}

/* the calling thread's number in a parallel region (0 outside one) */
static inline int
cvx_fw_thread_id (void)
{
#ifdef _OPENMP
  return omp_get_thread_num ();
#else
  return 0;
#endif
}

/* In a loop shared among threads: whether to skip this pass, once Ctrl-C
 * said stop (*stop, shared).  Only thread 0, the caller's, polls: the
 * host's poll is not thread safe. */
static inline int
cvx_fw_par_halt (fit_ws *w, int me, int *stop)
{
  int halt;
#ifdef _OPENMP
#pragma omp atomic read
#endif
  halt = *stop;
  if (halt)
    return 1;
  if (me == 0 && cvx_fw_cut (w))
    {
#ifdef _OPENMP
#pragma omp atomic write
#endif
      *stop = 1;
      return 1;
    }
  return 0;
}

/* An upper bound on |Pi_K z| from pn = |Pi_K zl| kept with zl (HUGE_VAL:
 * none kept): for every c >= 0, |Pi_K z| <= c pn + |z - c zl| (K is a
 * cone, Pi_K (c zl) = c Pi_K zl, and the projection is 1-Lipschitz).
 * The least over c: with a = |zl|, rho = pn / a (the cosine of zl's
 * angle to K), z = beta zl / a + z_perp and r = |z_perp|, it is
 * beta rho + r sqrt (1 - rho^2), at c = (beta - rho r / sqrt (1 - rho^2))
 * / a when that is >= 0, else |z| (c = 0).  c = 1 alone, the bound of
 * the last projection moved by z - zl, is no use once sigma has grown:
 * an inactive group's z = -sigma A'y grows with it although its
 * direction, all that matters to the cone, barely moves.  A margin
 * covers the rounding of the norms. */
static inline double
cvx_fw_proj_bound (double pn, const double *z, const double *zl, size_t da)
{
  if (!(pn < HUGE_VAL))
    return HUGE_VAL;
  double a2 = 0.0, zz = 0.0, zd = 0.0;
  for (size_t b = 0; b < da; b++)
    {
      a2 += zl[b] * zl[b];
      zz += z[b] * z[b];
      zd += z[b] * zl[b];
    }
  const double zn = sqrt (zz);
  if (!(a2 > 0.0))
    return (pn + zn) * (1.0 + 1e-12);
  const double a = sqrt (a2), beta = zd / a, q = beta / a;
  double r2 = 0.0;
  for (size_t b = 0; b < da; b++)
    r2 += (z[b] - q * zl[b]) * (z[b] - q * zl[b]);
  const double r = sqrt (r2);
  const double rho = fmin (pn / a, 1.0);
  const double s = sqrt (fmax ((1.0 - rho) * (1.0 + rho), 0.0));
  double ub = zn;
  if (beta * s >= rho * r)
    ub = fmin (zn, beta * rho + r * s);
  return ub * (1.0 + 1e-10) + 1e-14 * zn;
}

/* a pattern and an upper bound on its constraint value: the relu
 * certificate projects in decreasing order of these */
typedef struct {
  double ub;
  size_t i;
} cert_rank;

typedef struct {
  double *hist;
  long cap;
  double t0;
  double *Lam, *ck, *cpat;
  size_t wsize;        /* patterns in the working set                   */
  long shown;          /* log lines printed                             */
  double primal;       /* objective at the last point recorded (NaN:
                          its product was cut short)                    */
  /* what the next full certificate must give exactly in cpat (relu):
   * topk > 0, the topk largest (output, pattern) values above lambda of
   * the patterns outside skip (P; NULL: none skipped), the other values
   * only bounded; topk 0, every value above lambda */
  size_t topk;
  const unsigned char *skip;
  cert_rank *rank;     /* P scratch                                     */
  double *top;         /* P K scratch: the largest values found         */
} recorder;

/* ---- cvxnn_fit_ops.c */
/* F = sum_i D_i X u_i per output (n x K), from the variables U */
void cvx_fw_forward (fit_ws *w, const double *U, double *F);
/* w->Gm(:, kP+i) = X' (D_i .* R(:, k)) for every pattern and output */
void cvx_fw_backward (fit_ws *w, const double *R);
/* the gradient of group g of output k, from w->Gm (buf: da scratch) */
const double *cvx_fw_grad_col (fit_ws *w, size_t k, size_t g, double *buf);
double cvx_fw_nrm2 (const double *x, size_t n);
/* columns a block of the products takes (and XU holds): min (cols,
 * about 1e8 / (n da)) */
size_t cvx_fw_product_block (const fit_ws *w, size_t cols);
/* threads relu's prox and certificate project on: OpenMP's, at most 8,
 * and 1 without it or for small n da */
int cvx_fw_threads (size_t n, size_t da);
/* whether group x (da entries) has a nonzero entry */
int cvx_fw_nonzero (const double *x, size_t da);
/* lambda times the sum of the group norms of U */
double cvx_fw_penalty (const fit_ws *w, const double *U);
/* Xout = prox_{eta lam (|.| + i_K)}(Z), every group (relu: the group
 * shrink of the cone projection, whose active rows stay in w->pact +
 * col da, w->pnact[col]); interrupted (relu), Xout gets Xfall's */
void cvx_fw_prox (fit_ws *w, const double *Z, double eta, double *Xout,
                  const double *Xfall);
/* nonzero groups of U */
size_t cvx_fw_count_active (const fit_ws *w, const double *U);
/* the largest squared singular value of [D_1 X, ..., D_P X] (F: n scratch) */
double cvx_fw_operator_norm2 (fit_ws *w, double *F);

/* ---- cvxnn_fit_cert.c */
/* Certificate of x (F = its model output) over the patterns of w (MATH
 * 2.5), recorded in the history, in info (full == 1) and in the log;
 * returns the relative gap. */
double cvx_fw_record_point (fit_ws *w, recorder *rc, const double *x,
                            const double *F, long it, double eta,
                            cvx_fit_info *info, char tag, int full, int show);

/* the zero network's largest constraint value over the patterns of w,
 * NaN if interrupted (F0: n K scratch) */
double cvx_fw_lambda_max (fit_ws *w, recorder *rc, double *F0);

/* ---- cvxnn_fit_polish.c */
/* The active-set Newton polish of xin (the point of FISTA, full layout):
 * returns 1 and the polished point in xout when it succeeded, 0 when it
 * did not (or does not apply); *err: a status code (CVX_ENOMEM). */
int cvx_fw_polish (fit_ws *w, const double *xin, double *xout, int *err);

/* ---- cvxnn_fit_fista.c */
/* FISTA (+ polishing) on the patterns of w, from x, until the relative
 * gap over those patterns is <= tol, *it reaches max_it or the user
 * interrupts; where the Newton solver takes the problem it runs
 * that first and goes on from where it stalls. */
int cvx_fw_inner_solve (fit_ws *w, recorder *rc, double *x, double tol,
                        long max_it, long *it, cvx_fit_info *info,
                        int *status);

/* The pattern of group column col (output k's groups at k G + g: g < P
 * the patterns' v-groups, relu's w-groups at P + i) */
static inline size_t
cvx_fw_pattern (const fit_ws *w, size_t col)
{
  const size_t g = col % w->G;
  return g < w->P ? g : g - w->P;
}

/* ---- cvxnn_fit_ssn.c */
/* Whether the Newton solver takes this problem: every loss ('Solver'
 * 'ssn'); cross-entropy's directions come from K + 2 dense n x n systems
 * while those pay (ce_dense in cvxnn_fit_ssn.c), else from conjugate
 * gradients (cvxnn_fit_cg.c) */
static inline int
cvx_fw_ssn_takes (const cvx_fit_opts *o)
{
  return o->solver == CVX_SOLVER_SSN;
}

/* Semismooth Newton augmented Lagrangian (cvxnn_fit_ssn.c), every loss,
 * on the patterns of w from x, until the relative gap over those patterns
 * is <= tol, *it reaches max_it or the user interrupts. */
int cvx_fit_ssn (fit_ws *w, recorder *rc, double *x, double tol,
                 long max_it, long *it, cvx_fit_info *info, int *status);

/* ---- cvxnn_fit.c */
/* The workspace of the fit over the patterns D (n x P): X, D, Y, o and sh
 * are the caller's and stay its; xu (may be NULL) lends the products'
 * buffer.  cvx_fw_free releases what cvx_fw_init took, also after it
 * failed. */
int cvx_fw_init (fit_ws *w, const cvx_ctx *c, const double *X, size_t n,
                 size_t da, const unsigned char *D, size_t P, const double *Y,
                 size_t K, const cvx_fit_opts *o, double *xu, fit_shared *sh);
void cvx_fw_free (fit_ws *w);

/* The relu cone projections' warm starts of working set PREV carried to
 * W, whose first PREV->P patterns are PREV's (cvxnn_fit.c) */
void cvx_fit_carry_warm_starts (const fit_ws *prev, fit_ws *w);

/* The working sets of one fit: the full problem's workspace, the current
 * working set's (its own D columns and variables, rebuilt as it grows),
 * and which patterns it holds. */
typedef struct {
  const cvx_ctx *c;
  fit_ws wf, wsub;
  unsigned char *Dsub;    /* n x m                                       */
  double *xs;             /* the working set's variables                 */
  size_t *widx, *order;   /* P: its patterns (m of them); scratch        */
  unsigned char *inW;     /* P: pattern in the working set?              */
  size_t m, parts;        /* parts: 2 (relu: v and w groups) or 1         */
} working_sets;

/* The driver's rounds: the working set's inner tolerance, the last
 * solve's, how many solves there were and whether the last stalled */
typedef struct {
  double tol_in, tol_prev;
  int solves, stalled;
} fit_rounds;

/* The driver's round policy (cvxnn_fit.c), declared here for its unit
 * test */
double cvx_fit_next_round (working_sets *ws, fit_rounds *fr,
                           const double *cpat, double rel,
                           const cvx_fit_opts *o, int ssn);

#endif
