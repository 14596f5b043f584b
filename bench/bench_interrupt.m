% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% How fast Ctrl-C returns from cvxnn_fit, phase by phase (and from the
% homotopy of cvxnn_spline1d), at n = 2e4, d = 50 (the size of the
% report in the fit's convergence issue): a child octave-cli runs the
% call, gets SIGINT a given time after it starts, and the latency from
% the signal to the call's return is printed with the status the call
% returned (the spline's: its error identifier).  The default fit goes
% through every phase, the Octave code between its kernels included.
% Every case is printed, whatever happened (a child still running 30 s
% after the signal is killed: 'no return').
%
%   make bench-interrupt       (BENCH_INTERRUPT_DELAYS="0.5 2 8" to choose)

function bench_interrupt ()
  delays = str2num (getenv ('BENCH_INTERRUPT_DELAYS'));   %#ok<ST2NM>
  if isempty (delays)
    delays = [0.5, 2, 8];
  end
  setup = ['randn (''state'', 1); X = randn (20000, 50); y = randn (20000, 1); ' ...
           '[D, G] = cvxnn_arrangements (X, 2000, ''Bias'', true, ''Seed'', 1);'];
  cases = {
    'sampling 5e4 patterns', ...
      '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1, ''Arrangements'', 5e4);';
    'relu, 2000 patterns given', ...
      '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1, ''Arrangements'', D, ''Tol'', 0, ''MaxIter'', 1e6);';
    'gated, 2000 patterns given', ...
      '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1, ''Arrangements'', {D, G}, ''Model'', ''gated'', ''Tol'', 0, ''MaxIter'', 1e6);';
    'relu, fista', ...
      '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1, ''Arrangements'', D, ''Solver'', ''fista'', ''Tol'', 0, ''MaxIter'', 1e6);';
    'logistic relu', ...
      '[net, info] = cvxnn_fit (X, sign (y), ''Lambda'', 1, ''Arrangements'', D, ''Loss'', ''logistic'', ''Tol'', 0, ''MaxIter'', 1e6);';
    'cross-entropy relu (CG)', ...
      ['[net, info] = cvxnn_fit (X, 1 + (y > 0) + (y > 1), ''Lambda'', 1, ''Arrangements'', D, ' ...
       '''Loss'', ''crossentropy'', ''Tol'', 0, ''MaxIter'', 1e6);'];
    'default fit (every phase)', ...
      '[net, info] = cvxnn_fit (X, y, ''Lambda'', 1);';
    'spline1d, 4000 points', ...
      ['x = sort (X(1:4000, 1)); try, cvxnn_spline1d (x, sin (3 * x), ''Lambda'', 1e-6); ' ...
       'info.status = ''finished''; catch err, info.status = err.identifier; end']};
  printf ('%-28s %8s %10s  %s\n', 'call', 'signal', 'latency', 'status');
  for c = 1:rows (cases)
    for t = delays
      [lat, status] = one_case (setup, cases{c, 2}, t);
      printf ('%-28s %7.1fs %9.3fs  %s\n', cases{c, 1}, t, lat, status);
    end
  end
end

function [lat, status] = one_case (setup, call, delay)
  p = fileparts (which ('cvxnn_fit'));
  a = fileparts (which ('__cvxnn_fit__'));
  script = [tempname() '.m'];
  out = [tempname() '.txt'];
  fid = fopen (script, 'w');
  fprintf (fid, 'addpath (''%s''); addpath (''%s'');\n', p, a);
  fprintf (fid, '%s\n', setup);
  fprintf (fid, 'f = fopen (''%s'', ''a''); fprintf (f, ''ready\\n''); fclose (f);\n', out);
  fprintf (fid, '%s\n', call);
  fprintf (fid, ['f = fopen (''%s'', ''a''); fprintf (f, ''done %%.6f %%s\\n'', ' ...
                 'time (), info(end).status); fclose (f);\n'], out);
  fclose (fid);
  % the shell records the time of the signal; a child that does not return
  % within 30 s of it is killed
  cmd = sprintf (['octave-cli --no-history --norc --silent %s & pid=$!; ' ...
                  'for i in $(seq 1200); do grep -q ready %s 2>/dev/null && break; sleep 0.05; done; ' ...
                  'sleep %g; kill -INT $pid; echo "sent $(date +%%s.%%N)" >> %s; ' ...
                  'for i in $(seq 300); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; ' ...
                  'kill -KILL $pid 2>/dev/null; wait $pid'], script, out, delay, out);
  system (cmd);
  txt = fileread (out);
  unlink (script);
  unlink (out);
  sent = regexp (txt, 'sent ([\d.]+)', 'tokens', 'once');
  done = regexp (txt, 'done ([\d.]+) (\S+)', 'tokens', 'once');
  if isempty (done) || isempty (sent)
    lat = NaN;
    status = 'no return';
  else
    lat = str2double (done{1}) - str2double (sent{1});
    status = done{2};
  end
end
