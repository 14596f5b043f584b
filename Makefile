# cvxnn top-level Makefile.
#
#   make demo     set up (Octave via apt-get if missing), build, install into
#                 a private prefix under build/, run the main job
#   make check    the same, then every test; last line "N passed, N failed"
#   make memcheck every gateway and option path under valgrind (also in check)
#   make dist     tarball build/cvxnn-VERSION.tar.gz (git archive, no CI files)
#   make release  the same with the built manual: build/release/cvxnn-VERSION.tar.gz
#   make install  install the tarball into your own Octave (pkg install -local)
#   make uninstall  remove it again (pkg uninstall -local)
#   make bench    benchmarks (bench/), results printed side by side
#   make clean
#
# Copyright (C) 2026 The cvxnn developers
# SPDX-License-Identifier: GPL-3.0-or-later

SHELL := /bin/bash
NAME := cvxnn
VERSION := $(shell sed -n 's/^Version: *//p' DESCRIPTION)
BUILD := build
ABSBUILD := $(abspath $(BUILD))
TARBALL := $(BUILD)/$(NAME)-$(VERSION).tar.gz
PKGDIR := $(ABSBUILD)/pkg
OCTAVE := octave-cli --no-history --norc --silent
# Every octave-cli call that uses the private install repeats these
# settings: pkg keeps them for one session only.
PKGENV := pkg prefix '$(PKGDIR)' '$(PKGDIR)'; pkg local_list '$(PKGDIR)/octave_packages';

SAN_FLAGS := -std=c99 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
             -fno-omit-frame-pointer -fno-sanitize-recover=all -ffp-contract=off -fopenmp
CORE_SRC := src/cvxnn_common.c src/cvxnn_arr_store.c src/cvxnn_arr_sample.c \
            src/cvxnn_arr_exact.c src/cvxnn_arr_cells.c src/cvxnn_cone.c \
            src/cvxnn_fit.c src/cvxnn_fit_ops.c src/cvxnn_fit_cert.c src/cvxnn_fit_polish.c \
            src/cvxnn_fit_fista.c src/cvxnn_fit_ssn.c src/cvxnn_fit_sigma.c src/cvxnn_fit_newton.c src/cvxnn_fit_cg.c src/cvxnn_fit_pcg.c \
            src/cvxnn_net.c src/cvxnn_train.c src/cvxnn_train_full.c \
            src/cvxnn_train_sgd.c src/cvxnn_dual.c src/cvxnn_linalg.c src/cvxnn_gates.c src/cvxnn_blas_small.c
CORE_H := src/cvxnn_core.h src/cvxnn_blas.h src/cvxnn_internal.h src/cvxnn_arr_internal.h \
          src/cvxnn_fit_internal.h src/cvxnn_train_internal.h \
          src/cvxnn_fit_ssn.h
UNIT_TESTS := $(BUILD)/test_core
# the core's unit tests: test_core.c's main, a file per kernel and the
# shared unit_util.c (dump_core.c is the separate byte-for-byte check)
UNIT_SRC := $(filter-out tests/unit/dump_core.c,$(wildcard tests/unit/*.c))

.PHONY: all deps deps-valgrind memcheck dist release uninstall pkg-install demo check unit install bench bench-arrangements bench-fit bench-fit-grid \
        bench-train bench-dual bench-interrupt bench-adam figures doc deps-doc same-outputs bench-same clean

all: pkg-install

# Octave and its headers, installed only when missing (Debian; root or sudo).
deps:
	@if ! command -v octave-cli >/dev/null 2>&1 || ! command -v mkoctfile >/dev/null 2>&1; then \
	  echo "cvxnn: octave-cli or mkoctfile missing: installing octave liboctave-dev"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q octave liboctave-dev; \
	fi

# The tarball holds the committed tree plus uncommitted edits of tracked
# files (git stash create); outside git, the working tree as it is.
dist:
	@mkdir -p $(BUILD)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  ref=$$(git stash create); ref=$${ref:-HEAD}; \
	  untracked=$$(git ls-files --others --exclude-standard -- src inst DESCRIPTION INDEX); \
	  [ -z "$$untracked" ] || echo "cvxnn: warning: untracked files not in the tarball: $$untracked"; \
	  git archive --format=tar.gz --prefix=$(NAME)-$(VERSION)/ -o $(TARBALL) $$ref; \
	else \
	  tar -czf $(TARBALL) --exclude=./$(BUILD) --exclude=./.git \
	      --transform 's,^\.,$(NAME)-$(VERSION),' .; \
	fi
	@echo "cvxnn: wrote $(TARBALL)"

# The release tarball: dist's tarball (doc builds it, through pkg-install)
# and the manual built from it (doc/cvxnn.html and the texinfo files
# generated from the docstrings).
RELEASE := $(BUILD)/release/$(NAME)-$(VERSION).tar.gz
release: doc
	@mkdir -p $(BUILD)/release
	gzip -dc $(TARBALL) > $(BUILD)/release/tree.tar
	tar --append -f $(BUILD)/release/tree.tar --transform 's,^,$(NAME)-$(VERSION)/,' \
	    doc/cvxnn.html doc/functions.texi doc/version.texi
	gzip -9 -c $(BUILD)/release/tree.tar > $(RELEASE) && rm $(BUILD)/release/tree.tar
	@echo "cvxnn: wrote $(RELEASE)"

pkg-install: deps dist
	@rm -rf $(PKGDIR) && mkdir -p $(PKGDIR)
	$(OCTAVE) --eval "$(PKGENV) pkg install -local '$(abspath $(TARBALL))'"

demo: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); addpath ('$(abspath doc/examples)'); main_job ();"

# Tools of the manual (gnuplot renders the figures headless, makeinfo the
# HTML), installed only when missing, like deps.
deps-doc:
	@missing=; command -v gnuplot >/dev/null 2>&1 || missing="$$missing gnuplot-nox"; \
	command -v makeinfo >/dev/null 2>&1 || missing="$$missing texinfo"; \
	if [ -n "$$missing" ]; then \
	  echo "cvxnn: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

# The manual's figures (doc/figures: PNG and the numbers behind each), headless.
figures: pkg-install deps-doc
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); addpath ('$(abspath doc/examples)'); run_examples ();"

# The manual: doc/functions.texi from the docstrings, then HTML (texinfo).
doc: pkg-install deps-doc
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); addpath ('$(abspath doc)'); mkdoc ('$(abspath doc)');"
	cd doc && makeinfo --html --no-split --no-headers -o cvxnn.html cvxnn.texi
	@echo "cvxnn: wrote doc/cvxnn.html"

# CVX_POLISH_BLOCK=64: the polish's row blocks of a few rows, so that the
# tests' small problems go through the blocked Hessian's accumulation.
$(UNIT_TESTS): $(UNIT_SRC) tests/unit/unit.h $(CORE_SRC) $(CORE_H) | deps
	@mkdir -p $(BUILD)
	gcc $(SAN_FLAGS) -DCVX_POLISH_BLOCK=64 -Isrc -o $@ $(UNIT_SRC) $(CORE_SRC) \
	    $$(mkoctfile -p LAPACK_LIBS) $$(mkoctfile -p BLAS_LIBS) -lm

unit: $(UNIT_TESTS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(UNIT_TESTS)

check: pkg-install deps-doc deps-valgrind $(UNIT_TESTS)
	bash tests/run_tests.sh '$(PKGDIR)' '$(abspath $(UNIT_TESTS))'

# Every gateway and option path under valgrind (part of check as well).
memcheck: pkg-install deps-valgrind
	bash tests/memcheck.sh '$(PKGDIR)'

deps-valgrind:
	@if ! command -v valgrind >/dev/null 2>&1; then \
	  echo "cvxnn: valgrind missing: installing it"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q valgrind; \
	fi

install: deps dist
	$(OCTAVE) --eval "pkg install -local '$(abspath $(TARBALL))'"

# The counterpart of install: -local as there (as root, a plain
# pkg uninstall looks in the global list and leaves the local entry).
uninstall:
	$(OCTAVE) --eval "pkg uninstall -local $(NAME)"

$(BUILD)/bench_core: bench/bench_core.c $(CORE_SRC) $(CORE_H) | deps
	@mkdir -p $(BUILD)
	gcc -std=c99 -O2 -ffp-contract=off -Isrc -o $@ bench/bench_core.c $(CORE_SRC) \
	    $$(mkoctfile -p LAPACK_LIBS) $$(mkoctfile -p BLAS_LIBS) -lm

bench: bench-arrangements bench-fit bench-fit-grid bench-train bench-dual bench-interrupt bench-adam

bench-arrangements: pkg-install $(BUILD)/bench_core
	BENCH_CORE='$(ABSBUILD)/bench_core' \
	  $(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_arrangements.m)');"

bench-fit: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_fit.m)');"

bench-fit-grid: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_fit_grid.m)');"

bench-adam: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_vs_adam.m)');"

bench-train: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_train.m)');"

bench-dual: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); run ('$(abspath bench/bench_dual.m)');"

bench-interrupt: pkg-install
	$(OCTAVE) --eval "$(PKGENV) pkg load $(NAME); addpath ('$(abspath bench)'); bench_interrupt ();"

# A refactoring of src/ leaves every output bit for bit the same: the core
# of BASE (a commit; default HEAD) and the working tree's, each linked into
# tests/unit/dump_core.c and run on this machine, must write equal bytes.
BASE ?= HEAD
same-outputs: | deps
	@rm -rf $(BUILD)/same && mkdir -p $(BUILD)/same/base
	git archive '$(BASE)' src | tar -x -C $(BUILD)/same/base
	for t in base work; do \
	  if [ $$t = base ]; then s=$(BUILD)/same/base/src; else s=src; fi; \
	  gcc -std=c99 -O2 -ffp-contract=off -I$$s -o $(BUILD)/same/dump_$$t \
	      tests/unit/dump_core.c $$(ls $$s/cvxnn_*.c | grep -v mexutil) \
	      $$(mkoctfile -p LAPACK_LIBS) $$(mkoctfile -p BLAS_LIBS) -lm || exit 1; \
	  OPENBLAS_NUM_THREADS=1 $(BUILD)/same/dump_$$t > $(BUILD)/same/$$t.out 2> $(BUILD)/same/$$t.log || exit 1; \
	done
	cmp $(BUILD)/same/base.out $(BUILD)/same/work.out
	@echo "cvxnn: the core's outputs are bit for bit those of $(BASE) ($$(wc -c < $(BUILD)/same/work.out) bytes)"

# The same programs' speed: bench/bench_refactor.c linked against both
# cores, run alternately three times; the ratio is work / base.
bench-same: same-outputs
	for t in base work; do \
	  if [ $$t = base ]; then s=$(BUILD)/same/base/src; else s=src; fi; \
	  gcc -std=c99 -O2 -ffp-contract=off -I$$s -o $(BUILD)/same/bench_$$t \
	      bench/bench_refactor.c $$(ls $$s/cvxnn_*.c | grep -v mexutil) \
	      $$(mkoctfile -p LAPACK_LIBS) $$(mkoctfile -p BLAS_LIBS) -lm || exit 1; \
	done
	for r in 1 2 3; do for t in base work; do \
	  $(BUILD)/same/bench_$$t | sed "s/^/$$t /"; done; done > $(BUILD)/same/bench.txt
	@awk '{ s[$$1 " " $$2] += $$3 } END { for (k in s) { split (k, a, " "); \
	  if (a[1] == "work") printf "%-28s base %8.3f s  work %8.3f s  ratio %.3f\n", \
	  a[2], s["base " a[2]] / 3, s[k] / 3, s[k] / s["base " a[2]] } }' $(BUILD)/same/bench.txt | sort

clean:
	rm -rf $(BUILD)
	$(MAKE) -C src clean
