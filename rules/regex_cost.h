// What a query's regular expression costs Vectorscan to compile, estimated
// from its structure before Vectorscan sees it. Vectorscan's compile time
// grows faster than linearly with the character positions a pattern stands
// for once its repetitions are written out (`/a{1000}a{1000}…(b|c){5000}/`
// takes minutes, then fails with "Pattern is too large"), and a position
// costs more the more UTF-8 byte sequences it matches. So each position
// counts, with repetitions written out (`a{5}` five times, `(ab|cd){3}`
// twelve, `x*` once):
//   1    an ASCII character or a class of ASCII characters (`a`, `[a-z]`, `\d`)
//   4    one that may match a non-ASCII character (`.`, `[^a]`, `\S`, `é`)
//   250  a Unicode property (`\p{L}`, `\P{Han}`), one class holding one too
// No library measures this (hs_expression_info reports match widths, which
// a `*` or an optional group hides), so escapes, classes, groups,
// alternatives and quantifiers are read here, PCRE-style as Vectorscan reads
// them. An estimate that never undercounts a repetition. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace feedwatch::rules {

// What the regular expressions of one query (or one exclude) may cost
// together: at this size one compiles in about a second at worst.
// docs/limits.md says how to change it.
inline constexpr std::size_t kMaxRegexCost = 1000;

inline constexpr std::size_t kAsciiPositionCost = 1;
inline constexpr std::size_t kWidePositionCost = 4;
inline constexpr std::size_t kPropertyPositionCost = 250;

// The estimate for `regex`; saturates at kRegexCostCap rather than overflowing.
std::size_t regex_compile_cost(std::string_view regex);

inline constexpr std::size_t kRegexCostCap = std::size_t{1} << 40;

}  // namespace feedwatch::rules
