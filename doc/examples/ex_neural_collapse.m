% E5 (manual, Experiments chapter): neural collapse of a batch-normalized network.  Free
% features (X = I), K = 4 balanced classes, std convention; L-BFGS from a
% random start.  The NC metrics of cvxnn_nc_metrics fall to the values of
% the closed form of cvxnn_bn_collapse (Mathematics 5.6): NC1, NC2, the
% mean-removed NC3 and NC4 go to 0, Papyan's NC3 does not (no classifier
% bias: the classifier carries one common row).
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

smoke = ~isempty (getenv ('CVXNN_SMOKE'));
K = 4; N = 5; n = K * N; lam = 0.5;
Y = kron (eye (K), ones (N, 1));
[~, oi] = cvxnn_bn_collapse (eye (n), Y, 'Lambda', lam);
its = [0 2 5 10 20 40 80 160 320];
if smoke, its = its(1:5); end
M = zeros (numel (its), 6);
net = [];
for k = 1:numel (its)
  if k == 1
    [net, ti] = cvxnn_train (eye (n), Y, 'Lambda', lam, 'Layers', 8, 'BatchNorm', 'std', ...
                             'Bias', false, 'Epochs', 0, 'Seed', 5);
  else
    [net, ti] = cvxnn_train (eye (n), Y, 'Lambda', lam, 'Init', net, ...
                             'Epochs', its(k) - its(k-1), 'Tol', 1e-12);
  end
  H = net.bn.gamma .* (net.W{1} - net.bn.mu) ./ net.bn.scale + net.bn.alpha;
  m = cvxnn_nc_metrics (H, Y, net.W{2}');
  M(k, :) = [ti.objective - oi.objective, m.NC1, m.NC2_maxangle, m.NC3, m.NC3_centered, m.NC4];
end
o = oi.nc;
printf ('closed form: objective %.10f  NC1 %.1e  NC2 %.1e  NC3 %.3f  NC3 (mean removed) %.1e  NC4 %.2f\n', ...
        oi.objective, o.NC1, o.NC2_maxangle, o.NC3, o.NC3_centered, o.NC4);
cs = o.cosines(~eye (K));
printf ('class-mean cosines of the closed form: %s (simplex ETF: %.4f)\n', ...
        mat2str (cs(1:3)', 6), -1 / (K - 1));
printf ('%6s %14s %10s %10s %8s %12s %6s\n', 'iter', 'obj - opt', 'NC1', 'NC2', 'NC3', 'NC3 (cent.)', 'NC4');
printf ('%6d %14.3e %10.2e %10.2e %8.4f %12.2e %6.2f\n', [its; M']);

semilogy (max (its, 1), max (M(:, 1:5), 1e-17), 'o-');
xlabel ('L-BFGS iterations'); ylabel ('metric (0 = collapse)');
legend ('objective - optimum', 'NC1', 'NC2 (max-angle)', 'NC3 (Papyan)', 'NC3 (mean removed)', ...
        'location', 'eastoutside');
title ('E5: neural collapse with batch normalization, K = 4');
