#include "bench/match/naive_matcher.h"

namespace feedwatch::bench {
namespace {

using rules::Field;
using rules::NodeKind;
using rules::QueryNode;
using rules::Term;

// The literal a term must appear as in NormalizedText::tokens. A wildcard
// inside a phrase is approximated by its first word alone.
std::string literal(const Term& term) {
  std::string text = term.words.front().kind == rules::TokenKind::kWord ? " " : "";
  for (std::size_t i = 0; i < term.words.size(); ++i) {
    if (i > 0) text += ' ';
    text += term.words[i].text;
    if (term.words[i].prefix) return text;
  }
  return term.words.back().kind == rules::TokenKind::kWord ? text + " " : text;
}

bool term_found(const NaiveEntry& entry, const QueryNode& node, const std::string& needle) {
  auto in = [&](Field field, const rules::NormalizedText& text) {
    return (node.fields & rules::field_bit(field)) != 0 && text.tokens.find(needle) != std::string::npos;
  };
  return in(Field::kTitle, entry.title) || in(Field::kSummary, entry.summary) || in(Field::kContent, entry.content);
}

bool evaluate(const NaiveEntry& entry, const QueryNode& node) {
  switch (node.kind) {
    case NodeKind::kTerm: return term_found(entry, node, literal(node.term));
    case NodeKind::kNear:  // approximated: both operands present
      return term_found(entry, node, literal(node.children[0].term)) &&
             term_found(entry, node, literal(node.children[1].term));
    case NodeKind::kRegex: return false;
    case NodeKind::kNot: return !evaluate(entry, node.children.front());
    case NodeKind::kAnd:
      for (const QueryNode& child : node.children) {
        if (!evaluate(entry, child)) return false;
      }
      return true;
    case NodeKind::kOr:
      for (const QueryNode& child : node.children) {
        if (evaluate(entry, child)) return true;
      }
      return false;
  }
  return false;
}

}  // namespace

std::size_t NaiveMatcher::count_matches(const NaiveEntry& entry) const {
  std::size_t matches = 0;
  for (const rules::Query& query : queries_) matches += evaluate(entry, query.root) ? 1 : 0;
  return matches;
}

}  // namespace feedwatch::bench
