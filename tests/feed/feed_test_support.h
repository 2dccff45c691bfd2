// Helpers the feed parser tests share: parse a string or a sample file from
// tests/data/feeds and get the Feed (failing the test on a ParseFailure).
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "feed/feed_parser.h"

namespace feedwatch::feed::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

inline std::string sample_feed(const std::string& name) {
  return read_file(std::string(FEEDWATCH_TEST_DATA_DIR) + "/feeds/" + name);
}

inline ParseResult parse_text(const std::string& body, const std::string& url = "https://feeds.example/feed") {
  Document document;
  document.body = body;
  document.url = url;
  return parse_feed(document);
}

inline Feed parse_ok(const std::string& body, const std::string& url = "https://feeds.example/feed") {
  ParseResult result = parse_text(body, url);
  if (auto* failure = std::get_if<ParseFailure>(&result)) FAIL("unexpected failure: " << failure->message);
  return std::get<Feed>(std::move(result));
}

inline std::string failure_message(const std::string& body) {
  ParseResult result = parse_text(body);
  REQUIRE(std::holds_alternative<ParseFailure>(result));
  return std::get<ParseFailure>(result).message;
}

}  // namespace feedwatch::feed::testing
