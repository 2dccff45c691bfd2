// Move-only RAII owners for libcurl's C handles, so no code path can leak or
// double-free one. Internal to daemon/fetch. Owners are not thread-safe, like
// the handles themselves.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace feedwatch::fetch {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct CurlStringListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlStringList = std::unique_ptr<curl_slist, CurlStringListDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// curl_global_init once per process, before the first handle is made.
void ensure_curl_initialised();

// Appends `line` to `list`; returns false when libcurl is out of memory.
bool append_header(CurlStringList& list, const char* line);

}  // namespace feedwatch::fetch
