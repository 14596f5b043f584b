/* BLAS/LAPACK prototypes for the cvxnn core.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Fortran INTEGER width is a property of the BLAS we link against, not
 * of the MEX API: Debian's Octave uses 32-bit BLAS integers while mwSize is
 * 64-bit, and MATLAB's bundled BLAS uses 64-bit.  The build chooses it with
 * -DCVXNN_BLAS_INT64 (src/Makefile reads OCTAVE_SIZEOF_F77_INT_TYPE), and
 * every size handed to BLAS goes through cvx_blas_fits() first.
 */
#ifndef CVXNN_BLAS_H
#define CVXNN_BLAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef CVXNN_BLAS_INT64
typedef int64_t blas_int;
#define CVX_BLAS_INT_MAX INT64_MAX
#else
typedef int32_t blas_int;
#define CVX_BLAS_INT_MAX INT32_MAX
#endif

static inline int cvx_blas_fits (size_t v)
{
  return v <= (size_t) CVX_BLAS_INT_MAX;
}

/* The symbols' names: Fortran's with a trailing underscore (Octave, and
 * MATLAB on Linux and macOS); MATLAB on Windows links them without one,
 * and its build (cvxnn_build_mex.m) defines CVXNN_BLAS_NO_UNDERSCORE. */
#ifdef CVXNN_BLAS_NO_UNDERSCORE
#define dgemm_ dgemm
#define dgemv_ dgemv
#define dger_ dger
#define dsyrk_ dsyrk
#define dpotrf_ dpotrf
#define dpotrs_ dpotrs
#define dpotri_ dpotri
#define dsymv_ dsymv
#define dnrm2_ dnrm2
#define dgesvd_ dgesvd
#define dgeqrf_ dgeqrf
#define dorgqr_ dorgqr
#define dgeqr2_ dgeqr2
#define dorg2r_ dorg2r
#define dlarfg_ dlarfg
#define dlarf_ dlarf
#define drotg_ drotg
#define drot_ drot
#define dsysv_ dsysv
#define dtrsv_ dtrsv
#define dtrsm_ dtrsm
#endif

/* Hidden Fortran string-length arguments are omitted: every character
 * argument used here has length 1, which gfortran-compiled BLAS accepts
 * (the convention OpenBLAS, reference LAPACK and Octave itself rely on). */
void dgemm_ (const char *ta, const char *tb, const blas_int *m,
             const blas_int *n, const blas_int *k, const double *alpha,
             const double *a, const blas_int *lda, const double *b,
             const blas_int *ldb, const double *beta, double *c,
             const blas_int *ldc);
void dgemv_ (const char *t, const blas_int *m, const blas_int *n,
             const double *alpha, const double *a, const blas_int *lda,
             const double *x, const blas_int *incx, const double *beta,
             double *y, const blas_int *incy);
void dger_ (const blas_int *m, const blas_int *n, const double *alpha,
            const double *x, const blas_int *incx, const double *y,
            const blas_int *incy, double *a, const blas_int *lda);
void dsyrk_ (const char *uplo, const char *trans, const blas_int *n,
             const blas_int *k, const double *alpha, const double *a,
             const blas_int *lda, const double *beta, double *c,
             const blas_int *ldc);
void dtrsm_ (const char *side, const char *uplo, const char *ta,
             const char *diag, const blas_int *m, const blas_int *n,
             const double *alpha, const double *a, const blas_int *lda,
             double *b, const blas_int *ldb);
void dpotrf_ (const char *uplo, const blas_int *n, double *a,
              const blas_int *lda, blas_int *info);
void dpotrs_ (const char *uplo, const blas_int *n, const blas_int *nrhs,
              const double *a, const blas_int *lda, double *b,
              const blas_int *ldb, blas_int *info);
void dpotri_ (const char *uplo, const blas_int *n, double *a,
              const blas_int *lda, blas_int *info);
void dsymv_ (const char *uplo, const blas_int *n, const double *alpha,
             const double *a, const blas_int *lda, const double *x,
             const blas_int *incx, const double *beta, double *y,
             const blas_int *incy);
double dnrm2_ (const blas_int *n, const double *x, const blas_int *incx);
void dgesvd_ (const char *jobu, const char *jobvt, const blas_int *m,
              const blas_int *n, double *a, const blas_int *lda, double *s,
              double *u, const blas_int *ldu, double *vt,
              const blas_int *ldvt, double *work, const blas_int *lwork,
              blas_int *info);
void dgeqrf_ (const blas_int *m, const blas_int *n, double *a,
              const blas_int *lda, double *tau, double *work,
              const blas_int *lwork, blas_int *info);
void dorgqr_ (const blas_int *m, const blas_int *n, const blas_int *k,
              double *a, const blas_int *lda, const double *tau,
              double *work, const blas_int *lwork, blas_int *info);
/* the unblocked QR kernels and a reflector, called directly where the
 * matrices have at most d columns: there the blocked drivers' ilaenv
 * queries cost more than the factorization */
void dgeqr2_ (const blas_int *m, const blas_int *n, double *a,
              const blas_int *lda, double *tau, double *work,
              blas_int *info);
void dorg2r_ (const blas_int *m, const blas_int *n, const blas_int *k,
              double *a, const blas_int *lda, const double *tau,
              double *work, blas_int *info);
void dlarfg_ (const blas_int *n, double *alpha, double *x,
              const blas_int *incx, double *tau);
void dlarf_ (const char *side, const blas_int *m, const blas_int *n,
             const double *v, const blas_int *incv, const double *tau,
             double *c, const blas_int *ldc, double *work);
void drotg_ (double *a, double *b, double *c, double *s);
void drot_ (const blas_int *n, double *x, const blas_int *incx, double *y,
            const blas_int *incy, const double *c, const double *s);
void dsysv_ (const char *uplo, const blas_int *n, const blas_int *nrhs,
             double *a, const blas_int *lda, blas_int *ipiv, double *b,
             const blas_int *ldb, double *work, const blas_int *lwork,
             blas_int *info);
void dtrsv_ (const char *uplo, const char *trans, const char *diag,
             const blas_int *n, const double *a, const blas_int *lda,
             double *x, const blas_int *incx);

#endif
