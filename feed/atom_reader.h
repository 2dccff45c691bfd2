// Reads Atom 1.0 and Atom 0.3 documents into a Feed: text constructs by
// type= (and 0.3's mode=), alternate links, authors' names, category terms,
// and 0.3's issued/modified/created dates.
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "feed/feed.h"
#include "feed/xml_feed_context.h"

namespace feedwatch::feed {

// "atom1.0" or "atom0.3" for a <feed> document element, else "".
std::string_view atom_format(pugi::xml_node root, std::string_view root_namespace);

// Fills feed.title/link/language and appends one Entry per <entry>; entries
// the parser did not finish are skipped.
void read_atom(pugi::xml_node root, XmlFeedContext& context, Feed& feed);

}  // namespace feedwatch::feed
