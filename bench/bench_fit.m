% Benchmark of cvxnn_fit (issue: the main job, item 8).
%
% Time to a relative duality gap of 1e-6 on synthetic regression data
% (a random teacher ReLU network plus noise, standardized features), for
% n in BENCH_FIT_N (default 1e3 1e4 1e5), d in {10, 100}, P in {100, 1000}
% sampled patterns, lambda = lambda_max / 20; the rate of the inner loop
% (the products with the data, X*U and X'*(D.*R) with their masks: flops
% of the GEMMs over the seconds spent there, from info.perf) and of the
% whole solve (the same flops over the whole solve time), next to the
% DGEMM rate of this machine measured in the same run; peak memory of each
% run (own process).
% Where Debian's python3-torch is installed, the same network (width =
% the fit's active neurons, same lambda, same objective: squared loss
% summed, weight decay on every weight and bias; bench/torch_train.py) is
% trained by Adam (lr 1e-3, batches of 256, torch's default start) for
% the fit's solve time, and the objective it reaches is printed next to
% the certified one.
% n = 1e5 takes most of the run (up to about 1.2 GB and 3 minutes per case
% on 2 cores, Adam's equal time included); BENCH_FIT_N='1e3 1e4' leaves it
% out.  The 'relu' model runs at n <= 1e4 only (see below).
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

ns = str2num (getenv ('BENCH_FIT_N'));
if isempty (ns), ns = [1e3 1e4 1e5]; end
here = fileparts (mfilename ('fullpath'));
paths = sprintf ('addpath (''%s''); addpath (''%s''); addpath (''%s'');', ...
                 fileparts (which ('cvxnn_fit')), fileparts (which ('__cvxnn_fit__')), here);
py = '/usr/bin/python3';
[st, ~] = system ([py ' -c "import torch" 2>/dev/null']);
have_torch = st == 0;

A = randn (2000); B = randn (2000);
t = inf;
for k = 1:3
  t0 = tic; C = A * B; t = min (t, toc (t0));
end
gemm = 2 * 2000^3 / t / 1e9;
fprintf ('cvxnn_fit benchmark (%d cores); DGEMM 2000x2000: %.1f GFLOP/s\n', nproc (), gemm);
fprintf ('%7s %5s %6s %6s | %-8s %9s %10s %7s %8s %8s %6s %8s %9s | %11s %11s\n', 'n', 'd', 'P', 'model', ...
         'status', 'time [s]', 'rel gap', 'iters', 'neurons', 'loop GF', '%DGEMM', 'solve GF', ...
         'peak MiB', 'objective', 'Adam same t');

cases = {};
for n = ns
  for d = [10 100]
    for P = [100 1000]
      cases(end+1, :) = {n, d, P, 'gated'};
    end
  end
end
% relu: its prox is an exact NNLS cone projection per group; at d = 100
% it took minutes (231 s at n = 1e3, P = 100) until the projections
% scanned a cache of candidate rows and kept their warm starts, and at
% n = 1e5 it still would
for n = ns(ns <= 1e4)
  for d = [10 100]
    cases(end+1, :) = {n, d, 100, 'relu'};
    cases(end+1, :) = {n, d, 1000, 'relu'};
  end
end
for c = 1:rows (cases)
  [n, d, P, model] = cases{c, :};
  data = [tempname() '.bin'];
  code = sprintf ([paths ...
    'randn (''state'', 1); rand (''state'', 1); n = %d; d = %d; P = %d;' ...
    'X = randn (n, d); W = randn (d, 20); v = randn (20, 1);' ...
    'y = max (X * W, 0) * v; y = (y - mean (y)) / std (y) + 0.1 * randn (n, 1);' ...
    '[~, i0] = cvxnn_fit (X, y, ''Lambda'', 1e12, ''Arrangements'', P, ''MaxIter'', 0, ''Model'', ''gated'');' ...
    'lam = i0.lambda_max / 20;' ...
    '[net, info] = cvxnn_fit (X, y, ''Lambda'', lam, ''Arrangements'', P, ''Model'', ''%s'', ''MaxIter'', 20000);' ...
    's = fileread (''/proc/self/status''); m = regexp (s, ''VmHWM:\\s*(\\d+)'', ''tokens'');' ...
    'bench_write_matrices (''%s'', X, y);' ...
    'fprintf (''RESULT %%s %%.6f %%.3e %%d %%d %%.1f %%.6e %%.10e %%.10e %%.6f\\n'', info.status, info.time,' ...
    ' info.relgap, info.iterations, info.active, str2double (m{1}{1}) / 1024, info.perf.loop_flops,' ...
    ' info.primal, lam, info.perf.loop_time);'], n, d, P, model, data);
  file = [tempname() '.m'];
  fid = fopen (file, 'w'); fputs (fid, code); fclose (fid);
  [st, out] = system (sprintf ('timeout 900 octave-cli --no-history --norc --silent %s 2>&1', file));
  unlink (file);
  tok = regexp (out, 'RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)', 'tokens', 'once');
  if isempty (tok)
    if st == 124
      fprintf ('%7d %5d %6d %6s | did not finish within 900 s\n', n, d, P, model);
    else
      lines = strsplit (strtrim (out), "\n");
      fprintf ('%7d %5d %6d %6s | failed: %s\n', n, d, P, model, lines{end});
    end
    if exist (data, 'file'), unlink (data); end
    continue;
  end
  tm = str2double (tok{2}); it = str2double (tok{4}); m = str2double (tok{5});
  adam = NaN;
  if have_torch && m > 0
    [~, tout] = system (sprintf ('%s %s %s %d %s 1e-3 256 seconds %g', py, ...
                                 fullfile (here, 'torch_train.py'), data, m, tok{9}, tm));
    at = regexp (tout, 'OBJECTIVE (\S+)', 'tokens', 'once');
    if ~isempty (at)
      adam = str2double (at{1});
    end
  end
  unlink (data);
  fl = str2double (tok{7}); lt = str2double (tok{10});
  fprintf ('%7d %5d %6d %6s | %-8s %9.2f %10.1e %7d %8d %8.1f %5.0f%% %8.1f %9.0f | %11.5g %11.5g\n', n, d, P, model, ...
           tok{1}, tm, str2double (tok{3}), it, m, fl / lt / 1e9, 100 * fl / lt / 1e9 / gemm, ...
           fl / tm / 1e9, str2double (tok{6}), str2double (tok{8}), adam);
end
fprintf (['NOTES: loop GF = GFLOP/s of the inner loop: flops of the GEMMs X*U and\n' ...
          'X''*(D.*R) over the time spent in them and their masks (%%DGEMM: against the\n' ...
          'DGEMM rate above).  solve GF = the same flops over the whole solve time\n' ...
          '(cone projections, polishing, pattern bookkeeping are extra work, not credited).\n' ...
          'Adam same t: the objective torch''s Adam reaches on the same network and\n' ...
          'objective in the fit''s solve time (NaN: python3-torch not installed).\n' ...
          'The certified objective is optimal over the sampled patterns; with few\n' ...
          'patterns Adam can go below it (other patterns), never below an exact one.\n']);
