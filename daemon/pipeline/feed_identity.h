// Who a feed is, as rules and alerts name it: its configured URL, name and
// tags plus the title it gives itself. A plain value built once per
// processed body; thread-safety as for any value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"

namespace feedwatch::pipeline {

struct FeedIdentity {
  std::string url;                             // as configured: the state store's key
  std::optional<std::string> configured_name;  // `name:` in the configuration
  std::optional<std::string> own_title;        // the feed's <title> in this body
  std::vector<std::string> tags;

  // SPEC §2: the configured name, else the feed's own title.
  std::optional<std::string> display_title() const;
  // What a rule's `feed:` field and `feeds:` names see: the configured name
  // and the feed's own title, whichever are present. Views into this value.
  std::vector<std::string_view> names() const;
};

FeedIdentity identity_of(const config::FeedConfig& feed, const std::optional<std::string>& own_title);

}  // namespace feedwatch::pipeline
