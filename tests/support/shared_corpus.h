// Access to ../shared (the conformance corpus and seed articles), which sits
// beside a developer's or CI's checkout but not beside a user's clone.
#pragma once

#include <filesystem>
#include <string>

#include "tests/support/test_skip.h"

namespace feedwatch::testing {

inline std::filesystem::path shared_dir() { return FEEDWATCH_SHARED_DIR; }

// Ends the current test process as skipped when ../shared/<relative> is
// absent. Each TEST_CASE runs in its own process under CTest, so only the
// calling test is skipped.
inline std::filesystem::path require_shared(const std::string& relative) {
  std::filesystem::path path = shared_dir() / relative;
  if (!std::filesystem::exists(path)) {
    skip_test(path.string() + " is absent (only developer checkouts have ../shared)");
  }
  return path;
}

}  // namespace feedwatch::testing
