#include "daemon/cli/state_access.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>

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
  // Never created here: a file deleted under a running daemon must stay
  // absent until the daemon writes back what it held.
  state::StoreOptions options;
  options.create_if_missing = false;
  std::error_code ignored;
  if (!std::filesystem::exists(loaded.config.state_path, ignored)) {
    std::cerr << "feedwatch " << command << ": there is no state database at " << loaded.config.state_path.string()
              << ": `feedwatch run` or `once` creates it (and a running daemon writes back one deleted under it)\n";
    return std::nullopt;
  }
  auto store = state::StateStore::open(loaded.config.state_path, options);
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
