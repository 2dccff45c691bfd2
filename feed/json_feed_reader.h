// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org) into a Feed: content_text
// or content_html (reduced to text), summary, dates, author(s), tags, and
// links resolved against the feed's URL.
#pragma once

#include <string_view>
#include <variant>

#include "feed/feed_parser.h"

namespace feedwatch::feed {

// `text` is UTF-8 JSON. A ParseFailure when it is not JSON or not a JSON Feed.
ParseResult read_json_feed(std::string_view text, const Document& document);

}  // namespace feedwatch::feed
