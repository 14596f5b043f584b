% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [lines, status, secs, latency] = run_with_sigint (body)
% [lines, status, secs, latency] = run_with_sigint (body, 'TERM')
% [...] = run_with_sigint (body, sig, delay, may_exit)
%
% Test helper: run BODY (Octave code that writes its result lines with
% report (...), and report ('ready') just before its long call) in a
% separate octave-cli process with the installed package on the path, send
% it SIGINT (Ctrl-C; or the signal named) DELAY seconds (default 1) after
% 'ready', and return the lines it reported, its exit status, the seconds
% from the signal to its exit (a child alive 30 s after the signal is
% killed) and LATENCY, the seconds from the signal to the first line
% reported after 'ready' (Inf if none): when BODY reports right after
% its long call returns, how long Ctrl-C took to return from it.
% With SIGINT the child must survive the signal: the tests check what it
% reports after the interrupted call, and a nonzero exit is an error
% unless MAY_EXIT (Octave code, not a gateway, is aborted by Ctrl-C as
% any Octave code is: a script ends there).

function [lines, status, secs, latency] = run_with_sigint (body, sig, delay, may_exit)
  if nargin < 2
    sig = 'INT';
  end
  if nargin < 3
    delay = 1;
  end
  if nargin < 4
    may_exit = false;
  end
  p = fileparts (which ('cvxnn_arrangements'));
  a = fileparts (which ('__cvxnn_arrangements__'));
  script = [tempname() '.m'];
  out = [tempname() '.txt'];
  fid = fopen (script, 'w');
  % report closes the file each time: the shell polls it for 'ready';
  % each line starts with the time it was written (Unix seconds)
  fprintf (fid, '1;\nfunction report (s)\n  fid = fopen (''%s'', ''a'');\n', out);
  fprintf (fid, '  fprintf (fid, ''%%.6f %%s\\n'', time (), s);\n  fclose (fid);\nend\n');
  fprintf (fid, 'addpath (''%s''); addpath (''%s'');\n', p, a);
  fprintf (fid, '%s\n', body);
  fclose (fid);
  % in a directory of its own: Octave saves its workspace there on SIGTERM
  cmd = sprintf (['d=$(mktemp -d); cd $d; octave-cli --no-history --norc --silent %s 2>/dev/null & pid=$!; ' ...
                  'for i in $(seq 300); do grep -q ready %s 2>/dev/null && break; sleep 0.1; done; ' ...
                  'sleep %g; s=$(date +%%s%%N); kill -%s $pid; ' ...
                  'for i in $(seq 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done; ' ...
                  'kill -KILL $pid 2>/dev/null; wait $pid; st=$?; ' ...
                  'echo "0 exit $st $(( ($(date +%%s%%N) - s) / 1000000 )) $s" >> %s; ' ...
                  'cd /; rm -rf $d; exit $st'], script, out, delay, sig, out);
  [status, ~] = system (cmd);
  raw = strsplit (strtrim (fileread (out)), "\n");
  unlink (script);
  unlink (out);
  ex = sscanf (raw{end}, '0 exit %f %f %f');
  secs = ex(2) / 1000;
  sent = ex(3) / 1e9;
  raw(end) = [];
  when = zeros (1, numel (raw));
  lines = cell (1, numel (raw));
  for k = 1:numel (raw)
    sp = find (raw{k} == ' ', 1);
    when(k) = str2double (raw{k}(1:sp-1));
    lines{k} = raw{k}(sp+1:end);
  end
  r = find (strcmp (lines, 'ready'), 1);
  latency = Inf;
  if ~isempty (r) && r < numel (lines)
    latency = when(r + 1) - sent;
  end
  if strcmp (sig, 'INT') && status ~= 0 && ~may_exit
    error ('run_with_sigint: the child exited with status %d', status);
  end
end
