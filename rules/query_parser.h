// Parses the query language of SPEC §3 into a Query tree. Errors are values
// carrying the 1-based column and what was expected. Length and nesting are
// bounded so hostile input cannot exhaust the stack, and regular expressions
// by their estimated compile cost (regex_cost.h) so that none can stall
// Vectorscan's compiler. Thread-safe (no state).
#pragma once

#include <cstddef>
#include <string_view>

#include "rules/expected.h"
#include "rules/query.h"

namespace feedwatch::rules {

inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr int kMaxQueryDepth = 64;
inline constexpr int kMaxNearDistance = 1000;

Expected<Query, QueryError> parse_query(std::string_view text);

// Checks that Vectorscan accepts a query's regular expression; returns the
// compiler's complaint, or an empty string.
std::string check_regex(const std::string& regex);

// The flags every query regex is compiled with (shared with the compiler).
unsigned regex_compile_flags();

}  // namespace feedwatch::rules
