#include "daemon/pipeline/feed_identity.h"

namespace feedwatch::pipeline {

std::optional<std::string> FeedIdentity::display_title() const {
  return configured_name ? configured_name : own_title;
}

std::vector<std::string_view> FeedIdentity::names() const {
  std::vector<std::string_view> result;
  if (configured_name) result.push_back(*configured_name);
  if (own_title && own_title != configured_name) result.push_back(*own_title);
  return result;
}

FeedIdentity identity_of(const config::FeedConfig& feed, const std::optional<std::string>& own_title) {
  return FeedIdentity{feed.url, feed.name, own_title, feed.tags};
}

}  // namespace feedwatch::pipeline
