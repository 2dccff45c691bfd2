#include "feed/xml_namespaces.h"

#include <algorithm>
#include <iterator>

namespace feedwatch::feed {
namespace {

struct KnownNamespace {
  std::string_view uri;
  Vocabulary vocabulary;
};

// Several vocabularies circulate under more than one URI (trailing slash or
// not, old drafts); all are accepted.
constexpr KnownNamespace kKnownNamespaces[] = {
    {"http://www.w3.org/2005/Atom", Vocabulary::kAtom},
    {"http://purl.org/atom/ns#", Vocabulary::kAtom},
    {"http://purl.org/dc/elements/1.1/", Vocabulary::kDublinCore},
    {"http://purl.org/dc/elements/1.0/", Vocabulary::kDublinCore},
    {"http://purl.org/dc/terms/", Vocabulary::kDublinCoreTerms},
    {"http://purl.org/rss/1.0/modules/content/", Vocabulary::kContent},
    {"http://search.yahoo.com/mrss/", Vocabulary::kMedia},
    {"http://search.yahoo.com/mrss", Vocabulary::kMedia},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", Vocabulary::kItunes},
    {"http://www.itunes.com/DTDs/Podcast-1.0.dtd", Vocabulary::kItunes},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Vocabulary::kRdf},
    {"http://www.w3.org/1999/xhtml", Vocabulary::kXhtml},
    // The formats' own namespaces count as core wherever they appear.
    {"http://purl.org/rss/1.0/", Vocabulary::kCore},
    {"http://my.netscape.com/rdf/simple/0.9/", Vocabulary::kCore},
    {"http://backend.userland.com/rss2", Vocabulary::kCore},
    {"http://backend.userland.com/rss", Vocabulary::kCore},
};

// Prefixes used without a declaration, by feeds that assume them.
constexpr KnownNamespace kCommonPrefixes[] = {
    {"atom", Vocabulary::kAtom},       {"content", Vocabulary::kContent},
    {"dc", Vocabulary::kDublinCore},   {"dcterms", Vocabulary::kDublinCoreTerms},
    {"itunes", Vocabulary::kItunes},   {"media", Vocabulary::kMedia},
    {"rdf", Vocabulary::kRdf},         {"xhtml", Vocabulary::kXhtml},
};

std::string_view prefix_of(std::string_view qualified_name) {
  std::size_t colon = qualified_name.find(':');
  return colon == std::string_view::npos ? std::string_view() : qualified_name.substr(0, colon);
}

// The prefix an attribute declares: "" for xmlns, "dc" for xmlns:dc; false if none.
bool declared_prefix(std::string_view attribute_name, std::string_view& prefix) {
  // Checked byte by byte: this runs for every attribute of every element read.
  if (attribute_name.size() < 5 || attribute_name[0] != 'x' || attribute_name.substr(1, 4) != "mlns") return false;
  if (attribute_name.size() == 5) {
    prefix = {};
    return true;
  }
  if (attribute_name[5] != ':') return false;
  prefix = attribute_name.substr(6);
  return true;
}

// Looks `prefix` up in the element's own declarations.
bool find_own_declaration(pugi::xml_node element, std::string_view prefix, std::string_view& uri) {
  for (pugi::xml_attribute attribute : element.attributes()) {
    std::string_view declared;
    if (declared_prefix(attribute.name(), declared) && declared == prefix) {
      uri = attribute.value();
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view local_name(std::string_view qualified_name) {
  std::size_t colon = qualified_name.find(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

LowerCaseName::LowerCaseName(std::string_view qualified_name) {
  std::string_view name = local_name(qualified_name);
  length_ = std::min(name.size(), buffer_.size());
  for (std::size_t i = 0; i < length_; ++i) {
    char c = name[i];
    buffer_[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

std::string_view root_namespace(pugi::xml_node root) {
  std::string_view uri;
  find_own_declaration(root, prefix_of(root.name()), uri);
  return uri;
}

NamespaceScope::NamespaceScope(pugi::xml_node parent, std::string_view root_namespace)
    : root_namespace_(root_namespace) {
  for (pugi::xml_node node = parent; node && node.type() == pugi::node_element; node = node.parent())
    add_declarations_of(node);
}

NamespaceScope::NamespaceScope(pugi::xml_node parent, const NamespaceScope& enclosing)
    : enclosing_(&enclosing), root_namespace_(enclosing.root_namespace_) {
  add_declarations_of(parent);
}

void NamespaceScope::add_declarations_of(pugi::xml_node element) {
  for (pugi::xml_attribute attribute : element.attributes()) {
    std::string_view prefix;
    if (declared_prefix(attribute.name(), prefix)) declarations_.emplace_back(prefix, attribute.value());
  }
}

std::string_view NamespaceScope::declared_uri(std::string_view prefix) const {
  for (const NamespaceScope* scope = this; scope != nullptr; scope = scope->enclosing_)
    for (const auto& [declared, declared_uri] : scope->declarations_)
      if (declared == prefix) return declared_uri;
  return {};
}

std::string_view NamespaceScope::namespace_of(pugi::xml_node element) const {
  std::string_view prefix = prefix_of(element.name());
  std::string_view uri;
  if (find_own_declaration(element, prefix, uri)) return uri;
  return declared_uri(prefix);
}

ElementName NamespaceScope::classify(pugi::xml_node element) const {
  std::string_view name = element.name();
  std::string_view prefix = prefix_of(name);
  return {vocabulary_of(prefix, namespace_of(element)), local_name(name)};
}

Vocabulary NamespaceScope::vocabulary_of(std::string_view prefix, std::string_view uri) const {
  if (uri.empty()) {
    if (prefix.empty()) return Vocabulary::kCore;
    for (const KnownNamespace& common : kCommonPrefixes)
      if (common.uri == prefix) return common.vocabulary;
    return Vocabulary::kOther;
  }
  if (uri == root_namespace_) return Vocabulary::kCore;
  for (const KnownNamespace& known : kKnownNamespaces)
    if (known.uri == uri) return known.vocabulary;
  return Vocabulary::kOther;
}

}  // namespace feedwatch::feed
