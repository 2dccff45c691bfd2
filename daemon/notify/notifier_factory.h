// Builds the notifiers of a configuration (SPEC §2 `notifiers:`). Types this
// version cannot deliver to yet (see the factory's table) come back as
// "unavailable" with the reason, not as an error: the delivery service keeps
// their deliveries pending, so a later feedwatch sends them and nothing is lost.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "daemon/config/config.h"
#include "daemon/notify/notifier.h"

namespace boost::asio {
class io_context;
}

namespace feedwatch::notify {

struct NotifierSet {
  std::map<std::string, std::unique_ptr<Notifier>> available;  // by configured name
  std::map<std::string, std::string> unavailable;              // name -> why, for the log
};

// The notifier `config` describes, or nullptr with `*error` saying why (a
// type not implemented in this version). REQUIRES: `loop` outlives it.
std::unique_ptr<Notifier> make_notifier(boost::asio::io_context& loop,
                                        const config::NotifierConfig& config, std::string* error);

// Every notifier of the configuration, sorted into available and unavailable.
NotifierSet make_notifiers(boost::asio::io_context& loop,
                           const std::map<std::string, config::NotifierConfig>& configs);

}  // namespace feedwatch::notify
