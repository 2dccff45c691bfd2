// `feedwatch run` (the daemon, until SIGTERM/SIGINT; SIGHUP reloads) and
// `feedwatch once [--all]` (one cycle, then exit): SPEC §1.
#pragma once

#include <string>

namespace feedwatch::cli {

struct RunCommandOptions {
  std::string config_path;
  bool once = false;
  bool all_feeds = false;  // once --all
};

int run_daemon_command(const RunCommandOptions& options);

}  // namespace feedwatch::cli
