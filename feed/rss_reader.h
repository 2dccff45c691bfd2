// Reads the RSS family into a Feed: RSS 0.91/0.92/2.0 (<rss>), RSS 0.90/1.0
// (<rdf:RDF>, items beside the channel) and Microsoft CDF (<CHANNEL>, RSS's
// ancestor, with HREF/LASTMOD attributes and <ABSTRACT>).
#pragma once

#include <string_view>

#include <pugixml.hpp>

#include "feed/feed.h"
#include "feed/xml_feed_context.h"

namespace feedwatch::feed {

// The format name for a document element of the RSS family, or "" if `root`
// is not one ("rss2.0", "rss1.0", ...).
std::string_view rss_format(pugi::xml_node root);

// Fills feed.title/link/language and appends one Entry per item. Items the
// parser did not finish are skipped: they run into the damage.
void read_rss(pugi::xml_node root, XmlFeedContext& context, Feed& feed);

}  // namespace feedwatch::feed
