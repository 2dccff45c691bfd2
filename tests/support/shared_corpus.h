// Access to ../shared (the conformance corpus and seed articles), which sits
// beside a developer's or CI's checkout but not beside a user's clone.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace feedwatch::testing {

// CTest reports a test whose output holds this marker as skipped
// (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt); the exit code cannot
// carry it, since Catch2's is the number of failed assertions.
inline constexpr const char* kSkipMarker = "FEEDWATCH_TEST_SKIPPED";

inline std::filesystem::path shared_dir() { return FEEDWATCH_SHARED_DIR; }

// Ends the current test process as skipped when ../shared/<relative> is
// absent. Each TEST_CASE runs in its own process under CTest, so only the
// calling test is skipped.
inline std::filesystem::path require_shared(const std::string& relative) {
  std::filesystem::path path = shared_dir() / relative;
  if (!std::filesystem::exists(path)) {
    std::printf("%s: %s is absent (only developer checkouts have ../shared)\n", kSkipMarker,
                path.string().c_str());
    std::fflush(stdout);
    std::exit(0);
  }
  return path;
}

}  // namespace feedwatch::testing
