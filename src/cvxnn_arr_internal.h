/* cvxnn core: what the arrangement files share (not part of the interface
 * in cvxnn_core.h).
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MATH 4.1, 4.6.  Convention: D = 1[Xa h >= 0] (the papers' ">=").
 * Every method feeds blocks of candidate directions through one pipeline
 * (cvxnn_arr_store.c): Z = Xa * H in row blocks (DGEMM, level 3), signs
 * packed into 64-bit words, patterns deduplicated by hashing the packed
 * words.  Memory is O(m * (n/8 + da)) for m distinct patterns plus one
 * small Z block; no n-by-P matrix is ever formed.  The directions come
 * from sampling (cvxnn_arr_sample.c) or from the cells of the reduced
 * data's arrangement (cvxnn_arr_exact.c, cvxnn_arr_cells.c).
 */
#ifndef CVXNN_ARR_INTERNAL_H
#define CVXNN_ARR_INTERNAL_H

#include "cvxnn_core.h"

#ifndef DIR_BLOCK
#define DIR_BLOCK 256          /* directions per GEMM block                */
#endif
/* 8 MiB Z block: enough work per DGEMM for OpenBLAS to use every core;
 * 1 MiB (L2-sized) measured 15% slower in bench/ on 2 cores. */
#ifndef Z_BLOCK_DOUBLES
#define Z_BLOCK_DOUBLES 1048576
#endif

static inline void *
cx_malloc (const cvx_ctx *c, size_t bytes)
{
  return c->alloc.malloc_fn (bytes, c->alloc.ctx);
}

static inline void
cx_free (const cvx_ctx *c, void *p)
{
  if (p)
    c->alloc.free_fn (p, c->alloc.ctx);
}

/* bytes = a * b * size, or 0 on overflow */
static inline size_t
cx_mul3 (size_t a, size_t b, size_t size)
{
  if (a && b > SIZE_MAX / a)
    return 0;
  const size_t ab = a * b;
  if (ab != 0 && size > SIZE_MAX / ab)
    return 0;
  return ab * size;
}

/* ------------------------------------------- the store (cvxnn_arr_store.c) */

/* An empty store for patterns of n rows and directions of d (+ bias)
 * coordinates; d = 0 and no bias makes it a plain set of bitsets. */
int cvx_arr_store_init (const cvx_ctx *c, cvx_patterns *p, size_t n,
                        size_t d, int bias);
/* Record one evaluated direction h (da doubles) with packed pattern w;
 * *added (may be NULL) tells whether w was new. */
int cvx_arr_store_add (const cvx_ctx *c, cvx_patterns *p, const uint64_t *w,
                       const double *h, int *added);

typedef struct {
  double *Z;          /* rb * DIR_BLOCK                                  */
  uint64_t *W;        /* DIR_BLOCK * nwords packed patterns of the block */
  size_t rb;          /* rows per GEMM block, a multiple of 64           */
} cvx_arr_eval;

int cvx_arr_eval_init (const cvx_ctx *c, cvx_arr_eval *ws, size_t n,
                       size_t nwords);
void cvx_arr_eval_free (const cvx_ctx *c, cvx_arr_eval *ws);
/* Patterns of the B <= DIR_BLOCK directions H (da x B) on the rows of X
 * (n x d), added to p. */
int cvx_arr_eval_block (const cvx_ctx *c, const double *X, cvx_patterns *p,
                        const double *H, size_t B, cvx_arr_eval *ws);
/* CVX_EINVAL for empty data, CVX_ETOOLARGE beyond the BLAS integer */
int cvx_arr_check_sizes (size_t n, size_t d, int bias);

/* ------------------------------------------- cells (cvxnn_arr_cells.c) */

/* Cells of a central arrangement are produced as directions w in R^k and
 * handed to an emitter: the top one feeds the pattern pipeline, the lifting
 * ones map a local cell next to a vertex ray back into the parent space. */
typedef struct cvx_emitter cvx_emitter;
struct cvx_emitter {
  int (*emit) (const cvx_ctx *c, cvx_emitter *e, const double *w);
};

/* One direction inside each cell of the central arrangement of the m rows
 * of Y (m x k column-major, rank k). */
int cvx_arr_cells (const cvx_ctx *c, const double *Y, size_t m, int k,
                   cvx_emitter *e);

#endif
