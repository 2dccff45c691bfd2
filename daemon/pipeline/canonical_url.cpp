#include "daemon/pipeline/canonical_url.h"

#include <array>
#include <cctype>
#include <optional>

namespace feedwatch::pipeline {
namespace {

// Parameters that only identify a campaign or a click; never the article.
constexpr std::array<std::string_view, 12> kTrackingParameterNames{
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid",
    "igshid", "mc_cid", "mc_eid",  "_hsenc", "_hsmi",   "ref_src"};

// Parameters that are tracking only when their value names a feed
// ("ref=rss", "source=feedburner"): elsewhere "ref" may select content.
constexpr std::array<std::string_view, 3> kFeedReferrerNames{"ref", "source", "src"};

constexpr std::string_view kWhitespace = " \t\r\n\f\v";

struct UrlParts {
  std::string_view scheme;
  std::string_view authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = lower(c);
  return lowered;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower_case(text.substr(0, prefix.size())) == prefix;
}

bool is_scheme(std::string_view text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kWhitespace) - begin + 1);
}

// Cuts `rest` at the first `separator`: what follows it, or nullopt if absent.
std::optional<std::string_view> cut_at(std::string_view& rest, char separator) {
  std::size_t at = rest.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view after = rest.substr(at + 1);
  rest = rest.substr(0, at);
  return after;
}

// Only "scheme://authority…" URLs: the others have no host to normalize.
std::optional<UrlParts> split_url(std::string_view url) {
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || !is_scheme(url.substr(0, colon))) return std::nullopt;
  if (url.substr(colon + 1, 2) != "//") return std::nullopt;
  UrlParts parts;
  parts.scheme = url.substr(0, colon);
  std::string_view rest = url.substr(colon + 3);
  parts.fragment = cut_at(rest, '#');
  parts.query = cut_at(rest, '?');
  std::size_t path_begin = rest.find('/');
  parts.authority = rest.substr(0, path_begin);
  parts.path = path_begin == std::string_view::npos ? std::string_view() : rest.substr(path_begin);
  return parts;
}

bool is_default_port(std::string_view scheme, std::string_view port) {
  return port.empty() || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") ||
         (scheme == "ftp" && port == "21");
}

// userinfo@host:port with the host lower-cased and a default port dropped;
// userinfo keeps its case (it is a credential, not a name).
std::string canonical_authority(std::string_view scheme, std::string_view authority) {
  std::size_t at = authority.rfind('@');
  std::string_view userinfo = at == std::string_view::npos ? std::string_view() : authority.substr(0, at + 1);
  std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::size_t host_end = host_port.starts_with('[') ? host_port.find(']') : 0;  // IPv6 literal
  std::size_t colon = host_port.find(':', host_end == std::string_view::npos ? 0 : host_end);
  std::string_view host = host_port.substr(0, colon);
  std::string result = std::string(userinfo) + lower_case(host);
  if (colon != std::string_view::npos) {
    std::string_view port = host_port.substr(colon + 1);
    if (!is_default_port(scheme, port)) result += ":" + std::string(port);
  }
  return result;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_unreserved(int c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 §6.2.2: "%7e" and "~" are the same character, "%2f" and "%2F"
// the same escape. Decodes escapes of unreserved characters, upper-cases the rest.
std::string normalize_percent_encoding(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    int high = i + 2 < text.size() && text[i] == '%' ? hex_value(text[i + 1]) : -1;
    int low = high >= 0 ? hex_value(text[i + 2]) : -1;
    if (low < 0) {
      result += text[i];
      continue;
    }
    int decoded = high * 16 + low;
    if (is_unreserved(decoded)) {
      result += static_cast<char>(decoded);
    } else {
      result += {'%', static_cast<char>(std::toupper(text[i + 1])), static_cast<char>(std::toupper(text[i + 2]))};
    }
    i += 2;
  }
  return result;
}

std::string_view without_trailing_slashes(std::string_view path) {
  while (path.ends_with('/')) path.remove_suffix(1);
  return path;
}

// "/story/amp" is the AMP rendering of "/story": the same article. Only a
// whole last segment counts ("/camp" and "/amp-stories/x" are other pages).
std::string_view without_amp_segment(std::string_view path) {
  if (path.size() >= 4 && lower_case(path.substr(path.size() - 4)) == "/amp") path.remove_suffix(4);
  return without_trailing_slashes(path);
}

// "?amp", "?amp=1", "?amp=true", "?outputType=amp" ask for the AMP rendering.
bool is_amp_parameter(std::string_view name, std::string_view value) {
  std::string lowered_name = lower_case(name);
  std::string lowered_value = lower_case(value);
  if (lowered_name == "amp") return lowered_value.empty() || lowered_value == "1" || lowered_value == "true";
  return lowered_name == "outputtype" && lowered_value == "amp";
}

bool is_kept_parameter(std::string_view parameter) {
  if (parameter.empty()) return false;
  std::size_t equals = parameter.find('=');
  std::string_view name = parameter.substr(0, equals);
  std::string_view value = equals == std::string_view::npos ? std::string_view() : parameter.substr(equals + 1);
  return !is_tracking_parameter(name, value) && !is_amp_parameter(name, value);
}

// The parameters that are not tracking, in their original order.
std::string canonical_query(std::string_view query) {
  std::string kept;
  while (true) {
    std::optional<std::string_view> rest = cut_at(query, '&');
    if (is_kept_parameter(query)) kept += (kept.empty() ? "" : "&") + normalize_percent_encoding(query);
    if (!rest) break;
    query = *rest;
  }
  return kept;
}

}  // namespace

bool is_tracking_parameter(std::string_view name, std::string_view value) {
  std::string lowered = lower_case(name);
  if (lowered.starts_with("utm_")) return true;
  for (std::string_view tracking : kTrackingParameterNames) {
    if (lowered == tracking) return true;
  }
  for (std::string_view referrer : kFeedReferrerNames) {
    if (lowered == referrer) return starts_with_ignoring_case(value, "rss") || starts_with_ignoring_case(value, "feed");
  }
  return false;
}

std::string canonical_url(std::string_view url) {
  url = trim(url);
  std::optional<UrlParts> parts = split_url(url);
  if (!parts) return std::string(url);
  std::string scheme = lower_case(parts->scheme);
  // A site serves one article under http and https alike: one story.
  std::string result = (scheme == "http" ? "https" : scheme) + "://" + canonical_authority(scheme, parts->authority);
  result += normalize_percent_encoding(without_amp_segment(without_trailing_slashes(parts->path)));
  std::string query = parts->query ? canonical_query(*parts->query) : std::string();
  if (!query.empty()) result += "?" + query;
  if (parts->fragment && parts->fragment->starts_with('!')) result += "#" + std::string(*parts->fragment);
  return result;
}

}  // namespace feedwatch::pipeline
