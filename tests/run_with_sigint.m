% Copyright (C) 2026 The cvxnn developers
% SPDX-License-Identifier: GPL-3.0-or-later
%
% [lines, status, secs] = run_with_sigint (body)
% [lines, status, secs] = run_with_sigint (body, 'TERM')
%
% Test helper: run BODY (Octave code that writes its result lines with
% report (...), and report ('ready') just before its long call) in a
% separate octave-cli process with the installed package on the path, send
% it SIGINT (Ctrl-C; or the signal named) one second after 'ready', and
% return the lines it reported, its exit status and the seconds from the
% signal to its exit (a child alive 30 s after the signal is killed).
% With SIGINT the child must survive the signal: the tests check what it
% reports after the interrupted call, and a nonzero exit is an error.

function [lines, status, secs] = run_with_sigint (body, sig)
  if nargin < 2
    sig = 'INT';
  end
  p = fileparts (which ('cvxnn_arrangements'));
  a = fileparts (which ('__cvxnn_arrangements__'));
  script = [tempname() '.m'];
  out = [tempname() '.txt'];
  fid = fopen (script, 'w');
  % report closes the file each time: the shell polls it for 'ready'
  fprintf (fid, '1;\nfunction report (s)\n  fid = fopen (''%s'', ''a'');\n', out);
  fprintf (fid, '  fprintf (fid, ''%%s\\n'', s);\n  fclose (fid);\nend\n');
  fprintf (fid, 'addpath (''%s''); addpath (''%s'');\n', p, a);
  fprintf (fid, '%s\n', body);
  fclose (fid);
  % in a directory of its own: Octave saves its workspace there on SIGTERM
  cmd = sprintf (['d=$(mktemp -d); cd $d; octave-cli --no-history --norc --silent %s 2>/dev/null & pid=$!; ' ...
                  'for i in $(seq 300); do grep -q ready %s 2>/dev/null && break; sleep 0.1; done; ' ...
                  'sleep 1; kill -%s $pid; s=$(date +%%s%%N); ' ...
                  'for i in $(seq 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done; ' ...
                  'kill -KILL $pid 2>/dev/null; wait $pid; st=$?; ' ...
                  'echo "exit $st $(( ($(date +%%s%%N) - s) / 1000000 ))" >> %s; ' ...
                  'cd /; rm -rf $d; exit $st'], script, out, sig, out);
  [status, ~] = system (cmd);
  lines = strsplit (strtrim (fileread (out)), "\n");
  unlink (script);
  unlink (out);
  ex = sscanf (lines{end}, 'exit %d %d');
  secs = ex(2) / 1000;
  lines(end) = [];
  if strcmp (sig, 'INT') && status ~= 0
    error ('run_with_sigint: the child exited with status %d', status);
  end
end
