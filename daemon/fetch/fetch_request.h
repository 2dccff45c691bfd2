// What the scheduler asks the HttpFetcher for: one URL plus the validators
// from the previous fetch and the limits that bound this one. A plain value;
// copy or move it freely.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace feedwatch::fetch {

struct FetchRequest {
  std::string url;                                // http://, https:// or file://
  std::string etag;                               // sent as If-None-Match when not empty
  std::string last_modified;                      // sent as If-Modified-Since when not empty
  std::chrono::milliseconds timeout{30'000};      // whole fetch, redirects included
  std::size_t max_body_bytes = 10 * 1024 * 1024;  // compressed and decompressed
  std::string user_agent;
};

}  // namespace feedwatch::fetch
