// Namespace resolution for pugixml trees, which know only qualified names:
// maps an element's prefix to its namespace URI through the xmlns
// declarations in scope, then to the vocabularies feeds use. Prefixes are
// arbitrary in the wild, and some feeds use common ones (dc:, media:)
// without declaring them; those fall back to their usual meaning.
#pragma once

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

namespace feedwatch::feed {

enum class Vocabulary {
  kCore,  // the feed format's own elements: no namespace, the root's namespace, or a known format one
  kAtom,  // Atom 1.0 or 0.3 elements inside another format (atom:link in RSS)
  kDublinCore,
  kDublinCoreTerms,
  kContent,
  kMedia,
  kItunes,
  kRdf,
  kXhtml,
  kOther,
};

// Element names split: the vocabulary it belongs to and its local name.
struct ElementName {
  Vocabulary vocabulary = Vocabulary::kOther;
  std::string_view local_name;
};

// The URI of a well-known namespace (for tests and format detection).
inline constexpr std::string_view kAtom10Namespace = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03Namespace = "http://purl.org/atom/ns#";

// Classifies the children of one parent element. Built once per parent (it
// collects the declarations of the parent and its ancestors), so classifying
// each child costs a short scan. Holds views into the document.
class NamespaceScope {
 public:
  // `root_namespace` is the URI of the document element, which counts as core.
  NamespaceScope(pugi::xml_node parent, std::string_view root_namespace);
  // The scope of `parent` inside `enclosing`, the scope of its own parent:
  // only `parent`'s declarations are read, so building one scope per item
  // does not walk up the document each time. `enclosing` must outlive it.
  NamespaceScope(pugi::xml_node parent, const NamespaceScope& enclosing);
  ElementName classify(pugi::xml_node element) const;
  // The namespace URI of an element's prefix, looking at its own xmlns too.
  std::string_view namespace_of(pugi::xml_node element) const;

 private:
  Vocabulary vocabulary_of(std::string_view prefix, std::string_view uri) const;
  void add_declarations_of(pugi::xml_node element);
  // The URI `prefix` is bound to here (own declarations, then enclosing), or "".
  std::string_view declared_uri(std::string_view prefix) const;

  std::vector<std::pair<std::string_view, std::string_view>> declarations_;  // innermost first
  const NamespaceScope* enclosing_ = nullptr;
  std::string_view root_namespace_;
};

// The namespace URI of the document element (its own default or prefixed declaration).
std::string_view root_namespace(pugi::xml_node root);
// The name without its prefix.
std::string_view local_name(std::string_view qualified_name);

// A local name in lower case, in a fixed buffer: feeds disagree on case
// (<pubdate>, CDF's <ITEM>), so element names are compared in lower case.
// Longer names are cut, and so match none of the names we look for.
class LowerCaseName {
 public:
  explicit LowerCaseName(std::string_view qualified_name);
  std::string_view view() const { return {buffer_.data(), length_}; }

 private:
  static constexpr std::size_t kLongest = 23;
  std::array<char, kLongest + 1> buffer_{};
  std::size_t length_ = 0;
};

}  // namespace feedwatch::feed
