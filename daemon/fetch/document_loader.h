// Loads one document for the one-shot commands (`parse`, `test`): an http(s)
// or file:// URL through libcurl, a local path, or "-" for stdin. The daemon's
// scheduled fetcher is separate; both hand the parser a feed::Document.
#pragma once

#include <string>
#include <variant>

#include "feed/feed_parser.h"

namespace feedwatch::fetch {

// Owns the bytes a feed::Document points into.
struct LoadedDocument {
  std::string body;
  std::string content_type;
  std::string content_location;
  std::string url;

  feed::Document view() const { return {body, content_type, content_location, url}; }
};

struct LoadFailure {
  std::string message;  // names the source: "https://x/feed: HTTP 404 Not Found"
};

struct LoadOptions {
  long timeout_seconds = 30;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::string user_agent;
};

// `source` is a URL (http, https, file), a file path, or "-" (stdin).
std::variant<LoadedDocument, LoadFailure> load_document(const std::string& source,
                                                        const LoadOptions& options);

}  // namespace feedwatch::fetch
