// Opens the state database named by a configuration, for the commands that
// only read or adjust state (`status`, `alerts`) while a daemon may be
// running: SQLite's WAL mode lets them share the file.
#pragma once

#include <optional>
#include <string>

#include "daemon/config/config.h"
#include "daemon/state/state_store.h"

namespace feedwatch::cli {

struct OpenedState {
  config::Config config;
  state::StateStore store;
};

// Never creates the database. Prints what went wrong (naming the file, or
// saying that there is none yet) to stderr and returns nullopt.
std::optional<OpenedState> open_state_for(const std::string& config_path,
                                          const std::string& command);

// Seconds since the epoch, now.
state::UnixSeconds unix_now();

}  // namespace feedwatch::cli
