#include "daemon/matching/entry_text.h"

namespace feedwatch::matching {
namespace {

std::string_view view_of(const std::optional<std::string>& field) {
  return field ? std::string_view(*field) : std::string_view();
}

}  // namespace

rules::EntryText entry_text_of(const feed::Entry& entry,
                               const std::vector<std::string_view>& feed_names) {
  rules::EntryText text;
  text.title = view_of(entry.title);
  text.summary = view_of(entry.summary);
  text.content = view_of(entry.content);
  text.author = view_of(entry.author);
  text.link = view_of(entry.link);
  text.categories.assign(entry.categories.begin(), entry.categories.end());
  text.feed_names = feed_names;
  return text;
}

}  // namespace feedwatch::matching
