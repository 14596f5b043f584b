% Benchmark of cvxnn_train (reference trainer issue, item 6).
%
% Time per epoch of Adam on minibatches, cvxnn_train against torch
% (Debian's python3-torch, float64, the same network, batch size,
% objective and Adam hyperparameters: bench/torch_train.py), in one run,
% as a ratio.  Synthetic regression data; timings are the mean over
% epochs 2..E (the first carries set-up).  cvxnn uses Octave's BLAS as
% configured (OpenBLAS: every core); torch runs with 1 thread and with
% one per core, and the ratio is taken against the faster of the two
% (small batches are faster on one thread).  cvxnn starts from
% 'Init', 1/sqrt(6): the weight variance of torch's default
% initialization, 1/(3 fan-in).
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

here = fileparts (mfilename ('fullpath'));
if isempty (here)
  here = pwd ();
end
addpath (here);
py = '/usr/bin/python3';
[st, ~] = system ([py ' -c "import torch" 2>/dev/null']);
have_torch = st == 0;
if have_torch
  [~, tv] = system ([py ' -c "import torch; print(torch.__version__, torch.get_num_threads())"']);
  fprintf ('cvxnn_train benchmark (%d cores); torch %s', nproc (), tv);
else
  fprintf ('cvxnn_train benchmark (%d cores); python3-torch not installed: no comparison\n', nproc ());
end
E = 4;
cases = {1e4, 50, [100 100], 64;
         1e4, 50, [100 100], 512;
         5e4, 100, [256 256], 256;
         5e4, 100, [512 512 512], 1024};
fprintf ('%7s %5s %-14s %6s | %10s %10s %10s %7s | %10s %10s\n', 'n', 'd', 'layers', 'batch', ...
         'cvxnn s/ep', 'torch 1t', sprintf ('torch %dt', nproc ()), 'ratio', 'cvxnn obj', 'torch obj');
for c = 1:rows (cases)
  [n, d, layers, B] = cases{c, :};
  randn ('state', c);
  X = randn (n, d);
  y = sin (X(:, 1)) + 0.5 * max (X(:, 2), 0) + 0.1 * randn (n, 1);
  lam = 1e-3;
  [~, info] = cvxnn_train (X, y, 'Lambda', lam, 'Layers', layers, 'Optimizer', 'adam', ...
                           'LearningRate', 1e-3, 'BatchSize', B, 'Epochs', E, 'Init', 1 / sqrt (6));
  t = diff (info.history(:, 5));
  ours = mean (t(2:end));
  theirs = [NaN NaN]; tobj = NaN;
  if have_torch
    file = [tempname() '.bin'];
    bench_write_matrices (file, X, y);
    threads = [1 nproc()];
    for k = 1:2
      [~, out] = system (sprintf ('BENCH_THREADS=%d %s %s %s %s %g %g %d epochs %d', threads(k), py, ...
                                  fullfile (here, 'torch_train.py'), file, ...
                                  strjoin (arrayfun (@num2str, layers, 'UniformOutput', false), ','), ...
                                  lam, 1e-3, B, E));
      tok = regexp (out, 'EPOCH_SECONDS (\S+)\s+OBJECTIVE (\S+)', 'tokens', 'once');
      if ~isempty (tok)
        theirs(k) = str2double (tok{1});
        tobj = str2double (tok{2});
      else
        fprintf ('torch failed: %s\n', out);
      end
    end
    unlink (file);
  end
  fprintf ('%7d %5d %-14s %6d | %10.4f %10.4f %10.4f %7.2f | %10.5g %10.5g\n', n, d, ...
           mat2str (layers), B, ours, theirs, min (theirs) / ours, info.objective, tobj);
end
fprintf (['NOTES: ratio = the faster torch seconds per epoch / cvxnn seconds per epoch (above 1:\n' ...
          'cvxnn is faster).  The objectives after %d epochs differ by initialization\n' ...
          'and minibatch order only (each library draws its own).\n'], E);
