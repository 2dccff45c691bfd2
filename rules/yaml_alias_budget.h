// A guard against YAML alias amplification ("billion laughs") for every YAML
// document feedwatch reads: rule files here, the configuration in
// daemon/config. yaml-cpp shares an aliased node rather than copying it, so
// parsing stays cheap, but feedwatch's readers visit and copy that node once
// per alias: 20,000 feeds naming one 10,000-tag list are 200 million tags.
// find_alias_amplification() totals what every alias of a document stands
// for, from its parse events, before anything reads the tree. Pure;
// thread-safe. Limits and how to change them: docs/limits.md.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace feedwatch::rules {

// What all aliases of one document may stand for together, counted as if
// each alias were a copy of its anchored node: values (scalars, lists,
// mappings and nulls, nested ones included) and bytes of scalar text.
inline constexpr std::size_t kMaxAliasExpandedValues = 200'000;
inline constexpr std::size_t kMaxAliasExpandedBytes = 16 << 20;  // 16 MiB

struct AliasBudget {
  std::size_t values = kMaxAliasExpandedValues;
  std::size_t bytes = kMaxAliasExpandedBytes;
};

struct AliasProblem {
  YAML::Mark mark;  // of the alias that went over the budget (0-based, as yaml-cpp's)
  std::string message;
};

// The first alias of the document's first document (the one YAML::Load
// reads) that takes the total past `budget`, or that names a node containing
// itself; nullopt when the document is within the budget. Throws
// YAML::ParserException on a syntax error, as YAML::Load would.
std::optional<AliasProblem> find_alias_amplification(std::string_view text, const AliasBudget& budget = {});

}  // namespace feedwatch::rules
