// Extracts the plain text of a feed's text constructs (titles, summaries,
// content) from a pugixml element whose text is still raw (parsed without
// parse_escapes), decoding each reference exactly once per layer of markup:
// once for plain text, once more for escaped HTML. Iterative, so hostile
// nesting cannot exhaust the stack. Thread-safe.
#pragma once

#include <string>

#include <pugixml.hpp>

#include "feed/xml_entities.h"

namespace feedwatch::feed {

enum class Markup {
  kText,       // plain text (Atom type="text"); stray tags are still dropped
  kGuessHtml,  // untyped (RSS titles): HTML if it looks like HTML, else text
  kHtml,       // escaped or CDATA HTML (RSS description, Atom type="html")
  kXhtml,      // inline XML elements (Atom type="xhtml")
  kBase64,     // base64 of text or HTML (Atom 0.3 mode="base64", binary types)
};

// The construct's plain text, white space collapsed.
std::string construct_text(pugi::xml_node element, Markup markup, const DeclaredEntities* declared);

// The decoded text directly inside `element` (ids, links, dates, names), trimmed.
std::string element_text(pugi::xml_node element, const DeclaredEntities* declared);

// The decoded, trimmed value of an attribute (its references decoded).
std::string attribute_text(pugi::xml_attribute attribute, const DeclaredEntities* declared);

// The markup an Atom construct declares with type= (and Atom 0.3 mode=).
Markup atom_markup(pugi::xml_node element);

}  // namespace feedwatch::feed
