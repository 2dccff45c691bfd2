// The syntax tree of a watch-rule query (SPEC §3), as produced by
// query_parser.h and consumed by rule_compiler.h. Plain immutable values;
// safe to share between threads once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/text_normalizer.h"

namespace feedwatch::rules {

// The fields of an entry that a query can name. Each is its own text (each
// category and each feed name too), so phrases never span two of them.
enum class Field : std::uint8_t { kTitle, kSummary, kContent, kAuthor, kCategory, kLink, kFeed };
inline constexpr std::size_t kFieldCount = 7;

using FieldMask = std::uint8_t;

constexpr FieldMask field_bit(Field field) { return static_cast<FieldMask>(1u << static_cast<unsigned>(field)); }

// An unscoped term looks at the entry's text: title, summary and content.
inline constexpr FieldMask kEntryTextFields =
    field_bit(Field::kTitle) | field_bit(Field::kSummary) | field_bit(Field::kContent);

// The name a query uses for the field ("title"), and the reverse lookup.
std::string_view field_name(Field field);
bool field_from_name(std::string_view name, Field* field);

// One normalized token of a term; a trailing '*' makes it a prefix.
struct TermWord {
  std::string text;
  TokenKind kind = TokenKind::kWord;
  bool prefix = false;
};

// A word, prefix or phrase: one or more consecutive tokens.
struct Term {
  std::vector<TermWord> words;
  std::string written;  // as written in the query, without quotes or field
};

enum class NodeKind : std::uint8_t { kTerm, kRegex, kAnd, kOr, kNot, kNear };

struct QueryNode {
  NodeKind kind = NodeKind::kTerm;
  FieldMask fields = kEntryTextFields;  // for kTerm, kRegex and kNear
  Term term;                            // kTerm
  std::string regex;                    // kRegex: the expression, unescaped
  int near_distance = 0;                // kNear: children are two kTerm nodes
  std::vector<QueryNode> children;      // kAnd, kOr (two or more), kNot (one), kNear (two)
  std::size_t offset = 0;               // byte offset in the query where the node starts
};

struct Query {
  std::string text;
  QueryNode root;
};

struct QueryError {
  std::size_t offset = 0;  // byte offset in the query
  int column = 1;          // 1-based, in code points
  std::string message;

  std::string to_string() const;  // "column 12: expected ..."
};

}  // namespace feedwatch::rules
