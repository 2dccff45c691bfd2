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

// Regression tests for the fast path that joins plain paths to curl's
// normalized base without calling curl (expected values are curl's own).
TEST_CASE("Joins plain relative paths to the base as curl would") {
  UrlResolver resolver;
  CHECK(resolver.resolve("https://example.com", "/articles/1") == "https://example.com/articles/1");
  CHECK(resolver.resolve("https://example.com/", "articles/1") == "https://example.com/articles/1");
  CHECK(resolver.resolve("https://u:p@h.example:8443/dir/page.html?q=1#frag", "a/b.html") ==
        "https://u:p@h.example:8443/dir/a/b.html");
  CHECK(resolver.resolve("https://u:p@h.example:8443/dir/page.html?q=1#frag", "/x") == "https://u:p@h.example:8443/x");
  CHECK(resolver.resolve("https://h.example/a b/c", "d") == "https://h.example/a%20b/d");
  CHECK(resolver.resolve("https://h.example?q", "x") == "https://h.example/x");
}

TEST_CASE("Leaves dot segments, queries and odd characters to curl") {
  UrlResolver resolver;
  CHECK(resolver.resolve("https://h.example/a/b/", "../c") == "https://h.example/a/c");
  CHECK(resolver.resolve("https://h.example/a/b/", "./c") == "https://h.example/a/b/c");
  CHECK(resolver.resolve("https://h.example/a/", "c d?x=1") == "https://h.example/a/c%20d?x=1");
  CHECK(resolver.resolve("https://h.example/a/", "/root?q=1#f") == "https://h.example/root?q=1#f");
}

TEST_CASE("Remembers the last base but resolves a new one afresh") {
  UrlResolver resolver;
  CHECK(resolver.resolve("https://one.example/a/", "x") == "https://one.example/a/x");
  CHECK(resolver.resolve("https://two.example/b/", "x") == "https://two.example/b/x");
  CHECK(resolver.resolve("not a url", "x") == "x");
  CHECK(resolver.resolve("https://one.example/a/", "y") == "https://one.example/a/y");
}
