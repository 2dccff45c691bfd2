// The normalized form of a parsed feed (SPEC §4): what every format is reduced
// to, and what the rule engine and the daemon consume. Plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace feedwatch::feed {

// Seconds since the Unix epoch, UTC. Years before 1970 are negative.
using UnixSeconds = std::int64_t;

// One item of a feed. A field the feed does not carry stays empty
// (std::nullopt): nothing is copied from one field into another.
struct Entry {
  std::string id;  // guid/id, else link, else a stable hash of title+date
  std::optional<std::string> title;
  std::optional<std::string> link;  // absolute
  std::optional<UnixSeconds> published;
  std::optional<UnixSeconds> updated;
  std::optional<std::string> author;
  std::vector<std::string> categories;
  std::optional<std::string> summary;  // plain text
  std::optional<std::string> content;  // plain text
};

struct Feed {
  std::string format;  // rss0.91 | rss0.92 | rss1.0 | rss2.0 | atom0.3 | atom1.0 | json1.0 | json1.1
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> language;
  // Problems met while parsing a document that still yielded a feed, each
  // saying where ("line 88, col 3: mismatched tag; 12 entries parsed before it").
  std::vector<std::string> errors;
  std::vector<Entry> entries;
};

}  // namespace feedwatch::feed
