// Reads the feed subscriptions out of an OPML file (the format feed readers
// export): every <outline> with an xmlUrl, at any depth.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace feedwatch::config {

struct OpmlFeed {
  std::string url;
  std::string title;  // the outline's title or text; may be empty
};

struct OpmlError {
  std::string message;  // "line 3, col 5: mismatched end tag"
};

std::variant<std::vector<OpmlFeed>, OpmlError> read_opml(std::string_view text);

// The feeds as a YAML `feeds:` list, for `feedwatch import-opml`.
std::string opml_feeds_as_yaml(const std::vector<OpmlFeed>& feeds);

}  // namespace feedwatch::config
