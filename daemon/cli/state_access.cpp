#include "daemon/cli/state_access.h"

#include <chrono>
#include <iostream>

#include "daemon/config/config_loader.h"

namespace feedwatch::cli {

std::optional<OpenedState> open_state_for(const std::string& config_path,
                                          const std::string& command) {
  auto loaded = config::load_config(config_path);
  if (!loaded.ok()) {
    for (const auto& error : loaded.errors) std::cerr << error.to_string() << "\n";
    std::cerr << "feedwatch " << command << ": fix the configuration first (feedwatch check)\n";
    return std::nullopt;
  }
  auto store = state::StateStore::open(loaded.config.state_path);
  if (!store.ok()) {
    std::cerr << "feedwatch " << command << ": " << store.status().message() << "\n";
    return std::nullopt;
  }
  return OpenedState{std::move(loaded.config), std::move(store).value()};
}

state::UnixSeconds unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace feedwatch::cli
