// The canonical form of an entry's link, used as its story key (SPEC §6): two
// links that lead to the same article should give the same string. Pure
// functions over strings; thread-safe. Hosts are kept as they are ("www.",
// "m.", "amp." may serve other content; near-duplicate text joins those).
#pragma once

#include <string>
#include <string_view>

namespace feedwatch::pipeline {

// Lower-cases the scheme and host, writes http as https (one article either
// way), drops the default port, the fragment
// (except "#!" routes, which name the page), tracking parameters (utm_*,
// fbclid, gclid, mc_cid, mc_eid, ref=rss…), AMP variants (a last path
// segment "/amp", "?amp", "?amp=1", "?outputType=amp") and trailing slashes;
// keeps the order of the other query parameters. A string that is not a
// hierarchical URL ("urn:…", "tag:…") comes back trimmed, otherwise unchanged.
std::string canonical_url(std::string_view url);

// Whether a query parameter only says where the reader came from.
// `name` and `value` are as written (still percent-encoded).
bool is_tracking_parameter(std::string_view name, std::string_view value);

}  // namespace feedwatch::pipeline
