// How a test reports itself skipped: CTest counts a test whose output holds
// kSkipMarker as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt);
// the exit code cannot carry it, since Catch2's is the number of failed
// assertions. Test-only.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace feedwatch::testing {

inline constexpr const char* kSkipMarker = "FEEDWATCH_TEST_SKIPPED";

// Prints the marker with `reason` and ends the test process with 0. Each
// TEST_CASE runs in its own process under CTest, so only the caller skips.
[[noreturn]] inline void skip_test(const std::string& reason) {
  std::printf("%s: %s\n", kSkipMarker, reason.c_str());
  std::fflush(stdout);
  std::exit(0);
}

}  // namespace feedwatch::testing
