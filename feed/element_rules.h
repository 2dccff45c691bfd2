// Dispatch tables from (vocabulary, element name) to what the element means
// for an entry, and the rules shared by every XML format: the extension
// vocabularies (dc, dcterms, content, media, itunes, atom inside RSS, xhtml
// body). The format readers add their core elements in tables of their own.
#pragma once

#include <span>
#include <string_view>

#include <pugixml.hpp>

#include "feed/entry_fields.h"
#include "feed/xml_feed_context.h"
#include "feed/xml_namespaces.h"

namespace feedwatch::feed {

using ElementHandler = void (*)(XmlFeedContext& context, pugi::xml_node element, EntryFields& fields);

struct ElementRule {
  Vocabulary vocabulary;
  std::string_view name;  // local name, lower case
  ElementHandler handler;
};

// Runs the rule matching `element`, if any; returns whether one matched.
bool apply_rule(std::span<const ElementRule> rules, const ElementName& name, XmlFeedContext& context,
                pugi::xml_node element, EntryFields& fields);

// Applies the extension rules to one child of an item or entry.
bool apply_extension_rule(const ElementName& name, XmlFeedContext& context, pugi::xml_node element,
                          EntryFields& fields);

// Helpers the format readers share.
void offer_date(Ranked<UnixSeconds>& field, int rank, const std::string& text);
void offer_text(XmlFeedContext& context, pugi::xml_node element, Ranked<std::string>& field, int rank,
                Markup markup);
void offer_link(XmlFeedContext& context, pugi::xml_node element, Ranked<std::string>& field, int rank,
                std::string link);
// Atom's <author><name>..</name></author> (email or text when nameless).
std::string atom_person_name(XmlFeedContext& context, pugi::xml_node person);
// Whether an Atom <link> points at the entry's page (rel absent or "alternate").
bool is_alternate_link(pugi::xml_node link);

}  // namespace feedwatch::feed
