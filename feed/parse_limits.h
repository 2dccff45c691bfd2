// The bounds one parse keeps to, so that a hostile or broken feed costs a
// small multiple of its size in memory and time, never the whole machine
// (docs/limits.md lists them for users). Plain values; the defaults are the
// documented ones, and the daemon sets max_entries from fetch.max_entries.
#pragma once

#include <cstddef>

namespace feedwatch::feed {

struct ParseLimits {
  // Entries read per feed, in document order; the rest are counted in
  // Feed::errors.
  std::size_t max_entries = 10'000;

  // Text the entities declared in a DOCTYPE may expand to, all references
  // of the document together (as libxml2 and Expat bound it): at most
  // max_entity_amplification times the document's size, but at least
  // entity_expansion_allowance (small documents with a boilerplate entity),
  // and never more than max_entity_expansion. A document that needs more is
  // refused: it is an entity expansion ("billion laughs") attack or broken.
  std::size_t max_entity_amplification = 10;
  std::size_t entity_expansion_allowance = std::size_t{1} << 20;  // 1 MiB
  std::size_t max_entity_expansion = std::size_t{16} << 20;       // 16 MiB

  // Categories (tags) read per entry; the rest are counted in Feed::errors.
  std::size_t max_categories_per_entry = 1'000;

  // Memory pugixml may take for a document's tree: at most
  // max_xml_tree_amplification times the document's size, but at least
  // xml_tree_allowance. Feeds need about one to three times their size; a
  // document of tiny elements that needs more is read up to where the
  // limit is met, as if it were damaged there.
  std::size_t max_xml_tree_amplification = 10;
  std::size_t xml_tree_allowance = std::size_t{1} << 20;  // 1 MiB

  // The expansion budget for a document of `document_bytes`.
  constexpr std::size_t entity_expansion_budget(std::size_t document_bytes) const {
    std::size_t proportional = document_bytes * max_entity_amplification;
    if (proportional < entity_expansion_allowance) proportional = entity_expansion_allowance;
    return proportional < max_entity_expansion ? proportional : max_entity_expansion;
  }

  // The tree budget for a document of `document_bytes`.
  constexpr std::size_t xml_tree_budget(std::size_t document_bytes) const {
    std::size_t proportional = document_bytes * max_xml_tree_amplification;
    return proportional < xml_tree_allowance ? xml_tree_allowance : proportional;
  }
};

}  // namespace feedwatch::feed
