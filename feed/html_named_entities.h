// The table of HTML named character references (&mdash;, &nbsp;, ...) that
// feeds use inside XML although XML does not define them. Read-only data,
// thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace feedwatch::feed {

// `name` without '&' and ';', case-sensitive ("mdash", "Dagger"). Returns the
// UTF-8 text the reference stands for.
std::optional<std::string_view> find_html_named_entity(std::string_view name);

}  // namespace feedwatch::feed
