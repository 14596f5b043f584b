% Run every example in doc/examples (ex_*.m) headless, save its figure as
% doc/figures/<name>.png (800 x 600 px) and its printed numbers as
% doc/figures/<name>.txt.  Used by `make figures`; with the environment
% variable CVXNN_SMOKE set, the examples run at reduced size and nothing
% is written (the CI smoke run).  Last line: "examples: N passed, N failed".
%
% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later

function run_examples (figdir)
  here = fileparts (mfilename ('fullpath'));
  smoke = ~isempty (getenv ('CVXNN_SMOKE'));
  if nargin < 1
    figdir = fullfile (here, '..', 'figures');
  end
  if exist ('OCTAVE_VERSION', 'builtin')
    graphics_toolkit ('gnuplot');          % headless: no display needed
    warning ('off', 'Octave:gnuplot-graphics');
  end
  set (0, 'defaultfigurevisible', 'off');
  files = dir (fullfile (here, 'ex_*.m'));
  passed = 0; failed = 0;
  for k = 1:numel (files)
    [~, name] = fileparts (files(k).name);
    close all;
    figure ('visible', 'off', 'position', [0 0 800 600]);
    t0 = tic;
    try
      out = evalc (sprintf ('run_one (''%s'')', fullfile (here, files(k).name)));
      fprintf ('== %s (%.1f s)\n%s', name, toc (t0), out);
      if ~smoke
        set (gcf, 'paperunits', 'inches', 'paperposition', [0 0 8 6]);
        print (gcf, fullfile (figdir, [name '.png']), '-dpng', '-r100');
        fid = fopen (fullfile (figdir, [name '.txt']), 'w');
        fprintf (fid, '%s', out);
        fclose (fid);
      end
      passed = passed + 1;
    catch err
      fprintf ('!!!!! %s failed: %s\n', name, err.message);
      failed = failed + 1;
    end
  end
  close all;
  fprintf ('examples: %d passed, %d failed\n', passed, failed);
end

function run_one (file)
  % a script runs in this function's own workspace, not the caller's
  run (file);
end
