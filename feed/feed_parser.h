// Turns the bytes of a fetched document into a normalized Feed (SPEC §4).
// Stateless and thread-safe; no network or file I/O: callers fetch the bytes.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "feed/feed.h"
#include "feed/parse_limits.h"

namespace feedwatch::feed {

// The bytes of a document plus the HTTP facts that change how it is read.
struct Document {
  std::string_view body;
  std::string content_type;      // HTTP Content-Type, e.g. "text/xml; charset=iso-8859-1"
  std::string content_location;  // HTTP Content-Location, a base for relative links
  std::string url;               // the final URL after redirects (or file:// URL)
};

// Why a document yielded no feed at all (not a feed, empty, unreadable, or
// refused because reading it would cost more than `limits` allow).
struct ParseFailure {
  std::string message;  // e.g. "not a feed: the document is an HTML page"
};

using ParseResult = std::variant<Feed, ParseFailure>;

// Never throws on bad input; never crashes. Memory stays within a small
// multiple of the body size: `limits` bounds what grows faster than the
// body (entity expansion) or costs much per input byte (entries, categories).
ParseResult parse_feed(const Document& document, const ParseLimits& limits = {});

}  // namespace feedwatch::feed
