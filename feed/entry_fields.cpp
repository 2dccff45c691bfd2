#include "feed/entry_fields.h"

#include <algorithm>

#include "feed/entry_id.h"

namespace feedwatch::feed {

void EntryFields::add_category(std::string category) {
  if (category.empty()) return;
  if (categories.size() >= max_categories) {
    ++dropped_categories;  // no search for a repeat: the limit keeps this path cheap
    return;
  }
  if (std::find(categories.begin(), categories.end(), category) != categories.end()) return;
  categories.push_back(std::move(category));
}

Entry EntryFields::finish() {
  Entry entry;
  entry.title = title.take();
  entry.link = link.take();
  if (entry.link && entry.link->empty()) entry.link.reset();
  entry.published = published.take();
  entry.updated = updated.take();
  entry.author = author.take();
  entry.categories = std::move(categories);
  entry.summary = summary.take();
  entry.content = content.take();
  std::optional<std::string> identifier = id.take();
  if (identifier && !identifier->empty()) entry.id = std::move(*identifier);
  else if (entry.link) entry.id = *entry.link;
  else entry.id = stable_entry_id(entry);
  return entry;
}

}  // namespace feedwatch::feed
