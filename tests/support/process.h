// Runs the real feedwatch binary (or any command) for end-to-end tests and
// captures its exit code, output, peak memory and run time. Test-only; POSIX.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace feedwatch::testing {

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string standard_output;
  std::string standard_error;
  // The child's peak resident set (wait4's ru_maxrss). Linux counts the
  // resident set the child had when it was forked from the test process,
  // so this is an upper bound: a bound asserted on it holds for the child.
  std::size_t peak_memory_bytes = 0;
  std::chrono::milliseconds elapsed{0};  // from fork to exit
};

// Runs `arguments` (argv[0] is looked up in PATH unless it holds a '/'), with
// `standard_input` written to its stdin. Blocks until it exits.
ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::string& standard_input = "");

}  // namespace feedwatch::testing
