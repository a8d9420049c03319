// Which sanitizer the tests were built with: a test whose measure or limit a sanitizer changes
// (its allocator, its shadow memory) adapts or skips. GCC says so with __SANITIZE_ADDRESS__ and
// __SANITIZE_THREAD__, clang 14 only through __has_feature.
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MFSIM_TEST_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define MFSIM_TEST_TSAN 1
#endif
#endif

namespace mfsim::test {

#if defined(__SANITIZE_ADDRESS__) || defined(MFSIM_TEST_ASAN)
inline constexpr bool kBuiltWithAsan = true;
#else
inline constexpr bool kBuiltWithAsan = false;
#endif
#if defined(__SANITIZE_THREAD__) || defined(MFSIM_TEST_TSAN)
inline constexpr bool kBuiltWithTsan = true;
#else
inline constexpr bool kBuiltWithTsan = false;
#endif

}  // namespace mfsim::test
