// Parses the dates found in feeds: RFC 822 with its common deviations
// (two-digit years, named zones, missing seconds, extra spaces), RFC 3339 and
// ISO 8601 variants, asctime. Never invents a date: unparsable is nullopt.
#pragma once

#include <optional>
#include <string_view>

#include "feed/feed.h"

namespace feedwatch::feed {

std::optional<UnixSeconds> parse_date(std::string_view text);

}  // namespace feedwatch::feed
