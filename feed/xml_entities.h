// Decodes character references in raw XML or HTML text in one pass: the five
// XML entities, numeric references, the HTML named references feeds use
// anyway (&nbsp; &mdash; ...), and entities declared in the DOCTYPE. An '&'
// that starts no known reference stays a literal '&'. Thread-safe, except
// that one DeclaredEntities serves one document (it counts its expansions).
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>

#include "feed/text_builder.h"

namespace feedwatch::feed {

// Entities declared in a document's internal DOCTYPE subset. Their values are
// decoded without further declared-entity expansion, so no exponential
// "billion laughs"; the quadratic kind (one long entity referenced many
// times) is bounded by the expansion budget: all expansions of the document
// together may produce at most that many bytes. Not thread-safe: it counts.
class DeclaredEntities {
 public:
  // `doctype` is the DOCTYPE text, e.g. `rss [ <!ENTITY id "tag:x,"> ]`.
  // The first declaration of a name wins, as in XML.
  static DeclaredEntities parse(std::string_view doctype,
                                std::size_t expansion_budget = std::numeric_limits<std::size_t>::max());

  // Appends the value of the entity `name` to `out` and returns true, or
  // returns false when no such entity is declared. An expansion that would
  // pass the budget appends nothing (the reference is still consumed) and
  // marks the budget exceeded: the caller refuses the document.
  bool expand(std::string_view name, std::string& out) const;
  bool empty() const { return entities_.empty(); }
  bool budget_exceeded() const { return budget_exceeded_; }
  std::size_t expansion_budget() const { return expansion_budget_; }

 private:
  std::map<std::string, std::string, std::less<>> entities_;
  std::size_t expansion_budget_ = std::numeric_limits<std::size_t>::max();
  // What the document's references have expanded to so far: the budget
  // belongs to the document, while the readers hold it by const pointer.
  mutable std::size_t expanded_bytes_ = 0;
  mutable bool budget_exceeded_ = false;
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
