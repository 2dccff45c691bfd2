#include "feed/url_resolver.h"

#include <curl/curl.h>

#include <algorithm>

namespace feedwatch::feed {
namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

CURLU* as_curl(void* handle) { return static_cast<CURLU*>(handle); }

constexpr unsigned int kFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;

bool is_plain_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/';
}

// A relative reference curl would copy as it is behind the base's origin or
// directory: unreserved characters and '/' only (nothing to escape, no query
// or fragment), no "//" (a network path) and no "." or ".." segment.
bool is_plain_path(std::string_view reference) {
  if (reference.empty() || reference.find("//") != std::string_view::npos) return false;
  for (char c : reference)
    if (!is_plain_path_char(c)) return false;
  for (std::size_t start = 0; start <= reference.size();) {
    const std::size_t slash = std::min(reference.find('/', start), reference.size());
    const std::string_view segment = reference.substr(start, slash - start);
    if (segment == "." || segment == "..") return false;
    start = slash + 1;
  }
  return true;
}

// Where the path starts in an http(s) URL as curl prints it (curl always
// prints a path, "/" at least); npos for any other form.
std::size_t origin_end(std::string_view url) {
  std::size_t authority_start = 0;
  if (url.starts_with("http://")) authority_start = 7;
  else if (url.starts_with("https://")) authority_start = 8;
  else return std::string_view::npos;
  return url.find('/', authority_start);
}

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
  if (is_absolute(reference) || base.empty() || handle_ == nullptr) return std::string(reference);
  std::string result;
  if (resolve_plain_path(base, reference, result)) return result;
  return resolve_with_curl(base, reference);
}

bool UrlResolver::resolve_plain_path(std::string_view base, std::string_view reference, std::string& result) {
  if (!is_plain_path(reference)) return false;
  const std::string* normalized = normalized_base(base);
  if (normalized == nullptr) return false;
  const std::string_view url = *normalized;
  const std::size_t path_start = origin_end(url);
  if (path_start == std::string_view::npos) return false;
  if (reference.front() == '/') {
    result.reserve(path_start + reference.size());
    result.assign(url.substr(0, path_start)).append(reference);
    return true;
  }
  // A relative path replaces the last segment of the base's path.
  const std::size_t path_end = url.find_first_of("?#", path_start);
  const std::size_t directory_end = url.substr(0, path_end).rfind('/') + 1;
  result.reserve(directory_end + reference.size());
  result.assign(url.substr(0, directory_end)).append(reference);
  return true;
}

const std::string* UrlResolver::normalized_base(std::string_view base) {
  if (base != cached_base_) {  // never empty: resolve() returns early then
    cached_base_.assign(base);
    cached_normalized_base_ = resolve_with_curl(base, "");
    cached_base_is_valid_ = !cached_normalized_base_.empty();
  }
  return cached_base_is_valid_ ? &cached_normalized_base_ : nullptr;
}

// An empty `reference` asks for the base itself, as curl normalizes it.
std::string UrlResolver::resolve_with_curl(std::string_view base, std::string_view reference) {
  std::string result(reference);
  CURLU* url = as_curl(handle_.get());
  std::string base_text(base);
  // Cleared first: otherwise curl would read a relative `base` against the
  // URL left in the handle by the previous call.
  curl_url_set(url, CURLUPART_URL, nullptr, 0);
  // Feeds put spaces and other raw characters in links; let curl escape them.
  if (curl_url_set(url, CURLUPART_URL, base_text.c_str(), kFlags) != CURLUE_OK) return result;
  if (!reference.empty() && curl_url_set(url, CURLUPART_URL, result.c_str(), kFlags) != CURLUE_OK) return result;
  char* resolved = nullptr;
  if (curl_url_get(url, CURLUPART_URL, &resolved, 0) != CURLUE_OK || resolved == nullptr) return result;
  result = resolved;
  curl_free(resolved);
  return result;
}

}  // namespace feedwatch::feed
