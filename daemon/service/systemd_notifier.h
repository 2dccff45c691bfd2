// Tells systemd how the service is doing (Type=notify): READY, STATUS,
// WATCHDOG, RELOADING and STOPPING. Every call is a no-op when not started
// by systemd ($NOTIFY_SOCKET unset), so `feedwatch run` works anywhere.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace feedwatch::service {

class SystemdNotifier {
 public:
  void ready(const std::string& status);
  void status(const std::string& status);
  void reloading();
  void stopping();
  void watchdog_ping();

  // How often to ping: half of WatchdogSec, or nullopt when no watchdog is set.
  std::optional<std::chrono::microseconds> watchdog_interval() const;
};

}  // namespace feedwatch::service
