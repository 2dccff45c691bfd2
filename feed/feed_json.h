// Renders a Feed as the normalized JSON of SPEC §4 (`feedwatch parse --json`).
#pragma once

#include <string>

#include "feed/feed.h"

namespace feedwatch::feed {

// One JSON object, UTF-8, no trailing newline. Absent fields are null.
std::string to_json(const Feed& feed);

// RFC 3339 UTC with a 'Z' and whole seconds: "2025-02-22T09:30:00Z".
std::string format_rfc3339(UnixSeconds seconds);

}  // namespace feedwatch::feed
