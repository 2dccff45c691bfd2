// `feedwatch alerts [--failed] [--retry ID | --retry-failed]`: lists recent
// alerts with their delivery state per notifier, and requeues failed ones
// (SPEC §1, §5). Safe to run while the daemon runs.
#pragma once

#include <string>

namespace feedwatch::cli {

struct AlertsCommandOptions {
  std::string config_path;
  bool only_failed = false;
  std::string retry_id;       // requeue this alert
  bool retry_failed = false;  // requeue every failed alert
  int limit = 50;
  bool json = false;
};

int run_alerts_command(const AlertsCommandOptions& options);

}  // namespace feedwatch::cli
