// Makes links absolute: resolves a reference against a base URL (RFC 3986)
// with libcurl's URL API. Owns one CURLU handle and remembers the last base
// it normalized, so one resolver per parse; not thread-safe.
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
  // The common case, an Atom entry's "/articles/42" under one xml:base,
  // joined to curl's normalized form of the base without asking curl again.
  bool resolve_plain_path(std::string_view base, std::string_view reference, std::string& result);
  // curl's normalized form of `base`, computed once per distinct base;
  // nullptr when curl does not accept it.
  const std::string* normalized_base(std::string_view base);
  std::string resolve_with_curl(std::string_view base, std::string_view reference);

  std::string cached_base_;
  std::string cached_normalized_base_;
  bool cached_base_is_valid_ = false;

  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  std::unique_ptr<void, HandleDeleter> handle_;
};

}  // namespace feedwatch::feed
