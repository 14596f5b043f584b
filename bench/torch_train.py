#!/usr/bin/python3
"""Train the cvxnn network with torch's Adam, for the benchmarks only.

Reads X (n x d) and Y (n x K) written by bench/*.m as little-endian float64
(a header of two int64 per matrix: rows, columns; column-major data), and
builds the network cvxnn_train builds: hidden Linear layers with bias,
ReLU, an output Linear layer without bias, float64.  The objective is the
package's: 0.5 |F - Y|_F^2 (summed, not averaged) + (lam/2) * |theta|^2,
and a minibatch of b rows steps along (n/b) grad loss_b + lam theta, the
gradient cvxnn_train uses, with the same Adam hyperparameters.

Usage: torch_train.py DATA LAYERS LAM LR BATCH MODE VALUE
  LAYERS  hidden widths, comma separated ("64,64")
  MODE    "epochs": run VALUE epochs, print "EPOCH_SECONDS s" (mean over
          the epochs after the first) and "OBJECTIVE f"
          "seconds": run whole epochs until VALUE seconds have passed,
          print "OBJECTIVE f" and "EPOCHS e"
Copyright (C) 2026 The cvxnn developers
SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import sys
import time

import numpy as np
import torch


def read_matrix(f):
    rows, cols = np.fromfile(f, dtype="<i8", count=2)
    a = np.fromfile(f, dtype="<f8", count=int(rows * cols))
    return a.reshape((int(cols), int(rows))).T.copy()


def main():
    path, layers, lam, lr, batch, mode, value = sys.argv[1:8]
    with open(path, "rb") as f:
        X = torch.from_numpy(read_matrix(f))
        Y = torch.from_numpy(read_matrix(f))
    lam, lr, batch, value = float(lam), float(lr), int(batch), float(value)
    widths = [X.shape[1]] + [int(w) for w in layers.split(",") if w] + [Y.shape[1]]
    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", os.cpu_count())))
    torch.manual_seed(0)
    mods = []
    for i in range(len(widths) - 1):
        last = i == len(widths) - 2
        mods.append(torch.nn.Linear(widths[i], widths[i + 1], bias=not last))
        if not last:
            mods.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*mods).double()
    opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8)
    n = X.shape[0]

    def objective():
        with torch.no_grad():
            F = net(X)
            reg = sum((p * p).sum() for p in net.parameters())
            return float(0.5 * ((F - Y) ** 2).sum() + 0.5 * lam * reg)

    def epoch():
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            F = net(X[idx])
            reg = sum((p * p).sum() for p in net.parameters())
            loss = (n / len(idx)) * 0.5 * ((F - Y[idx]) ** 2).sum() + 0.5 * lam * reg
            loss.backward()
            opt.step()

    if mode == "epochs":
        times = []
        for _ in range(int(value)):
            t0 = time.perf_counter()
            epoch()
            times.append(time.perf_counter() - t0)
        steady = times[1:] if len(times) > 1 else times
        print("EPOCH_SECONDS %.6f" % (sum(steady) / len(steady)))
        print("OBJECTIVE %.10e" % objective())
    else:
        t0 = time.perf_counter()
        e = 0
        while time.perf_counter() - t0 < value:
            epoch()
            e += 1
        print("OBJECTIVE %.10e" % objective())
        print("EPOCHS %d" % e)


if __name__ == "__main__":
    main()
