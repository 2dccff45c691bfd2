// What the XML feed readers share while reading one document: the entities
// its DOCTYPE declares (and what they expanded to), its root namespace, the
// entry and category limits, and link resolution against xml:base (nested,
// inherited), HTTP Content-Location and the document URL. One per parse;
// not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "feed/construct_text.h"
#include "feed/entry_admission.h"
#include "feed/feed_parser.h"
#include "feed/parse_limits.h"
#include "feed/url_resolver.h"
#include "feed/xml_entities.h"
#include "feed/xml_namespaces.h"

namespace feedwatch::feed {

class XmlFeedContext {
 public:
  XmlFeedContext(const Document& document, DeclaredEntities declared, pugi::xml_node root,
                 const ParseLimits& limits);

  std::string_view root_namespace() const { return root_namespace_; }
  NamespaceScope scope(pugi::xml_node parent) const { return NamespaceScope(parent, root_namespace_); }

  std::string text(pugi::xml_node element) const { return element_text(element, declared()); }
  std::string attribute(pugi::xml_node element, const char* name) const {
    return attribute_text(element.attribute(name), declared());
  }
  std::string construct(pugi::xml_node element, Markup markup) const {
    return construct_text(element, markup, declared());
  }

  EntryAdmission& admission() { return admission_; }
  // Whether the declared entities' references asked for more text than the
  // expansion budget: the document is then refused.
  bool entity_budget_exceeded() const { return declared_.budget_exceeded(); }
  std::size_t entity_expansion_budget() const { return declared_.expansion_budget(); }

  // Marks the document as damaged at `error_offset` of `pristine` (the
  // document text before in-place parsing changed it).
  void set_damage(std::string_view pristine, std::size_t error_offset);
  // Whether the parser stopped inside `element` (before its end tag): its
  // content is cut short, so the entry is not reported.
  bool is_unfinished(pugi::xml_node element) const;

  // `link` made absolute against the base in scope at `element` (its own
  // xml:base included). Absolute links are returned untouched, cheaply.
  std::string absolute_link(pugi::xml_node element, std::string link);

 private:
  const DeclaredEntities* declared() const { return declared_.empty() ? nullptr : &declared_; }

  DeclaredEntities declared_;
  EntryAdmission admission_;
  std::string_view root_namespace_;
  std::string document_base_;
  std::string_view pristine_;
  std::size_t error_offset_ = 0;
  bool damaged_ = false;
  UrlResolver resolver_;
};

}  // namespace feedwatch::feed
