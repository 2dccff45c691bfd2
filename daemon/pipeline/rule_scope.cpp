#include "daemon/pipeline/rule_scope.h"

#include <algorithm>
#include <string_view>

#include "daemon/pipeline/canonical_url.h"

namespace feedwatch::pipeline {
namespace {

constexpr std::string_view kTagPrefix = "tag:";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

bool has_tag(const FeedIdentity& feed, std::string_view tag) {
  return std::ranges::any_of(feed.tags, [&](const std::string& own) { return equal_ignoring_case(own, tag); });
}

bool has_name(const FeedIdentity& feed, std::string_view name) {
  return std::ranges::any_of(feed.names(), [&](std::string_view own) { return equal_ignoring_case(own, name); });
}

bool is_feed_url(const FeedIdentity& feed, std::string_view url) {
  return url == feed.url || canonical_url(url) == canonical_url(feed.url);
}

bool item_includes(std::string_view item, const FeedIdentity& feed) {
  if (item.starts_with(kTagPrefix)) return has_tag(feed, item.substr(kTagPrefix.size()));
  return has_name(feed, item) || is_feed_url(feed, item);
}

}  // namespace

bool scope_includes(std::span<const std::string> scope, const FeedIdentity& feed) {
  if (scope.empty()) return true;
  return std::ranges::any_of(scope, [&](const std::string& item) { return item_includes(item, feed); });
}

std::vector<bool> rules_in_scope(std::span<const rules::Rule> rules, const FeedIdentity& feed) {
  std::vector<bool> in_scope;
  in_scope.reserve(rules.size());
  for (const rules::Rule& rule : rules) in_scope.push_back(scope_includes(rule.feeds, feed));
  return in_scope;
}

}  // namespace feedwatch::pipeline
