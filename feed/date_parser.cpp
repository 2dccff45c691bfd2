// Placeholder until the date parser lands.
#include "feed/date_parser.h"

namespace feedwatch::feed {
std::optional<UnixSeconds> parse_date(std::string_view) { return std::nullopt; }
}  // namespace feedwatch::feed
