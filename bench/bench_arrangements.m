% Benchmark of cvxnn_arrangements (issue: foundation, item 8).
%
% Patterns per second and peak memory of the sampling kernel against the
% one-line Octave equivalent unique ((X*G >= 0)', 'rows'), for the same
% n, d and P, in one run.  Each method runs in its own octave-cli process
% so that its peak resident memory (VmHWM) is its own; an idle process is
% measured too, as the baseline.  Run with `make bench`, or set BENCH_N,
% BENCH_D, BENCH_P in the environment for other sizes.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

n = str2double (getenv ('BENCH_N')); if isnan (n), n = 1e5; end
d = str2double (getenv ('BENCH_D')); if isnan (d), d = 50; end
P = str2double (getenv ('BENCH_P')); if isnan (P), P = 1e4; end

paths = sprintf ('addpath (''%s''); addpath (''%s'');', ...
                 fileparts (which ('cvxnn_arrangements')), ...
                 fileparts (which ('__cvxnn_arrangements__')));
setup = sprintf ('randn (''state'', 0); X = randn (%d, %d); P = %d;', n, d, P);
hwm = ['s = fileread (''/proc/self/status''); ' ...
       'm = regexp (s, ''VmHWM:\s*(\d+)'', ''tokens''); ' ...
       'fprintf (''RESULT %.6f %d %.1f\n'', t, m_, str2double (m{1}{1}) / 1024);'];
jobs = {
  'idle octave-cli (baseline)', 't = 0; m_ = 0;'
  'cvxnn_arrangements (X, P)', ...
    't0 = tic; D = cvxnn_arrangements (X, P); t = toc (t0); m_ = size (D, 2);'
  'unique ((X*G >= 0)'', ''rows'')', ...
    'G = randn (size (X, 2), P); t0 = tic; D = unique ((X*G >= 0)'', ''rows''); t = toc (t0); m_ = size (D, 1) - ~any (all (D == 0, 2));'
};

fprintf ('cvxnn_arrangements benchmark: n = %d, d = %d, P = %d (%d cores)\n', ...
         n, d, P, nproc ());
fprintf ('%-32s %10s %10s %14s %12s\n', 'method', 'time [s]', 'patterns', ...
         'patterns/s', 'peak [MiB]');
core = getenv ('BENCH_CORE');      % the C kernel alone, built by make bench
if ~isempty (core)
  jobs(end+1, :) = {'C kernel alone (no Octave)', core};
end
res = nan (size (jobs, 1), 3);
for k = 1:size (jobs, 1)
  if k == 4
    [st, out] = system (sprintf ('%s %d %d %d', core, n, d, P));
  else
    code = [paths ' ' setup ' ' jobs{k, 2} ' ' hwm];
    file = [tempname() '.m'];
    fid = fopen (file, 'w'); fputs (fid, code); fclose (fid);
    [st, out] = system (sprintf ('octave-cli --no-history --norc --silent %s 2>&1', file));
    unlink (file);
  end
  tok = regexp (out, 'RESULT (\S+) (\S+) (\S+)', 'tokens', 'once');
  if st ~= 0 || isempty (tok)
    fprintf ('%-32s failed: %s\n', jobs{k, 1}, strtrim (out));
    continue;
  end
  res(k, :) = str2double (tok);
  if k == 1
    fprintf ('%-32s %10s %10s %14s %12.0f\n', jobs{k, 1}, '-', '-', '-', res(k, 3));
  elseif k == 4
    fprintf ('%-32s %10.3f %10d %14.0f %12s\n', jobs{k, 1}, res(k, 1), ...
             res(k, 2), P / res(k, 1), '-');
  else
    fprintf ('%-32s %10.3f %10d %14.0f %12.0f\n', jobs{k, 1}, res(k, 1), ...
             res(k, 2), P / res(k, 1), res(k, 3));
  end
end
fprintf ('\nspeed-up of cvxnn_arrangements (directions/s ratio): %.1fx\n', ...
         res(3, 1) / res(2, 1));
fprintf ('peak memory above the idle baseline: %.0f MiB vs %.0f MiB (%.1fx less)\n', ...
         res(2, 3) - res(1, 3), res(3, 3) - res(1, 3), ...
         (res(3, 3) - res(1, 3)) / max (res(2, 3) - res(1, 3), 1));
if size (res, 1) >= 4
  fprintf (['the rest of cvxnn_arrangements'' time is Octave returning the n-by-m ' ...
            'logical D from the MEX\n(a copy plus first-touch page faults), ' ...
            '%.1f s of %.1f s here\n'], res(2, 1) - res(4, 1), res(2, 1));
end
fprintf ('(bit-packed pattern store: n*P/8 = %.0f MiB; one n-by-P double = %.0f MiB)\n', ...
         n * P / 8 / 2^20, n * P * 8 / 2^20);
