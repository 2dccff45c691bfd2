// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org) into a Feed: content_text
// or content_html (reduced to text), summary, dates, author(s), tags, and
// links resolved against the feed's URL. Lone UTF-16 surrogate escapes
// become U+FFFD, as in XML; entries and tags are held to the limits.
#pragma once

#include <string>
#include <variant>

#include "feed/feed_parser.h"

namespace feedwatch::feed {

// `text` is UTF-8 JSON; its lone surrogate escapes are repaired in place.
// A ParseFailure when it is not JSON or not a JSON Feed.
ParseResult read_json_feed(std::string& text, const Document& document, const ParseLimits& limits);

}  // namespace feedwatch::feed
