#include <catch2/catch.hpp>

#include "feed/url_resolver.h"

using feedwatch::feed::UrlResolver;

TEST_CASE("Resolves relative references against a base URL") {
  UrlResolver resolver;
  CHECK(resolver.resolve("http://example.com/test/", "test.html") == "http://example.com/test/test.html");
  CHECK(resolver.resolve("http://example.com/a/b/c", "../d") == "http://example.com/a/d");
  CHECK(resolver.resolve("https://example.com/a/", "//cdn.example/x") == "https://cdn.example/x");
  CHECK(resolver.resolve("https://example.com/a/", "/root?q=1#f") == "https://example.com/root?q=1#f");
}

TEST_CASE("Leaves absolute links untouched") {
  UrlResolver resolver;
  CHECK(resolver.resolve("http://example.com/", "HTTP://www.example.org/Thing") == "HTTP://www.example.org/Thing");
  CHECK(resolver.resolve("http://example.com/", "tag:example.com,2006:x") == "tag:example.com,2006:x");
  CHECK(UrlResolver::is_absolute("mailto:a@b"));
  CHECK_FALSE(UrlResolver::is_absolute("/path:with-colon"));
}

TEST_CASE("Returns the reference unchanged when there is no usable base") {
  UrlResolver resolver;
  CHECK(resolver.resolve("", "relative/link") == "relative/link");
  CHECK(resolver.resolve("not a url", "relative/link") == "relative/link");
}
