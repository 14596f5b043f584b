% E2 (manual, Experiments chapter): a deep linear network trained with weight decay becomes
% rank one (operator norm = Frobenius norm) for a scalar output, with
% balanced layers (equal Frobenius norms) aligned layer to layer
% (Mathematics 3.4, 5.3).  The trainer's objective meets the closed form of
% cvxnn_deep_linear.
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
randn ('state', 2);
n = 6; d = 5; L = 4; lam = 0.2;
X = randn (n, d); y = randn (n, 1);
[~, ci] = cvxnn_deep_linear (X, y, 'Lambda', lam, 'Depth', L);
chunks = [1 2 5 10 20 50 100 200 500];
if smoke, chunks = chunks(1:5); end
ratio = zeros (numel (chunks), L); fro = ratio; align = zeros (numel (chunks), L - 1); obj = zeros (numel (chunks), 1);
net = [];
done = 0;
for k = 1:numel (chunks)
  if isempty (net)
    [net, ti] = cvxnn_train (X, y, 'Lambda', lam, 'Layers', [4 4 4], 'Activation', 'linear', ...
                             'Bias', false, 'Epochs', chunks(k), 'Seed', 3, 'Tol', 1e-12);
  else
    [net, ti] = cvxnn_train (X, y, 'Lambda', lam, 'Init', net, 'Epochs', chunks(k) - done, 'Tol', 1e-12);
  end
  done = chunks(k);
  s = cvxnn_structure (net);
  ratio(k, :) = s.op ./ s.fro;
  fro(k, :) = s.fro;
  for l = 1:L-1
    align(k, l) = s.align{l}(1);
  end
  obj(k) = ti.objective;
end
printf ('closed form (Mathematics 5.3, t-search): objective %.10f\n', ci.objective);
printf ('%6s %14s %s %s\n', 'iter', 'objective', '|W_l|_2/|W_l|_F', '  |W_l|_F');
for k = 1:numel (chunks)
  printf ('%6d %14.10f %s  %s\n', chunks(k), obj(k), mat2str (ratio(k, :), 6), mat2str (fro(k, :), 6));
end
printf ('final alignment |v_l'' u_(l+1)|: %s\n', mat2str (align(end, :), 8));

subplot (2, 1, 1);
semilogx (chunks, ratio, 'o-');
ylabel ('|W_l|_2 / |W_l|_F');
legend ('W_1', 'W_2', 'W_3', 'W_4', 'location', 'eastoutside');
title ('E2: deep linear network (L = 4, scalar output) under L-BFGS');
subplot (2, 1, 2);
semilogx (chunks, fro, 's-', chunks, align, 'x--');
xlabel ('L-BFGS iterations'); ylabel ('norm / alignment');
legend ('|W_1|_F', '|W_2|_F', '|W_3|_F', '|W_4|_F', 'align 1-2', 'align 2-3', 'align 3-4', ...
        'location', 'eastoutside');
