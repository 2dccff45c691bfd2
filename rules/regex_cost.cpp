#include "rules/regex_cost.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace feedwatch::rules {
namespace {

std::size_t saturating_add(std::size_t a, std::size_t b) { return std::min(a + b, kRegexCostCap); }

std::size_t saturating_multiply(std::size_t a, std::size_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kRegexCostCap / b ? kRegexCostCap : a * b;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii(char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; }
bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Escapes of sets that hold non-ASCII characters: \W \S \D \H \V \N \R \X.
bool is_wide_escape(char kind) {
  return kind == 'W' || kind == 'S' || kind == 'D' || kind == 'H' || kind == 'V' || kind == 'N' || kind == 'R' ||
         kind == 'X';
}

// One group being read (the whole pattern is the outermost): alternatives
// add up, since each becomes states of its own.
struct Group {
  std::size_t finished_alternatives = 0;
  std::size_t sequence = 0;   // the alternative being read
  std::size_t last_atom = 0;  // what a quantifier here would repeat

  void add_atom(std::size_t cost) {
    sequence = saturating_add(sequence, cost);
    last_atom = cost;
  }
  std::size_t total() const { return saturating_add(finished_alternatives, sequence); }
};

class CostEstimator {
 public:
  explicit CostEstimator(std::string_view regex) : regex_(regex) {}

  std::size_t estimate() {
    groups_.emplace_back();
    while (at_ < regex_.size()) step();
    std::size_t cost = 0;
    while (!groups_.empty()) cost = close_group(cost);  // unclosed groups: count what was read
    return cost;
  }

 private:
  void step() {
    switch (regex_[at_]) {
      case '\\': return escape();
      case '[': return character_class();
      case '(': return open_group();
      case ')': return end_group();
      case '|': return alternative();
      case '{': return brace();
      case '*': case '+': case '?': return simple_quantifier();
      case '^': case '$': return ++at_, group().add_atom(0);
      case '.': return ++at_, group().add_atom(kWidePositionCost);
      default: return literal();
    }
  }

  Group& group() { return groups_.back(); }
  bool more() const { return at_ < regex_.size(); }
  char current() const { return regex_[at_]; }

  // One code point, one position.
  void literal() {
    bool ascii = is_ascii(regex_[at_++]);
    while (more() && is_continuation_byte(current())) ++at_;
    group().add_atom(ascii ? kAsciiPositionCost : kWidePositionCost);
  }

  void escape() {
    ++at_;
    if (!more()) return group().add_atom(kAsciiPositionCost);
    char kind = regex_[at_++];
    if (kind == 'Q') return quoted_literals();
    group().add_atom(escape_cost(kind));
  }

  // Moves past the rest of an escape whose letter was `kind`; its cost.
  std::size_t escape_cost(char kind) {
    if (kind == 'p' || kind == 'P') return skip_braced_or_one(), kPropertyPositionCost;
    if (kind == 'x') return hex_escape_cost();
    if (kind == 'o') return skip_braced_or_one(), kWidePositionCost;
    if (kind == 'c' && more()) ++at_;
    if (kind == 'N' && more() && current() == '{') skip_past('}');
    return is_wide_escape(kind) ? kWidePositionCost : kAsciiPositionCost;
  }

  // \x{HHHH} or \xHH: a code point above 0x7F is several UTF-8 bytes.
  std::size_t hex_escape_cost() {
    std::size_t start = at_;
    if (more() && current() == '{') {
      skip_past('}');
    } else {
      for (int i = 0; i < 2 && more() && std::isxdigit(static_cast<unsigned char>(current())); ++i) ++at_;
    }
    std::string_view digits = regex_.substr(start, at_ - start);
    if (!digits.empty() && digits.front() == '{') digits = digits.substr(1, digits.size() >= 2 ? digits.size() - 2 : 0);
    unsigned long value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    return value > 0x7F ? kWidePositionCost : kAsciiPositionCost;
  }

  // \p{Name} or \pL.
  void skip_braced_or_one() {
    if (more() && current() == '{') return skip_past('}');
    if (more()) ++at_;
  }

  // \Q...\E: each character inside stands for itself.
  void quoted_literals() {
    std::size_t end = std::min(regex_.find("\\E", at_), regex_.size());
    std::size_t cost = 0, last = 0;
    for (std::size_t i = at_; i < end; ++i) {
      if (is_continuation_byte(regex_[i])) continue;
      last = is_ascii(regex_[i]) ? kAsciiPositionCost : kWidePositionCost;
      cost = saturating_add(cost, last);
    }
    at_ = std::min(end + 2, regex_.size());
    group().sequence = saturating_add(group().sequence, cost);
    group().last_atom = last;
  }

  // A class is one position, however many members it lists; what they are
  // sets its cost. A ']' first (after an optional '^') is a member.
  void character_class() {
    ++at_;
    std::size_t cost = kAsciiPositionCost;
    if (more() && current() == '^') ++at_, cost = kWidePositionCost;
    if (more() && current() == ']') ++at_;
    while (more() && current() != ']') cost = std::max(cost, class_member_cost());
    at_ = std::min(at_ + 1, regex_.size());
    group().add_atom(cost);
  }

  // Moves past one member of a class; its cost.
  std::size_t class_member_cost() {
    if (regex_.compare(at_, 2, "[:") == 0) {
      std::size_t end = regex_.find(":]", at_ + 2);
      at_ = end == std::string_view::npos ? at_ + 1 : end + 2;
      return kAsciiPositionCost;
    }
    if (current() != '\\') return literal_member_cost();
    ++at_;
    if (!more()) return kAsciiPositionCost;
    return escape_cost(regex_[at_++]);
  }

  std::size_t literal_member_cost() {
    bool ascii = is_ascii(regex_[at_++]);
    while (more() && is_continuation_byte(current())) ++at_;
    return ascii ? kAsciiPositionCost : kWidePositionCost;
  }

  void open_group() {
    ++at_;
    if (more() && current() == '?') {
      if (option_setting_or_comment()) return group().add_atom(0);
      skip_group_prefix();
    }
    groups_.emplace_back();
  }

  // (?i) and (?-x) set options; (?#...) is a comment: neither is a group.
  bool option_setting_or_comment() {
    std::size_t i = at_ + 1;
    if (i < regex_.size() && regex_[i] == '#') {
      at_ = i;
      skip_past(')');
      return true;
    }
    while (i < regex_.size() && (is_letter(regex_[i]) || regex_[i] == '-' || regex_[i] == '^')) ++i;
    if (i >= regex_.size() || regex_[i] != ')') return false;
    at_ = i + 1;
    return true;
  }

  // (?:, (?=, (?!, (?>, (?|, (?<=, (?<!, (?<name>, (?P<name>, (?'name', (?i:.
  void skip_group_prefix() {
    ++at_;  // the '?'
    if (more() && current() == 'P') ++at_;
    if (more() && (current() == '<' || current() == '\'')) {
      bool lookbehind = at_ + 1 < regex_.size() && (regex_[at_ + 1] == '=' || regex_[at_ + 1] == '!');
      if (lookbehind) at_ += 2;
      else skip_past(current() == '<' ? '>' : '\'');
      return;
    }
    while (more() && (is_letter(current()) || current() == '-' || current() == '^')) ++at_;
    if (more()) ++at_;  // ':', '=', '!', '>' or '|'
  }

  void end_group() {
    ++at_;
    if (groups_.size() == 1) return group().add_atom(kAsciiPositionCost);  // an unmatched ')': refused later
    std::size_t cost = close_group(0);
    group().add_atom(cost);
  }

  // Pops the innermost group, `inner` (what an unclosed group inside it
  // cost) added to its current alternative; returns the group's cost.
  std::size_t close_group(std::size_t inner) {
    group().sequence = saturating_add(group().sequence, inner);
    std::size_t cost = group().total();
    groups_.pop_back();
    return cost;
  }

  void alternative() {
    ++at_;
    group().finished_alternatives = group().total();
    group().sequence = 0;
    group().last_atom = 0;
  }

  // *, + and ? add no positions: the repeated part is written once.
  void simple_quantifier() {
    ++at_;
    skip_lazy_or_possessive();
  }

  // {n}, {n,}, {n,m} (and {,m}) write the last atom out that many times;
  // anything else is a literal '{'.
  void brace() {
    auto count = repetition_count();
    if (!count) return literal();
    Group& current_group = group();
    std::size_t extra = saturating_multiply(current_group.last_atom, *count > 0 ? *count - 1 : 0);
    current_group.sequence = saturating_add(current_group.sequence, extra);
    current_group.last_atom = saturating_multiply(current_group.last_atom, std::max<std::size_t>(*count, 1));
    skip_lazy_or_possessive();
  }

  // The upper bound of a {..} quantifier at at_ (the lower one when there is
  // none), moving past it; nullopt, not moving, when it is not a quantifier.
  std::optional<std::size_t> repetition_count() {
    std::size_t close = regex_.find('}', at_);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inside = regex_.substr(at_ + 1, close - at_ - 1);
    std::size_t comma = inside.find(',');
    std::string_view low = inside.substr(0, comma);
    std::string_view high = comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
    if (!all_digits(low) || !all_digits(high) || (low.empty() && high.empty())) return std::nullopt;
    at_ = close + 1;
    return std::max(number(low), number(high));
  }

  static bool all_digits(std::string_view text) { return std::all_of(text.begin(), text.end(), is_digit); }

  static std::size_t number(std::string_view digits) {
    if (digits.empty()) return 0;
    std::size_t value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() ? std::min(value, kRegexCostCap) : kRegexCostCap;  // only overflow fails here
  }

  void skip_lazy_or_possessive() {
    if (more() && (current() == '?' || current() == '+')) ++at_;
  }

  void skip_past(char end) {
    std::size_t found = regex_.find(end, at_);
    at_ = found == std::string_view::npos ? regex_.size() : found + 1;
  }

  std::string_view regex_;
  std::size_t at_ = 0;
  std::vector<Group> groups_;
};

}  // namespace

std::size_t regex_compile_cost(std::string_view regex) { return CostEstimator(regex).estimate(); }

}  // namespace feedwatch::rules
