// Makes links absolute: resolves a reference against a base URL (RFC 3986)
// with libcurl's URL API. Owns one CURLU handle, so one resolver per parse;
// not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace feedwatch::feed {

class UrlResolver {
 public:
  UrlResolver();
  ~UrlResolver();
  UrlResolver(const UrlResolver&) = delete;
  UrlResolver& operator=(const UrlResolver&) = delete;

  // `reference` made absolute against `base`; `reference` unchanged when it
  // is already absolute or either part is not a URL curl accepts.
  std::string resolve(std::string_view base, std::string_view reference);

  // Whether `reference` starts with a scheme ("https:", "mailto:", "tag:").
  static bool is_absolute(std::string_view reference);

 private:
  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  std::unique_ptr<void, HandleDeleter> handle_;
};

}  // namespace feedwatch::feed
