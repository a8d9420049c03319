// A check that stays on in release builds: libFuzzer reports the abort as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

#define MFSIM_FUZZ_CHECK(condition)                                                          \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)
