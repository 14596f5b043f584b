% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_runtests (PKGDIR, TESTDIR, LABEL): run every test of the cvxnn package installed
% under the private prefix PKGDIR: the %! blocks of its .m files, the
% *-tst files pkg extracted from src/*.c, each %!demo block (as a smoke
% test, figures invisible), and TESTDIR/*.tst.  Prints failures, one line
% per file, and last "LABEL: N passed, N failed" (LABEL default 'octave').
% Called by tests/run_tests.sh, which adds the C unit tests.

function cvxnn_runtests (pkgdir, testdir, label)
  if nargin < 3
    label = 'octave';
  end
  pkg ('prefix', pkgdir, pkgdir);
  pkg ('local_list', fullfile (pkgdir, 'octave_packages'));
  pkg ('load', 'cvxnn');
  info = pkg ('list', 'cvxnn');
  info = info{1};
  set (0, 'defaultfigurevisible', 'off');

  mfiles = list_files (info.dir, '*.m');
  cfiles = list_files (info.archprefix, '*-tst');
  tfiles = list_files (testdir, '*.tst');
  files = [mfiles; cfiles; tfiles];
  npass = 0; nfail = 0; nskip = 0;
  for k = 1:numel (files)
    f = files{k};
    [n, nmax, nxfail, nbug, ns] = test (f, 'quiet', stdout);
    bad = nmax - n - nxfail - nbug;
    npass = npass + n;
    nfail = nfail + bad;
    nskip = nskip + ns;
    [~, base, ext] = fileparts (f);
    if nmax > 0
      fprintf ('  %-40s %4d passed, %d failed\n', [base ext], n, bad);
    end
    [dp, df] = run_demos (f);
    if dp + df > 0
      fprintf ('  %-40s %4d demos ran, %d failed\n', [base ext], dp, df);
    end
    npass = npass + dp;
    nfail = nfail + df;
  end
  if nskip > 0
    fprintf ('  (%d tests skipped)\n', nskip);
  end
  fprintf ('%s: %d passed, %d failed\n', label, npass, nfail);
end

function c = list_files (folder, pattern)
  d = dir_ (fullfile (folder, pattern));
  c = cellfun (@(s) fullfile (folder, s), sort ({d.name}'), 'UniformOutput', false);
  c = c(:);
end

function d = dir_ (p)
  d = dir (p);
  if isempty (d)
    d = struct ('name', {});
  end
end

% Each %!demo block must run without error: demos are documentation that
% users execute, so they are tested like code.
function [np, nf] = run_demos (f)
  np = 0; nf = 0;
  [~, name, ext] = fileparts (f);
  if ~strcmp (ext, '.m')
    return;
  end
  code = fileread (f);
  blocks = regexp (code, '(?<=^|\n)%!demo\s*\n((?:%![^\n]*\n?)*)', 'tokens');
  for k = 1:numel (blocks)
    body = regexprep (blocks{k}{1}, '(^|\n)%!', '$1');
    try
      evalc_demo (body);
      np = np + 1;
    catch err
      nf = nf + 1;
      fprintf ('!!!!! demo %d of %s failed: %s\n', k, name, err.message);
    end
    close all;
  end
end

function evalc_demo (body)
  evalc (body);
end
