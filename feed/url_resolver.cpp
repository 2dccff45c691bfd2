#include "feed/url_resolver.h"

#include <curl/curl.h>

namespace feedwatch::feed {
namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

CURLU* as_curl(void* handle) { return static_cast<CURLU*>(handle); }

}  // namespace

void UrlResolver::HandleDeleter::operator()(void* handle) const { curl_url_cleanup(as_curl(handle)); }

UrlResolver::UrlResolver() : handle_(curl_url()) {}

UrlResolver::~UrlResolver() = default;

bool UrlResolver::is_absolute(std::string_view reference) {
  if (reference.empty()) return false;
  char first = reference[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (std::size_t i = 1; i < reference.size(); ++i) {
    if (reference[i] == ':') return true;
    if (!is_scheme_char(reference[i])) return false;
  }
  return false;
}

std::string UrlResolver::resolve(std::string_view base, std::string_view reference) {
  std::string result(reference);
  if (is_absolute(reference) || base.empty() || handle_ == nullptr) return result;
  CURLU* url = as_curl(handle_.get());
  std::string base_text(base);
  // Feeds put spaces and other raw characters in links; let curl escape them.
  constexpr unsigned int kFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;
  if (curl_url_set(url, CURLUPART_URL, base_text.c_str(), kFlags) != CURLUE_OK) return result;
  if (curl_url_set(url, CURLUPART_URL, result.c_str(), kFlags) != CURLUE_OK) return result;
  char* resolved = nullptr;
  if (curl_url_get(url, CURLUPART_URL, &resolved, 0) != CURLUE_OK || resolved == nullptr) return result;
  result = resolved;
  curl_free(resolved);
  return result;
}

}  // namespace feedwatch::feed
