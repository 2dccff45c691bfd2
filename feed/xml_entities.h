// Decodes character references in raw XML or HTML text in one pass: the five
// XML entities, numeric references, the HTML named references feeds use
// anyway (&nbsp; &mdash; ...), and entities declared in the DOCTYPE. An '&'
// that starts no known reference stays a literal '&'. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feed/text_builder.h"

namespace feedwatch::feed {

// Entities declared in a document's internal DOCTYPE subset. Their values are
// decoded without further declared-entity expansion, so no "billion laughs".
class DeclaredEntities {
 public:
  // `doctype` is the DOCTYPE text, e.g. `rss [ <!ENTITY id "tag:x,"> ]`.
  static DeclaredEntities parse(std::string_view doctype);
  const std::string* find(std::string_view name) const;
  bool empty() const { return entities_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> entities_;
};

// Appends `raw` to `out` with every reference decoded.
void decode_entities(std::string_view raw, std::string& out,
                     const DeclaredEntities* declared = nullptr);
void decode_entities(std::string_view raw, TextBuilder& out,
                     const DeclaredEntities* declared = nullptr);

// `raw` starts with '&'. Appends what the reference stands for and returns
// how many bytes it spans, or 0 when it is not a reference we know.
std::size_t decode_reference(std::string_view raw, std::string& out,
                             const DeclaredEntities* declared = nullptr);

}  // namespace feedwatch::feed
