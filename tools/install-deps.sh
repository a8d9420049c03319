#!/usr/bin/env bash
# Installs every Debian 12 package mfsim needs to build, test and benchmark.
# Safe to run again; needs root (or sudo) and the Debian package mirrors.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  git                   # mfsim --version names the commit it was built from
  help2man              # the man page, written from mfsim --help at build time
  dpkg-dev file         # cpack -G DEB: dpkg-shlibdeps works out Depends (file finds the binaries)
  libmimetic-dev        # MIME parsing and codecs (RFC 2047 bodies, differential tests)
  libboost-regex-dev    # *MatchesPatterns conditions, with a bounded matcher
  libicu-dev            # patterns match characters, not UTF-8 bytes (Boost.Regex ICU, decision 851)
  libfmt-dev            # all formatting
  libyaml-cpp-dev       # the rule-set file format, with line:col marks
  nlohmann-json3-dev    # reading JSONL (expectations, tests); writing is hand-rolled for speed
  libcli11-dev          # the command line: subcommands, typed options, generated --help
  zlib1g-dev            # gzip-compressed corpora
  libolecf-dev          # Outlook .msg files (OLE compound files), fuzzed upstream
  libpff-dev            # Outlook PST files (eDiscovery and Content Search exports)
  libbfio-dev           # memory handles for libolecf and libpff (neither declares it)
  libzip-dev            # ZIP archives of .msg/.eml (Content Search exports)
  libarchive-dev        # 7z, RAR, cabinet and bzip2 attachments, loaded when first met
  liburing-dev          # io_uring: a run of header reads in one system call (decision 333)
  libexpat1-dev         # exported transport rules (XML), with byte offsets and entity limits
  nettle-dev            # MD5, RC4, AES, SHA-2: PDFs encrypted with an empty password
  doctest-dev           # unit and end-to-end tests
  libbenchmark-dev      # Google Benchmark
  chromium              # headless browser: the HTML report tests render the report in it
  clang-14              # fuzz targets: libFuzzer needs clang (tools/fuzz.sh, tools/fuzz-smoke.sh)
  libclang-rt-14-dev    # libFuzzer and the sanitizer runtimes for clang
  clang-format-14       # the layout of every source file (tools/check-format.sh, in .ci/run)
  python3-distributed   # tools/mfsim-dask: shards as Dask tasks (docs/scale-out.md)
  slurm-wlm munge       # tests/slurm_recipe_test.sh: the Slurm recipe on a one-node Slurm
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
