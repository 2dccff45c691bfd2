#include "daemon/notify/wall_clock.h"

#include <chrono>

namespace feedwatch::notify {

state::UnixSeconds system_unix_seconds() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
}

}  // namespace feedwatch::notify
