/* Shared conversion and checking for the cvxnn MEX gateways.
 *
 * Copyright (C) 2026 The cvxnn developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cvxnn_mexutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#ifdef CVXNN_OCTAVE
#include "quit.h"
#endif

#if defined (CVXNN_OCTAVE) && defined (__unix__)
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* SIGTERM during a long call.  Octave's own handler only notes the signal
 * for its interpreter loop, which a long C loop never reaches: `timeout`
 * and a system shutting down could not stop the call.  So while a gateway
 * runs, SIGTERM sets a flag instead, the core's interrupt poll sees it
 * and the call returns; then Octave's handler is put back and the signal
 * sent again, and Octave ends as it does without us. */
static volatile sig_atomic_t term_seen = 0;
static struct sigaction term_old;
static sigset_t term_mask_old;
static int term_installed = 0;

static void
term_handler (int sig)
{
  (void) sig;
  term_seen = 1;
}

static void
term_watch (void)
{
  if (term_installed)
    return;
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = term_handler;
  sigemptyset (&sa.sa_mask);
  term_seen = 0;
  term_installed = sigaction (SIGTERM, &sa, &term_old) == 0;
  /* Octave blocks SIGTERM in this thread and takes it on a sigwait
   * thread, which never runs a sigaction handler.  Unblocked here, in the
   * thread group's leader, the kernel gives the signal to this thread
   * first (with one BLAS thread, nothing else would have run ours). */
  sigset_t term;
  sigemptyset (&term);
  sigaddset (&term, SIGTERM);
  if (term_installed)
    pthread_sigmask (SIG_UNBLOCK, &term, &term_mask_old);
}

/* Returns 1 when SIGTERM came (and has been sent again to Octave). */
static int
term_release (void)
{
  if (!term_installed)
    return 0;
  sigaction (SIGTERM, &term_old, NULL);
  pthread_sigmask (SIG_SETMASK, &term_mask_old, NULL);
  term_installed = 0;
  if (!term_seen)
    return 0;
  term_seen = 0;
  kill (getpid (), SIGTERM);
  return 1;
}

/* Ctrl-C between the kernels of one public call.  Octave takes SIGINT on
 * its signal thread, which marks an interrupt that its interpreter raises
 * at the next statement: in the Octave code between two gateway calls of
 * a fit that aborts the caller's script, which no try/catch can stop
 * (Octave 7), where the help promises the network reached so far.  While
 * shielded, the first SIGINT only marks the interrupt (interrupt_state
 * without signal_caught, which the interpreter would act on) and the next
 * gateway's poll consumes it as if it had come there; a second one before
 * that also sets signal_caught, so Octave code that runs long still ends
 * at a second Ctrl-C, as it would without us.  Shields nest (a fit
 * samples through cvxnn_arrangements, which shields too); the outermost
 * one restores Octave's handler and drops an interrupt still pending: its
 * call has finished, and Octave would otherwise raise it at the next
 * signal of any kind (term_release's comment).
 * The handler runs only while it is SIGINT's handler and SIGINT is
 * unblocked in this, the interpreter's, thread (as term_watch's is;
 * elsewhere Octave's signal thread takes it), and Octave puts back its
 * handler and its mask whenever it recovers from an error, even one a
 * try/catch handles (memory () does so inside).  So the shield is armed
 * again by every shield call: cvxnn_mex after each gateway call,
 * cvxnn_check_memory after memory (), the polls of Octave code. */
static struct sigaction int_old;
static sigset_t int_mask_old;
static int int_depth = 0;

static void
int_handler (int sig)
{
  (void) sig;
  volatile sig_atomic_t *state = &octave_interrupt_state;
  if (*state > 0)
    octave_signal_caught = 1;
  *state = *state + 1;
}

/* int_handler as SIGINT's handler, unblocked here; the previous handler
 * and mask into OLD and MASK when given.  0 if sigaction fails. */
static int
int_arm (struct sigaction *old, sigset_t *mask)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = int_handler;
  sa.sa_flags = SA_RESTART;
  sigemptyset (&sa.sa_mask);
  if (sigaction (SIGINT, &sa, old) != 0)
    return 0;
  sigset_t s;
  sigemptyset (&s);
  sigaddset (&s, SIGINT);
  pthread_sigmask (SIG_UNBLOCK, &s, mask);
  return 1;
}

int
cvxm_shield (int mode)
{
  if (mode == CVXM_SHIELD_ON && int_depth == 0)
    {
      if (!int_arm (&int_old, &int_mask_old))
        return 0;
      mexLock ();               /* a `clear` must not unmap the handler */
      return ++int_depth;
    }
  if (int_depth == 0)
    return 0;
  switch (mode)
    {
    case CVXM_SHIELD_ON:
      int_arm (NULL, NULL);
      return ++int_depth;
    case CVXM_SHIELD_REARM:
      int_arm (NULL, NULL);
      return int_depth;
    case CVXM_SHIELD_POLL:
      int_arm (NULL, NULL);
      if (octave_interrupt_state <= 0)
        return 0;
      octave_interrupt_state = 0;
      return 1;
    default:                    /* off */
      if (--int_depth > 0)
        return int_depth;
      sigaction (SIGINT, &int_old, NULL);
      pthread_sigmask (SIG_SETMASK, &int_mask_old, NULL);
      octave_interrupt_state = 0;
      mexUnlock ();
      return 0;
    }
}
#else
static const int term_seen = 0;
static void term_watch (void) { }
static int term_release (void) { return 0; }
int cvxm_shield (int mode) { (void) mode; return 0; }
#endif

static void *
mx_malloc (size_t b, void *c)
{
  (void) c;
  return mxMalloc (b ? b : 1);
}

static void *
mx_realloc (void *p, size_t b, void *c)
{
  (void) c;
  return mxRealloc (p, b ? b : 1);
}

static void
mx_free (void *p, void *c)
{
  (void) c;
  mxFree (p);
}

static int
mx_interrupted (void *h)
{
  cvxm_host *host = h;
  if (host->stopped)
    return 1;
  host->polls++;
  if (host->interrupt_after > 0 && host->polls >= host->interrupt_after)
    return host->stopped = 1;
  if (term_seen)
    return host->stopped = 1;
#ifdef CVXNN_OCTAVE
  /* Octave's SIGINT handler runs on its signal-watcher thread: it sets
   * octave_signal_caught, then increments octave_interrupt_state; other
   * signals (SIGCHLD, ...) set only the former.  So a Ctrl-C is
   * octave_interrupt_state > 0, and once that is seen the handler's
   * stores are done: resetting it consumes this Ctrl-C without a race.
   * Clearing octave_signal_caught instead (as this poll once did) left
   * the state set, so the next signal after the gateway returned (the
   * SIGCHLD of a system () call, say) made Octave raise the interrupt and
   * abort the caller's script (25 runs of 25); the handler's store of the
   * flag after our clear did so even without one (about 1 run in 15).
   * The flag is left to octave_quit, which runs the handlers of other
   * pending signals and finds no interrupt. */
  if (octave_interrupt_state > 0)
    {
      octave_interrupt_state = 0;
      return host->stopped = 1;
    }
#endif
  return 0;
}

static void
mx_progress (void *h, const char *line)
{
  cvxm_host *host = h;
  if (host->display)
    {
      mexPrintf ("%s\n", line);
#ifdef CVXNN_OCTAVE
      mexEvalString ("fflush (stdout);");
#else
      mexEvalString ("drawnow;");     /* MATLAB's flush of its window */
#endif
    }
}

static double
mx_seconds (void *h)
{
  (void) h;
  struct timespec t;
#ifdef _WIN32
  timespec_get (&t, TIME_UTC);        /* C11; no POSIX clocks there */
#else
  clock_gettime (CLOCK_MONOTONIC, &t);
#endif
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

cvx_ctx
cvxm_ctx (cvxm_host *host)
{
  cvx_ctx c;
  host->stopped = 0;
  c.alloc.malloc_fn = mx_malloc;
  c.alloc.realloc_fn = mx_realloc;
  c.alloc.free_fn = mx_free;
  c.alloc.ctx = NULL;
  c.interrupted = mx_interrupted;
  c.progress = mx_progress;
  c.seconds = mx_seconds;
  c.host = host;
  term_watch ();
  return c;
}

void
cvxm_release (const char *fn)
{
  /* the call stops with an error, so that no more of the caller's code
   * runs before Octave acts on the signal */
  if (term_release ())
    cvxm_error (fn, "terminated", "terminated by SIGTERM");
}

void
cvxm_error (const char *fn, const char *what, const char *fmt, ...)
{
  char id[128], msg[512];
  term_release ();            /* an error ends the call: Octave's SIGTERM */
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  snprintf (id, sizeof id, "cvxnn:%s:%s", fn, what);
  mexErrMsgIdAndTxt (id, "%s", msg);
}

void
cvxm_nargs (const char *fn, int nrhs, int nin, int nlhs, int nout)
{
  if (nrhs != nin)
    cvxm_error (fn, "nargin", "__cvxnn_%s__: %d inputs expected", fn, nin);
  if (nlhs > nout)
    cvxm_error (fn, "nargout", "__cvxnn_%s__: at most %d outputs", fn, nout);
}

void
cvxm_fail (const char *fn, int status)
{
  const char *what = "internal", *msg = NULL;
  switch (status)
    {
    case CVX_ENOMEM: what = "outOfMemory"; msg = "out of memory"; break;
    case CVX_EINTERRUPTED: what = "interrupted"; msg = "interrupted by the user"; break;
    case CVX_ETOOLARGE: what = "tooLarge"; msg = "problem too large"; break;
    case CVX_ELAPACK: what = "lapack"; msg = "a LAPACK routine failed"; break;
    default: break;
    }
  if (msg)
    cvxm_error (fn, what, "%s", msg);
  cvxm_error (fn, what, "internal error (%s)", cvx_strerror (status));
}

const unsigned char *
cvxm_patterns (const mxArray *a, const char *fn, size_t n, size_t min_cols,
               size_t *P)
{
  if (!mxIsLogical (a) || mxGetNumberOfDimensions (a) != 2
      || mxGetM (a) != n || mxGetN (a) < min_cols)
    cvxm_error (fn, "size", "D must be an n-by-P logical matrix");
  *P = mxGetN (a);
  return (const unsigned char *) mxGetLogicals (a);
}

const double *
cvxm_matrix (const mxArray *a, const char *fn, const char *name,
             size_t *rows, size_t *cols)
{
  if (!mxIsDouble (a) || mxIsSparse (a))
    cvxm_error (fn, "type", "%s must be a full double matrix", name);
  if (mxIsComplex (a))
    cvxm_error (fn, "complex", "%s must be real", name);
  if (mxGetNumberOfDimensions (a) != 2)
    cvxm_error (fn, "size", "%s must be a 2-D matrix", name);
  if (mxIsEmpty (a))
    cvxm_error (fn, "empty", "%s must not be empty", name);
  const double *x = mxGetDoubles (a);
  const size_t r = mxGetM (a), c = mxGetN (a);
  for (size_t k = 0; k < r * c; k++)
    if (!isfinite (x[k]))
      cvxm_error (fn, "nonFinite", "%s must not contain NaN or Inf", name);
  *rows = r;
  *cols = c;
  return x;
}

double
cvxm_scalar (const mxArray *a, const char *fn, const char *name)
{
  if (!mxIsDouble (a) || mxIsSparse (a) || mxIsComplex (a)
      || mxGetNumberOfElements (a) != 1)
    cvxm_error (fn, "type", "%s must be a real double scalar", name);
  const double v = mxGetDoubles (a)[0];
  if (!isfinite (v))
    cvxm_error (fn, "nonFinite", "%s must be finite", name);
  return v;
}

double
cvxm_integer (const mxArray *a, const char *fn, const char *name,
              double lo, double hi)
{
  const double v = cvxm_scalar (a, fn, name);
  if (v != floor (v) || v < lo || v > hi)
    cvxm_error (fn, "value", "%s must be an integer in [%.17g, %.17g]",
                name, lo, hi);
  return v;
}

const mxArray *
cvxm_field (const mxArray *s, const char *fn, const char *name)
{
  if (!mxIsStruct (s) || mxGetNumberOfElements (s) != 1)
    cvxm_error (fn, "type", "a scalar struct was expected");
  const mxArray *f = mxGetField (s, 0, name);
  if (!f)
    cvxm_error (fn, "internal", "field '%s' missing", name);
  return f;
}

void
cvxm_net_spec (const mxArray *spec, const char *fn, cvx_net *s)
{
  size_t r, c;
  const double *w = cvxm_matrix (cvxm_field (spec, fn, "width"), fn,
                                 "spec.width", &r, &c);
  const size_t L = r * c - 1;
  if (r * c < 2 || L > 64)
    cvxm_error (fn, "size", "a network has 1 to 64 layers");
  size_t *width = mxMalloc ((L + 1) * sizeof (size_t));
  unsigned char *bias = mxMalloc (L);
  for (size_t l = 0; l <= L; l++)
    {
      if (w[l] < 1 || w[l] != floor (w[l]) || w[l] > 1e15)
        cvxm_error (fn, "size", "layer widths must be positive integers");
      width[l] = (size_t) w[l];
    }
  const double *b = cvxm_matrix (cvxm_field (spec, fn, "bias"), fn,
                                 "spec.bias", &r, &c);
  if (r * c != L)
    cvxm_error (fn, "size", "spec.bias needs one flag per layer");
  for (size_t l = 0; l < L; l++)
    {
      if (b[l] != 0.0 && b[l] != 1.0 && b[l] != 2.0)
        cvxm_error (fn, "value", "spec.bias flags are 0, 1 or 2 (free)");
      bias[l] = (unsigned char) b[l];
    }
  s->L = L;
  s->width = width;
  s->bias = bias;
  s->act = (int) cvxm_integer (cvxm_field (spec, fn, "act"), fn, "spec.act",
                               0, 1);
  s->bn = (int) cvxm_integer (cvxm_field (spec, fn, "bn"), fn, "spec.bn", 0,
                              2);
  s->loss = (int) cvxm_integer (cvxm_field (spec, fn, "loss"), fn,
                                "spec.loss", 0, 2);
  s->lambda = cvxm_scalar (cvxm_field (spec, fn, "lambda"), fn,
                           "spec.lambda");
  if (s->lambda < 0.0)
    cvxm_error (fn, "value", "lambda must be nonnegative");
  if (s->bn && L < 2)
    cvxm_error (fn, "value", "batch normalization needs two or more layers");
}

mxArray *
cvxm_history (const double *hist, size_t rows, size_t cols)
{
  mxArray *h = mxCreateDoubleMatrix (rows, cols, mxREAL);
  double *hp = mxGetDoubles (h);
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < cols; c++)
      hp[c * rows + r] = hist[r * cols + c];
  return h;
}
