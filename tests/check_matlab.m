% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% check_matlab (ROOT)
%
% What can be checked of MATLAB compatibility without MATLAB:
% 1. the syntax rule: no Octave-only function, operator or keyword in the
%    code lines of inst/ (comments and %! test blocks are Octave's own);
% 2. cvxnn_build_mex builds every gateway (here under Octave, into a
%    temporary folder), and the package's source tree runs on them: a fit
%    through the freshly built gateways certifies.
% Last line "matlab: N passed, N failed"; exits 1 on a failure.

function check_matlab (root)
  passed = 0;
  failed = 0;
  files = [dir(fullfile (root, 'inst', '*.m')); ...
           dir(fullfile (root, 'inst', 'private', '*.m'))];
  bad = {};
  for k = 1:numel (files)
    f = fullfile (files(k).folder, files(k).name);
    bad = [bad, octave_only(f)]; %#ok<AGROW>
  end
  if isempty (bad)
    fprintf ('ok: %d files of inst/ keep to the MATLAB/Octave common syntax\n', numel (files));
    passed = passed + 1;
  else
    fprintf ('FAIL: Octave-only code in inst/:\n');
    fprintf ('  %s\n', bad{:});
    failed = failed + 1;
  end

  % the rule's own test: it finds what it must
  probe = [tempname() '.m'];
  fid = fopen (probe, 'w');
  fprintf (fid, 'n = rows (X); %% rows (X) in a comment is fine\ns = ''columns (X) in a string'';\nif a != b, printf ("n"); endif\n');
  fclose (fid);
  found = octave_only (probe);
  delete (probe);
  if numel (found) == 5
    passed = passed + 1;
  else
    fprintf ('FAIL: the syntax rule found %d of 5 planted constructs:\n', numel (found));
    fprintf ('  %s\n', found{:});
    failed = failed + 1;
  end

  out = tempname ();
  try
    cvxnn_build_mex (out);
    addpath (fullfile (root, 'inst'));
    addpath (out);
    gw = which ('__cvxnn_fit__');
    randn ('state', 3);
    X = randn (30, 3);
    y = randn (30, 1);
    [~, info] = cvxnn_fit (X, y, 'Lambda', 1, 'Arrangements', 20, 'Pool', 'sample');
    if strncmp (gw, out, numel (out)) && strcmp (info.status, 'solved')
      fprintf ('ok: cvxnn_build_mex built the gateways and a fit through them certifies\n');
      passed = passed + 1;
    else
      fprintf ('FAIL: gateway %s, status %s\n', gw, info.status);
      failed = failed + 1;
    end
  catch err
    fprintf ('FAIL: cvxnn_build_mex: %s\n', err.message);
    failed = failed + 1;
  end
  if exist (out, 'dir')
    rmpath (out);
    confirm_recursive_rmdir (false);
    rmdir (out, 's');
  end
  fprintf ('matlab: %d passed, %d failed\n', passed, failed);
  if failed > 0
    exit (1);
  end
end

% file:line: construct, for each Octave-only construct in a code line
function bad = octave_only (f)
  funs = {'rows', 'columns', 'sumsq', 'printf', 'puts', 'fputs', 'fdisp', ...
          'fflush', 'print_usage', 'nthargout', 'isargout', 'ifelse', 'merge', ...
          'numfields', 'postpad', 'prepad', 'lookup', 'index', 'rindex', ...
          'isdigit', 'toascii', 'do_string_escapes', 'ostrsplit', 'substr', ...
          'nproc', 'usleep', 'stdout', 'stderr', 'endfunction', 'endif', ...
          'endfor', 'endwhile', 'endswitch', 'end_try_catch', ...
          'unwind_protect', 'end_unwind_protect', 'until'};
  ops = {'!', '"', '#', '**', '++', '+=', '-=', '*=', '/=', ')('};
  lines = strsplit (fileread (f), "\n");
  bad = {};
  intest = false;
  for k = 1:numel (lines)
    l = lines{k};
    if strncmp (l, '%!', 2)
      intest = true;
    end
    if intest
      continue;                          % tests run in Octave only
    end
    code = mask (l);
    for j = 1:numel (funs)
      if ~isempty (regexp (code, ['(?<![\w.])' funs{j} '(?!\w)'], 'once'))
        bad{end+1} = sprintf ('%s:%d: %s', f, k, funs{j}); %#ok<AGROW>
      end
    end
    code = strrep (code, '~=', '  ');
    for j = 1:numel (ops)
      if ~isempty (strfind (code, ops{j}))
        bad{end+1} = sprintf ('%s:%d: %s', f, k, ops{j}); %#ok<AGROW>
      end
    end
  end
end

% the line with its single-quoted strings blanked and its comment cut
function c = mask (l)
  c = l;
  i = 1;
  prev = ' ';
  while i <= numel (l)
    ch = l(i);
    if ch == '%'
      c = c(1:i-1);
      return;
    elseif ch == '''' && ~(isletter (prev) || any (prev == '0123456789)]}_.'''))
      j = i + 1;
      while j <= numel (l)
        if l(j) == '''' && j < numel (l) && l(j+1) == ''''
          j = j + 2;
        elseif l(j) == ''''
          break;
        else
          j = j + 1;
        end
      end
      c(i+1:min (j, numel (l))-1) = 'x';
      i = j + 1;
      prev = 'x';
      continue;
    end
    if ch ~= ' '
      prev = ch;
    else
      prev = ' ';
    end
    i = i + 1;
  end
end
