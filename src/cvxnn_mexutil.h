/* Shared conversion and checking for the cvxnn MEX gateways.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user-facing validation lives in the .m wrappers in inst, where error
 * messages are not prefixed by the MEX name.  The gateways check again
 * (they can be called directly) with the same identifiers, and translate
 * core status codes to identified errors.
 */
#ifndef CVXNN_MEXUTIL_H
#define CVXNN_MEXUTIL_H

#include "mex.h"
#include "cvxnn_core.h"

/* Host context: mxMalloc-family allocator (Octave reclaims it if an error
 * unwinds the gateway), Ctrl-C polling, progress through mexPrintf.
 * interrupt_after > 0 simulates Ctrl-C on that poll (tests only).  Once a
 * poll has said "interrupted", every later one says so too (stopped). */
typedef struct {
  long polls;
  long interrupt_after;
  int display;
  int stopped;
} cvxm_host;

/* The core's context for one gateway call.  From here until
 * cvxm_release (or an error) SIGTERM stops the call; cvxm_release then
 * passes it on to Octave and ends the call with the error
 * cvxnn:<fn>:terminated. */
cvx_ctx cvxm_ctx (cvxm_host *host);
void cvxm_release (const char *fn);

/* Ctrl-C in the Octave code between a public call's gateways (the
 * comment in cvxnn_mexutil.c).  ON defers it to the next poll and returns
 * the nesting depth; OFF ends that (the outermost one restores Octave's
 * handling) and returns the depth left; REARM puts the shield back after
 * Octave code that may have undone it; POLL (for Octave code) rearms and
 * returns 1 when a Ctrl-C came, taking it, else 0.  Built for MATLAB or
 * off Unix: does nothing and returns 0. */
enum { CVXM_SHIELD_OFF = 0, CVXM_SHIELD_ON = 1, CVXM_SHIELD_POLL = -1, CVXM_SHIELD_REARM = -2 };
int cvxm_shield (int mode);

/* Real, full, finite, non-empty double matrix; returns its data. */
const double *cvxm_matrix (const mxArray *a, const char *fn,
                           const char *name, size_t *rows, size_t *cols);

/* n x P logical pattern matrix (2-D, at least min_cols columns); returns
 * its bytes and P. */
const unsigned char *cvxm_patterns (const mxArray *a, const char *fn,
                                    size_t n, size_t min_cols, size_t *P);

/* Finite real double scalar. */
double cvxm_scalar (const mxArray *a, const char *fn, const char *name);

/* Integer-valued double scalar in [lo, hi]. */
double cvxm_integer (const mxArray *a, const char *fn, const char *name,
                     double lo, double hi);

/* Field NAME of the scalar struct S (an internal error if missing). */
const mxArray *cvxm_field (const mxArray *s, const char *fn, const char *name);

/* Network spec from the struct the .m wrappers build (fields width, bias,
 * act, bn, loss, lambda); the arrays live in mxMalloc memory. */
void cvxm_net_spec (const mxArray *spec, const char *fn, cvx_net *s);

/* A rows x cols double matrix from the core's row-major history. */
mxArray *cvxm_history (const double *hist, size_t rows, size_t cols);

/* Raise the identified error for a core status (never returns). */
void cvxm_fail (const char *fn, int status);

/* Raise cvxnn:<fn>:<what> with a formatted message (never returns). */
void cvxm_error (const char *fn, const char *what, const char *fmt, ...);

/* The gateway __cvxnn_<fn>__ takes exactly NIN inputs and at most NOUT
 * outputs: cvxnn:<fn>:nargin or :nargout otherwise. */
void cvxm_nargs (const char *fn, int nrhs, int nin, int nlhs, int nout);

#endif
