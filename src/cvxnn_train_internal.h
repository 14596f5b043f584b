/* cvxnn core: what the network and trainer files share (not part of the
 * interface in cvxnn_core.h).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network (cvxnn_net.c): parameter layout, forward and backward passes.
 * The optimizers on its objective: full batch (cvxnn_train_full.c),
 * minibatch (cvxnn_train_sgd.c), and the driver with the iteration log
 * (cvxnn_train.c).
 */
#ifndef CVXNN_TRAIN_INTERNAL_H
#define CVXNN_TRAIN_INTERNAL_H

#include "cvxnn_core.h"
#include "cvxnn_internal.h"

#define CVX_NET_MAX_LAYERS 64

/* offsets of W_l, b_l (or SIZE_MAX) in theta, and of gamma, alpha */
typedef struct {
  size_t W[CVX_NET_MAX_LAYERS], b[CVX_NET_MAX_LAYERS], gamma, alpha, total;
} cvx_net_layout;

/* Buffers of the passes over up to nmax rows. */
typedef struct {
  const cvx_ctx *c;
  const cvx_net *s;
  cvx_net_layout ly;
  size_t nmax;
  double *A[CVX_NET_MAX_LAYERS];  /* A[l]: nmax x w[l], l = 1..L-1        */
  double *zhat;                   /* BN: normalized pre-BN values          */
  double *bnscale, *bnmu;         /* BN: per-unit divisor and mean         */
  double *F, *R;                  /* nmax x K                              */
  double *dA, *dB;                /* nmax x max width: ping-pong           */
  cvx_alloc_list al;
} cvx_net_ws;

int cvx_net_ws_init (cvx_net_ws *w, const cvx_ctx *c, const cvx_net *s,
                     size_t nmax);
void cvx_net_ws_free (cvx_net_ws *w);

/* Loss of the nb <= nmax rows X (nb x d), Y (nb x K) at theta; with g,
 * also g = loss_scale * grad loss + lambda * theta (penalized part).
 * Returns the unscaled loss; *pen receives (lambda/2) |theta_pen|^2. */
double cvx_net_evaluate (cvx_net_ws *w, const double *X, size_t nb,
                         const double *Y, const double *theta,
                         double loss_scale, double *g, double *pen);

/* The history rows of a run, printed on a logarithmic schedule. */
typedef struct {
  const cvx_ctx *c;
  const cvx_train_opts *o;
  double t0;
  double *hist;
  size_t nhist, cap;
  long printed;                     /* last iteration printed, or -1 */
  int st;                           /* CVX_ENOMEM once a row was lost */
} cvx_train_logger;

/* record one history row; print it on a logarithmic schedule
 * (1..10, 20, 30, ..., 100, 200, ...) and always when `last` */
void cvx_train_log (cvx_train_logger *lg, long it, double obj, double gn,
                    double step, int last);

/* the optimizers: set info->status and info->iterations */
int cvx_train_full (cvx_net_ws *w, const double *X, size_t n,
                    const double *Y, const cvx_train_opts *o, double *theta,
                    cvx_train_logger *lg, cvx_train_info *info);
int cvx_train_stochastic (cvx_net_ws *w, const double *X, size_t n,
                          const double *Y, const cvx_train_opts *o,
                          double *theta, cvx_train_logger *lg,
                          cvx_train_info *info);

#endif
