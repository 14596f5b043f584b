% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% cvxnn_build_mex
% cvxnn_build_mex (OUTDIR)
%
% Builds cvxnn's MEX gateways from src/ for the running host, for users of
% the source tree (Octave users normally install the package with
% pkg install, which builds them by src/Makefile):
%   MATLAB R2018a or later: mex -R2018a, linking MATLAB's BLAS and LAPACK
%     (64-bit integers; unsuffixed names on Windows); the gateways are
%     named cvxnn_mex_<kernel>;
%   Octave: mkoctfile --mex with Octave's BLAS, LAPACK and integer width;
%     the gateways are named __cvxnn_<kernel>__.
% OUTDIR defaults to the inst/ folder beside this file, so that
% addpath (fullfile (pwd, 'inst')) is then all a MATLAB session needs.
% The C core is compiled once, then linked into each gateway.

function cvxnn_build_mex (outdir)
  root = fileparts (mfilename ('fullpath'));
  src = fullfile (root, 'src');
  if nargin < 1
    outdir = fullfile (root, 'inst');
  end
  if ~exist (outdir, 'dir')
    mkdir (outdir);
  end
  octave = exist ('OCTAVE_VERSION', 'builtin') ~= 0;
  gws = dir (fullfile (src, '__cvxnn_*__.c'));
  core = dir (fullfile (src, 'cvxnn_*.c'));
  if isempty (gws) || isempty (core)
    error ('cvxnn:build_mex:sources', 'cvxnn_build_mex: no sources in %s', src);
  end
  objdir = tempname ();
  mkdir (objdir);
  cleanup = onCleanup (@() rmdir (objdir, 's'));
  if octave
    [defs, libs] = octave_flags ();
  else
    defs = {'-DCVXNN_BLAS_INT64'};
    if ispc ()
      defs{end+1} = '-DCVXNN_BLAS_NO_UNDERSCORE';
    end
    libs = {'-lmwlapack', '-lmwblas'};
  end
  objs = cell (1, numel (core));
  for k = 1:numel (core)
    fprintf ('cvxnn_build_mex: compiling %s\n', core(k).name);
    c = fullfile (src, core(k).name);
    [~, base] = fileparts (core(k).name);
    if octave
      objs{k} = fullfile (objdir, [base '.o']);
      run_octave ({'--mex', '-c', defs{:}, c, '-o', objs{k}});
    else
      mex ('-R2018a', '-c', defs{:}, c, '-outdir', objdir);
      o = dir (fullfile (objdir, [base '.o*']));
      objs{k} = fullfile (objdir, o(1).name);
    end
  end
  for k = 1:numel (gws)
    kernel = regexprep (gws(k).name, '^__cvxnn_(.*)__\.c$', '$1');
    c = fullfile (src, gws(k).name);
    if octave
      out = fullfile (outdir, ['__cvxnn_' kernel '__.mex']);
      fprintf ('cvxnn_build_mex: linking %s\n', out);
      run_octave ({'--mex', defs{:}, '-o', out, c, objs{:}, libs{:}});
    else
      fprintf ('cvxnn_build_mex: linking cvxnn_mex_%s\n', kernel);
      mex ('-R2018a', defs{:}, '-outdir', outdir, '-output', ...
           ['cvxnn_mex_' kernel], c, objs{:}, libs{:});
    end
  end
end

% The flags of src/Makefile: Octave's Fortran INTEGER width (read from the
% headers mkoctfile compiles against), its BLAS and LAPACK, and no FMA
% contraction (the random streams stay bit-identical across machines).
function [defs, libs] = octave_flags ()
  inc = strtrim (mkoctfile ('-p', 'OCTINCLUDEDIR'));
  cfg = fileread (fullfile (inc, 'octave-config.h'));
  w = regexp (cfg, 'define OCTAVE_SIZEOF_F77_INT_TYPE\s+(\d+)', 'tokens', 'once');
  if isempty (w)
    error ('cvxnn:build_mex:config', ...
           'cvxnn_build_mex: cannot read OCTAVE_SIZEOF_F77_INT_TYPE from %s', inc);
  end
  defs = {'-DCVXNN_OCTAVE', '-R2018a'};
  if strcmp (w{1}, '8')
    defs{end+1} = '-DCVXNN_BLAS_INT64';
  end
  libs = [strsplit(strtrim (mkoctfile ('-p', 'LAPACK_LIBS'))), ...
          strsplit(strtrim (mkoctfile ('-p', 'BLAS_LIBS'))), ...
          strsplit(strtrim (mkoctfile ('-p', 'FLIBS')))];
  libs = libs(~cellfun (@isempty, libs));
  cflags = strtrim (mkoctfile ('-p', 'CFLAGS'));
  setenv ('CFLAGS', [cflags ' -std=gnu99 -Wall -Wextra ' ...
                     '-Werror=implicit-function-declaration -ffp-contract=off']);
end

function run_octave (args)
  [out, status] = mkoctfile (args{:});
  if status ~= 0
    error ('cvxnn:build_mex:compile', 'cvxnn_build_mex: mkoctfile %s failed:\n%s', ...
           strjoin (args, ' '), out);
  end
end
