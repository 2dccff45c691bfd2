// Runs the real feedwatch binary (or any command) for end-to-end tests and
// captures its exit code and output. Test-only; POSIX.
#pragma once

#include <string>
#include <vector>

namespace feedwatch::testing {

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string standard_output;
  std::string standard_error;
  long peak_rss_kib = 0;  // the child's maximum resident set size (getrusage's ru_maxrss)
};

// Runs `arguments` (argv[0] is looked up in PATH unless it holds a '/'), with
// `standard_input` written to its stdin. Blocks until it exits.
ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::string& standard_input = "");

}  // namespace feedwatch::testing
