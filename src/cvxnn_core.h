/* cvxnn numerical core: public interface.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules for everything behind this header (see DEVELOPERS.md):
 *   - plain C99, no Octave/MEX headers: the same code runs under the MEX
 *     gateways, the C unit tests and any other host;
 *   - memory comes from the caller's allocator (cvx_ctx.alloc) and every
 *     function releases what it took on every return path;
 *   - failures are reported as cvx_status codes, never by exiting;
 *   - long loops poll cvx_ctx.interrupted and return CVX_EINTERRUPTED.
 */
#ifndef CVXNN_CORE_H
#define CVXNN_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CVX_OK = 0,
  CVX_ENOMEM = 1,        /* allocator returned NULL                        */
  CVX_EINTERRUPTED = 2,  /* the host's interrupted() callback said stop     */
  CVX_EINVAL = 3,        /* argument out of range (caller bug)              */
  CVX_ETOOLARGE = 4,     /* size does not fit the BLAS integer / limits     */
  CVX_ELAPACK = 6        /* a LAPACK routine reported failure               */
} cvx_status;

const char *cvx_strerror (int status);

/* Injected allocator.  In the MEX gateways this is mxMalloc & co., so that
 * Octave reclaims everything if an error unwinds the gateway. */
typedef struct {
  void *(*malloc_fn) (size_t bytes, void *ctx);
  void *(*realloc_fn) (void *p, size_t bytes, void *ctx);
  void (*free_fn) (void *p, void *ctx);
  void *ctx;
} cvx_allocator;

/* Host services.  Any callback may be NULL. */
typedef struct {
  cvx_allocator alloc;
  int (*interrupted) (void *host);            /* nonzero: stop now          */
  void (*progress) (void *host, const char *line); /* one line, no newline */
  double (*seconds) (void *host);             /* wall clock, for logs     */
  void *host;
} cvx_ctx;

/* A ctx using malloc/realloc/free and no callbacks (unit tests, tools). */
cvx_ctx cvx_ctx_stdlib (void);

/* ------------------------------------------ RNG (cvxnn_common.c) */
/* xoshiro256** seeded through splitmix64; Gaussians by Marsaglia's polar
 * method with an arithmetic-only logarithm, so that a seed produces the
 * same bits on every IEEE-754 machine (compile without FMA contraction). */
typedef struct { uint64_t s[4]; double spare; int has_spare; } cvx_rng;

void cvx_rng_seed (cvx_rng *r, uint64_t seed);
uint64_t cvx_rng_next (cvx_rng *r);
double cvx_rng_uniform (cvx_rng *r);      /* in [0, 1), 53 random bits      */
double cvx_rng_normal (cvx_rng *r);       /* standard normal                */
uint64_t cvx_splitmix64 (uint64_t *state);
double cvx_log (double x);                /* deterministic ln for x > 0     */

/* ------------------------------- activation patterns (cvxnn_arr_*.c) */
/* A set of distinct ReLU activation patterns 1[Xa h >= 0] of the rows of
 * Xa = [X, 1] (bias) or X, stored bit-packed: pattern j occupies
 * bits[j*nwords .. j*nwords+nwords-1], row i in bit (i % 64) of word i/64.
 * dirs holds one generating direction h (length da) per pattern.  The
 * all-zero pattern is counted (for the unseen-mass estimate) but never
 * stored. */
typedef struct {
  size_t n, d, da;         /* rows, columns of X, da = d + bias            */
  int bias;
  size_t nwords;           /* ceil(n / 64)                                 */
  size_t count, cap;       /* stored patterns, capacity                    */
  uint64_t *bits;          /* cap * nwords                                 */
  double *dirs;            /* cap * da                                     */
  uint64_t *hits;          /* cap: how many evaluated directions gave it   */
  uint64_t *hashes;        /* cap: hash of each stored pattern             */
  uint64_t zero_hits;      /* directions that gave the all-zero pattern    */
  uint64_t evaluated;      /* directions evaluated in total                */
  size_t *table;           /* open-addressing hash table of indices + 1    */
  size_t table_size;       /* power of two                                 */
} cvx_patterns;

typedef enum { CVX_ARR_SAMPLE = 0, CVX_ARR_EXACT = 1, CVX_ARR_AUTO = 2 } cvx_arr_method;

typedef struct {
  int method;      /* what was used: CVX_ARR_SAMPLE or CVX_ARR_EXACT         */
  int exact;       /* 1 if the result is the complete set of cells           */
  int rank;        /* rank of Xa, or -1 when not computed (plain sampling)   */
} cvx_arr_info;

/* The arrangement kernel (MATH 4.1, 4.6).  CVX_ARR_AUTO enumerates when
 * rank(Xa) <= 2, or when Cover's bound is at most P and the enumeration
 * work is within max_directions; otherwise it samples P directions. */
int cvx_arrangements (const cvx_ctx *ctx, const double *X, size_t n,
                      size_t d, int bias, int method, uint64_t P,
                      uint64_t seed, double max_directions,
                      cvx_patterns *out, cvx_arr_info *info);

/* Sample P Gaussian directions h (length da) and keep the distinct
 * patterns (MATH 4.6 "Sampling").  On success *out owns its memory: free
 * it with cvx_patterns_free.  On failure nothing is left allocated. */
int cvx_arr_sample (const cvx_ctx *ctx, const double *X, size_t n, size_t d,
                    int bias, uint64_t P, uint64_t seed, cvx_patterns *out);

/* Every pattern whose cone has nonempty interior (MATH 4.1, 4.6 "Exact"),
 * for any data (ties, repeated rows, rank deficiency): rank <= 2 by an
 * angular sweep; rank r >= 3 from the vertex rays, recursing on the local
 * arrangement at each.  max_directions bounds the enumeration work (else
 * CVX_ETOOLARGE before any work).
 * *rank_out receives rank([X, 1]) or rank(X). */
int cvx_arr_exact (const cvx_ctx *ctx, const double *X, size_t n, size_t d,
                   int bias, double max_directions, cvx_patterns *out,
                   int *rank_out);

/* Directions the exact enumeration of an n-row, rank-r matrix visits:
 * 2n for r <= 2, C(n, r-1) * 2^r above (exact for rows in general
 * position, an upper estimate with ties). */
double cvx_arr_exact_work (size_t n, int r);

/* Cover's bound 2 * sum_{k<r} C(n-1, k) on the number of patterns. */
double cvx_arr_cover_count (size_t n, int r);

/* Numerical rank of Xa by SVD, with the usual tolerance max(n,da)*eps*s1. */
int cvx_arr_rank (const cvx_ctx *ctx, const double *X, size_t n, size_t d,
                  int bias, int *rank_out);

/* Good-Turing estimate of the probability that one more direction gives an
 * unseen pattern: (patterns seen exactly once) / (directions evaluated). */
double cvx_patterns_unseen (const cvx_patterns *p);

/* Write pattern j as n bytes 0/1 (column of a logical matrix). */
void cvx_patterns_unpack (const cvx_patterns *p, size_t j, unsigned char *col);

void cvx_patterns_free (const cvx_ctx *ctx, cvx_patterns *p);

/* ---------------------------------- cone projection (cvxnn_cone.c) */
/* u = projection of g (length d) onto K = {u : (2D - I) X u >= 0}, X n x d
 * column-major, D n bytes 0/1 (MATH 3.1, 9.1), by Lawson-Hanson NNLS on
 * the polar representation.  work: cvx_cone_work_size (n, d) doubles.
 * |u| = max_{v in K, |v| <= 1} g'v.  *iters (may be NULL): steps taken. */
size_t cvx_cone_work_size (size_t n, size_t d);
int cvx_cone_project (const double *X, size_t n, size_t d,
                      const unsigned char *D, const double *g, double *u,
                      double *work, int *iters);
/* The same, warm-started from the active rows act[0..*nact-1] (at most d,
 * e.g. from the previous projection of a nearby g) and returning the new
 * active rows there.  The result does not depend on the start. */
int cvx_cone_project_warm (const double *X, size_t n, size_t d,
                           const unsigned char *D, const double *g,
                           double *u, double *work, int *iters, size_t *act,
                           size_t *nact);

/* ---------------------------------- two-layer convex fit (cvxnn_fit*.c) */
typedef enum { CVX_LOSS_SQUARED = 0, CVX_LOSS_LOGISTIC = 1, CVX_LOSS_CE = 2 } cvx_loss;
typedef enum { CVX_MODEL_RELU = 0, CVX_MODEL_GATED = 1 } cvx_model;
/* STALLED: short of tol with iterations left, where rounding stops the
 * solvers' progress (the point and its certificate are valid) */
typedef enum { CVX_FIT_SOLVED = 0, CVX_FIT_MAXITER = 1, CVX_FIT_INTERRUPTED = 2,
               CVX_FIT_STALLED = 3 } cvx_fit_status;
/* the working-set solver: semismooth Newton augmented Lagrangian
 * (default), or FISTA with the active-set Newton polish (the solver of
 * 0.1, kept for comparison) */
typedef enum { CVX_SOLVER_SSN = 0, CVX_SOLVER_FISTA = 1 } cvx_fit_solver;

typedef struct {
  int model, loss;
  double lambda;      /* > 0, weight decay (beta of MATH 1.3)              */
  double tol;         /* stop when the relative duality gap <= tol         */
  long max_iter;
  long check_every;   /* iterations between certificates (> 0)             */
  int display;        /* 1: iteration log through ctx->progress            */
  int solver;         /* cvx_fit_solver                                    */
  double lambda_prev; /* the lambda the start U solves (the step before on
                         a path), or 0: the Newton solver's first sigma
                         is larger for such a step (cvxnn_fit_sigma.c)    */
} cvx_fit_opts;

#define CVX_FIT_HIST_COLS 9  /* iter, primal, dual, relgap, active, step,
                                time, patterns in the working set, full (1)
                                or working-set (0) certificate */

typedef struct {
  int status;                  /* cvx_fit_status                           */
  long iterations;
  double primal, dual, gap, relgap;  /* at the returned point              */
  double violation;            /* max dual constraint value / lambda       */
  double lambda_max;           /* smallest lambda with the zero network
                                  optimal, when the start was zero (else NaN) */
  size_t active;               /* nonzero groups                           */
  double time;
  double loop_time, loop_flops;  /* in the products with the data (GEMMs
                                  X*U, X'*(D.*R) and their masks): wall
                                  time and GEMM flops, for benchmarks    */
  double *hist;                /* nhist x hist_cols, row-major; owned by the
                                  caller (free with ctx->alloc)            */
  size_t nhist, hist_cols;
} cvx_fit_info;

/* Length of U for da = columns of X (bias included), P patterns, K outputs:
 * da x G x K with G = P (gated) or 2P (relu: v_1..v_P, w_1..w_P). */
size_t cvx_fit_nvars (size_t da, size_t P, size_t K, int model);

/* Solve the convex program over the patterns D (n x P bytes) for targets Y
 * (n x K; +-1 for logistic, one-hot for cross-entropy), starting from U
 * (in/out).  Returns a status code; the solve's outcome is in info. */
int cvx_fit (const cvx_ctx *ctx, const double *X, size_t n, size_t da,
             const unsigned char *D, size_t P, const double *Y, size_t K,
             const cvx_fit_opts *opts, double *U, cvx_fit_info *info);

/* -------- deep nets and their trainer (cvxnn_net.c, cvxnn_train*.c) */
/* Fully connected network (MATH 1.2, 1.3): A_0 = X,
 * A_l = act(A_{l-1} W_l + 1 b_l') for l < L, F = A_{L-1} W_L (+ 1 b_L').
 * With batch normalization (MATH 5.6) the layer L-1 is instead
 * A_{L-1} = BN(A_{L-2} W_{L-1}) column by column, no activation after it.
 * Objective: loss(F, Y) + (lambda/2) * (sum_l |W_l|_F^2 + |b_l|^2
 * [+ |gamma|^2 + |alpha|^2]) with the pre-BN layer's W, b not penalized,
 * nor a bias flagged CVX_BIAS_FREE (the B-free model of MATH 6.1).
 * Parameters are one vector theta: for l = 1..L, W_l (w[l-1] x w[l],
 * column-major) then b_l (w[l]) if bias[l-1]; then gamma, alpha (w[L-1]
 * each) with BN. */
typedef enum { CVX_ACT_RELU = 0, CVX_ACT_LINEAR = 1 } cvx_act;
typedef enum { CVX_BN_NONE = 0, CVX_BN_STD = 1, CVX_BN_L2 = 2 } cvx_bn;
typedef enum { CVX_BIAS_NONE = 0, CVX_BIAS_PENALIZED = 1,
               CVX_BIAS_FREE = 2 } cvx_bias;

typedef struct {
  size_t L;                   /* weight layers, >= 1 (>= 2 with BN)        */
  const size_t *width;        /* L + 1: d, m_1, ..., m_{L-1}, K            */
  const unsigned char *bias;  /* L cvx_bias flags                          */
  int act;                    /* cvx_act of the hidden layers              */
  int bn;                     /* cvx_bn: std BN(z) = gamma (z - mean)/std
                                 + alpha (population std); l2: divide by
                                 |z - mean| instead                        */
  int loss;                   /* cvx_loss                                  */
  double lambda;              /* >= 0                                      */
} cvx_net;

size_t cvx_net_nparams (const cvx_net *s);

/* Checks a spec (sizes nonzero, BN needs L >= 2, ...): CVX_OK, CVX_EINVAL
 * or CVX_ETOOLARGE for n rows. */
int cvx_net_check (const cvx_net *s, size_t n);

/* Random start: W_l ~ N(0, scale^2 g / w[l-1]) with g = 2 before a ReLU
 * (He), 1 otherwise; biases and alpha 0, gamma 1. */
void cvx_net_init (const cvx_net *s, uint64_t seed, double scale,
                   double *theta);

/* Objective *f, its loss part *loss and (g != NULL) its gradient at theta
 * on all n rows.  With BN, mu and scale (w[L-1] each, may be NULL) receive
 * the per-unit mean and divisor used, for prediction on new data. */
int cvx_net_objective (const cvx_ctx *c, const cvx_net *s, const double *X,
                       size_t n, const double *Y, const double *theta,
                       double *f, double *loss, double *g, double *mu,
                       double *scale);

typedef enum { CVX_OPT_GD = 0, CVX_OPT_SGD = 1, CVX_OPT_ADAM = 2,
               CVX_OPT_LBFGS = 3 } cvx_optimizer;
typedef enum { CVX_TRAIN_CONVERGED = 0, CVX_TRAIN_MAXITER = 1,
               CVX_TRAIN_INTERRUPTED = 2, CVX_TRAIN_STALLED = 3,
               CVX_TRAIN_DIVERGED = 4 } cvx_train_status;

typedef struct {
  int optimizer;        /* cvx_optimizer                                   */
  double lr;            /* step; <= 0: line search (gd, lbfgs), 1e-3
                           (adam), 1e-2 / n (sgd)                          */
  double momentum;      /* sgd (heavy ball, torch's form)                  */
  long epochs;          /* epochs (sgd, adam) or iterations (gd, lbfgs)    */
  size_t batch;         /* rows per minibatch (sgd, adam); 0: all          */
  uint64_t seed;        /* minibatch order                                 */
  double tol;           /* gd, lbfgs: stop when |grad| <= tol max(1, |f|)  */
  size_t memory;        /* lbfgs pairs                                     */
  int display;          /* iteration log through ctx->progress             */
  double ftol;          /* gd, lbfgs: stop when the objective fell by less
                           than ftol |f| over the last CVX_TRAIN_FWINDOW
                           iterations (0: never)                           */
} cvx_train_opts;

#define CVX_TRAIN_FWINDOW 50

#define CVX_TRAIN_HIST_COLS 5  /* iteration or epoch, objective (the
                                  running minibatch estimate for sgd/adam),
                                  |grad| (NaN for sgd/adam), step, time */

typedef struct {
  int status;           /* cvx_train_status                                */
  long iterations;
  double objective, loss, gradnorm;   /* full batch, at the returned theta */
  double time;
  double *hist;         /* nhist x CVX_TRAIN_HIST_COLS row-major, owned by
                           the caller (free with ctx->alloc)               */
  size_t nhist;
} cvx_train_info;

/* Minimize the objective above from theta (in/out). */
int cvx_train (const cvx_ctx *c, const cvx_net *s, const double *X, size_t n,
               const double *Y, const cvx_train_opts *o, double *theta,
               cvx_train_info *info);

/* ----------------------------------- extreme points (cvxnn_dual.c) */
/* Dual constraint values per activation pattern (MATH 2.5 step 3, 3.1,
 * 3.2) for the dual point Lam (n x K) and patterns D (n x P bytes) of X
 * (n x da, bias column included).  K = 1: for each pattern i and sign
 * s = 0 (+), 1 (-), val[i + s P] = max_{u in K_i, |u| <= 1} +-lam' D_i X u,
 * exactly (NNLS), and U(:, i + s P) a unit maximizer (0 when the value is
 * 0).  K > 1: val[i] = |Lam' (X u)_+| at the unit u = U(:, i) found by
 * alternating maximization (a lower estimate of the maximum over K_i).
 * val: P (K == 1: 2P) doubles; U: da times as many. */
int cvx_extreme_points (const cvx_ctx *c, const double *X, size_t n,
                        size_t da, const unsigned char *D, size_t P,
                        const double *Lam, size_t K, double *val, double *U);

/* ------------------------------------ pattern gates (cvxnn_gates.c) */
/* For each pattern column D_j (n bytes 0/1, P of them) of X (n x d, bias
 * column included), a direction G(:, j) (d doubles) with (X G_j >= 0) ==
 * D_j exactly: the gate of a gated neuron (MATH 4.5), the shortest with
 * margin 1 by least distance (exact; Ctrl-C polled between patterns).
 * *bad: the first column that is no activation pattern of X (its G
 * column 0, the rest not computed), or P when all are. */
int cvx_pattern_gates (const cvx_ctx *c, const double *X, size_t n, size_t d,
                       const unsigned char *D, size_t P, double *G,
                       size_t *bad);

#ifdef __cplusplus
}
#endif
#endif
