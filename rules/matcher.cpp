#include "rules/matcher.h"

#include <algorithm>
#include <hs.h>
#include <limits>
#include <stdexcept>

#include "rules/program.h"
#include "rules/text_normalizer.h"
#include "rules/vectorscan_handle.h"

namespace feedwatch::rules {

namespace {

// One occurrence of a token pattern in one text.
struct Hit {
  std::uint32_t pattern;
  std::uint32_t text;
  std::uint32_t start_token;
  std::uint32_t end_token;
  std::uint32_t begin_byte;  // in NormalizedText::tokens
  std::uint32_t end_byte;
};

struct TextSlot {
  Field field = Field::kTitle;
  std::size_t field_index = 0;
  NormalizedText normalized;
};

}  // namespace

struct MatchScratch::State {
  const CompiledRuleSet* rules = nullptr;
  VectorscanScratch vectorscan;
  std::vector<TextSlot> texts;
  std::vector<Hit> hits;
  // Per pattern/regex/rule facts for the current entry, valid where the stamp
  // equals `stamp`: no clearing between entries.
  std::uint32_t stamp = 0;
  std::vector<std::uint32_t> pattern_stamp;
  std::vector<std::uint32_t> pattern_first_hit;
  std::vector<std::uint32_t> pattern_end_hit;
  std::vector<FieldMask> pattern_fields;
  std::vector<std::uint32_t> regex_stamp;
  std::vector<FieldMask> regex_fields;
  std::vector<std::uint32_t> rule_stamp;
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint8_t> stack;
  MatchOptions options;
  std::uint32_t current_text = 0;
};

namespace {

using State = MatchScratch::State;

void allocate_vectorscan(State& state, const CompiledRuleSet& rules) {
  for (hs_database* database :
       {rules.token_database.get(), rules.wildcard_database.get(), rules.regex_database.get()}) {
    if (database == nullptr) continue;
    hs_scratch_t* scratch = state.vectorscan.release();
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) throw std::bad_alloc();
    state.vectorscan.reset(scratch);
  }
}

void next_stamp(State& state) {
  if (++state.stamp != std::numeric_limits<std::uint32_t>::max()) return;
  // After four billion entries the stamps wrap: start afresh.
  std::fill(state.pattern_stamp.begin(), state.pattern_stamp.end(), 0);
  std::fill(state.regex_stamp.begin(), state.regex_stamp.end(), 0);
  std::fill(state.rule_stamp.begin(), state.rule_stamp.end(), 0);
  state.stamp = 1;
}

void add_text(State& state, std::size_t* count, Field field, std::size_t index, std::string_view text) {
  if (text.empty()) return;
  if (state.texts.size() <= *count) state.texts.emplace_back();
  TextSlot& slot = state.texts[(*count)++];
  slot.field = field;
  slot.field_index = index;
  NormalizeOptions options{.collapsed = state.rules->regex_database != nullptr,
                           .original_offsets = state.options.spans};
  slot.normalized = normalize_text(text, options);
}

std::size_t collect_texts(State& state, const EntryText& entry) {
  std::size_t count = 0;
  add_text(state, &count, Field::kTitle, 0, entry.title);
  add_text(state, &count, Field::kSummary, 0, entry.summary);
  add_text(state, &count, Field::kContent, 0, entry.content);
  add_text(state, &count, Field::kAuthor, 0, entry.author);
  add_text(state, &count, Field::kLink, 0, entry.link);
  for (std::size_t i = 0; i < entry.categories.size(); ++i) {
    add_text(state, &count, Field::kCategory, i, entry.categories[i]);
  }
  for (std::size_t i = 0; i < entry.feed_names.size(); ++i) {
    add_text(state, &count, Field::kFeed, i, entry.feed_names[i]);
  }
  return count;
}

// Token patterns are fixed strings (or nearly): the end offset and the word
// count give the hit's word positions without start-of-match tracking.
int on_token_hit(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* context) {
  auto& state = *static_cast<State*>(context);
  const TokenPattern& pattern = state.rules->patterns[id];
  const NormalizedText& text = state.texts[state.current_text].normalized;
  auto end_byte = static_cast<std::uint32_t>(to - (pattern.trailing_space ? 1 : 0));
  auto end_token = static_cast<std::uint32_t>(text.token_index_at(end_byte - 1));
  std::uint32_t start_token = end_token >= pattern.word_count - 1 ? end_token - (pattern.word_count - 1) : 0;
  std::uint32_t begin_byte = pattern.fixed_length
                                 ? static_cast<std::uint32_t>(to - pattern.length + (pattern.leading_space ? 1 : 0))
                                 : text.token_starts[start_token];
  state.hits.push_back(Hit{id, state.current_text, start_token, end_token, begin_byte, end_byte});
  return 0;
}

int on_regex_hit(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) {
  auto& state = *static_cast<State*>(context);
  if (state.regex_stamp[id] != state.stamp) {
    state.regex_stamp[id] = state.stamp;
    state.regex_fields[id] = 0;
  }
  state.regex_fields[id] |= field_bit(state.texts[state.current_text].field);
  return 0;
}

void scan_text(State& state, std::uint32_t text_index) {
  state.current_text = text_index;
  const NormalizedText& text = state.texts[text_index].normalized;
  for (hs_database* database : {state.rules->token_database.get(), state.rules->wildcard_database.get()}) {
    if (database == nullptr || text.token_count() == 0) continue;
    hs_scan(database, text.tokens.data(), static_cast<unsigned>(text.tokens.size()), 0, state.vectorscan.get(),
            on_token_hit, &state);
  }
  if (state.rules->regex_database) {
    hs_scan(state.rules->regex_database.get(), text.collapsed.data(), static_cast<unsigned>(text.collapsed.size()),
            0, state.vectorscan.get(), on_regex_hit, &state);
  }
}

// Sorts hits by pattern and records each pattern's range and fields.
void index_hits(State& state) {
  std::sort(state.hits.begin(), state.hits.end(), [](const Hit& a, const Hit& b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern
                                  : (a.text != b.text ? a.text < b.text : a.start_token < b.start_token);
  });
  for (std::uint32_t i = 0; i < state.hits.size(); ++i) {
    std::uint32_t pattern = state.hits[i].pattern;
    if (state.pattern_stamp[pattern] != state.stamp) {
      state.pattern_stamp[pattern] = state.stamp;
      state.pattern_first_hit[pattern] = i;
      state.pattern_fields[pattern] = 0;
    }
    state.pattern_end_hit[pattern] = i + 1;
    state.pattern_fields[pattern] |= field_bit(state.texts[state.hits[i].text].field);
  }
}

void add_candidates(State& state, const std::vector<std::uint32_t>& begin, const std::vector<std::uint32_t>& rules,
                    std::uint32_t id) {
  for (std::uint32_t i = begin[id]; i < begin[id + 1]; ++i) {
    std::uint32_t rule = rules[i];
    if (state.rule_stamp[rule] == state.stamp) continue;
    state.rule_stamp[rule] = state.stamp;
    state.candidates.push_back(rule);
  }
}

void collect_candidates(State& state) {
  const CompiledRuleSet& rules = *state.rules;
  state.candidates.clear();
  for (std::size_t i = 0; i < state.hits.size(); ++i) {
    if (i == 0 || state.hits[i].pattern != state.hits[i - 1].pattern) {
      add_candidates(state, rules.pattern_rule_begin, rules.rules_by_pattern, state.hits[i].pattern);
    }
  }
  for (std::uint32_t regex = 0; regex < state.regex_stamp.size(); ++regex) {
    if (state.regex_stamp[regex] == state.stamp) add_candidates(state, rules.regex_rule_begin, rules.rules_by_regex, regex);
  }
  for (std::uint32_t rule : rules.rules_without_hits) {
    if (state.rule_stamp[rule] != state.stamp) state.candidates.push_back(rule);
  }
  std::sort(state.candidates.begin(), state.candidates.end());
}

bool pattern_hit_in(const State& state, std::uint32_t pattern, FieldMask fields) {
  return state.pattern_stamp[pattern] == state.stamp && (state.pattern_fields[pattern] & fields) != 0;
}

std::uint32_t word_distance(const Hit& a, const Hit& b) {
  if (a.end_token < b.start_token) return b.start_token - a.end_token;
  if (b.end_token < a.start_token) return a.start_token - b.end_token;
  return 0;
}

bool near_satisfied(const State& state, const NearLeaf& leaf) {
  if (!pattern_hit_in(state, leaf.first_pattern, leaf.fields) ||
      !pattern_hit_in(state, leaf.second_pattern, leaf.fields)) {
    return false;
  }
  for (std::uint32_t i = state.pattern_first_hit[leaf.first_pattern]; i < state.pattern_end_hit[leaf.first_pattern]; ++i) {
    const Hit& first = state.hits[i];
    if ((field_bit(state.texts[first.text].field) & leaf.fields) == 0) continue;
    for (std::uint32_t j = state.pattern_first_hit[leaf.second_pattern]; j < state.pattern_end_hit[leaf.second_pattern];
         ++j) {
      const Hit& second = state.hits[j];
      if (second.text == first.text && word_distance(first, second) <= static_cast<std::uint32_t>(leaf.distance)) {
        return true;
      }
    }
  }
  return false;
}

bool leaf_value(const State& state, const Instruction& instruction) {
  const CompiledRuleSet& rules = *state.rules;
  switch (instruction.op) {
    case OpCode::kTerm: {
      const TermLeaf& leaf = rules.term_leaves[instruction.operand];
      return pattern_hit_in(state, leaf.pattern, leaf.fields);
    }
    case OpCode::kRegex: {
      const RegexLeaf& leaf = rules.regex_leaves[instruction.operand];
      return state.regex_stamp[leaf.regex] == state.stamp && (state.regex_fields[leaf.regex] & leaf.fields) != 0;
    }
    case OpCode::kNear: return near_satisfied(state, rules.near_leaves[instruction.operand]);
    default: return false;
  }
}

bool evaluate(State& state, const Program& program) {
  return evaluate_program(program, state.stack,
                          [&state](const Instruction& instruction) { return leaf_value(state, instruction); });
}

// Re-runs a fired rule's program keeping, for each true subtree, the leaves
// that made it true: all children of a true AND, the true children of an OR,
// nothing through a NOT. Runs only for rules that fired.
std::vector<const Instruction*> contributing_leaves(State& state, const Program& program) {
  struct Value {
    bool truth;
    std::vector<const Instruction*> leaves;
  };
  std::vector<Value> stack;
  for (const Instruction& instruction : program) {
    if (instruction.op == OpCode::kNot) {
      stack.back() = Value{!stack.back().truth, {}};
    } else if (instruction.op == OpCode::kAnd || instruction.op == OpCode::kOr) {
      Value combined{instruction.op == OpCode::kAnd, {}};
      for (std::size_t i = stack.size() - instruction.operand; i < stack.size(); ++i) {
        Value& child = stack[i];
        combined.truth = instruction.op == OpCode::kAnd ? combined.truth && child.truth : combined.truth || child.truth;
        if (child.truth) combined.leaves.insert(combined.leaves.end(), child.leaves.begin(), child.leaves.end());
      }
      stack.resize(stack.size() - instruction.operand);
      if (!combined.truth) combined.leaves.clear();
      stack.push_back(std::move(combined));
    } else {
      bool truth = leaf_value(state, instruction);
      stack.push_back(Value{truth, truth ? std::vector<const Instruction*>{&instruction} : std::vector<const Instruction*>{}});
    }
  }
  return stack.empty() ? std::vector<const Instruction*>{} : std::move(stack.back().leaves);
}

void add_term(RuleMatch& match, const std::string& term) {
  if (std::find(match.matched_terms.begin(), match.matched_terms.end(), term) == match.matched_terms.end()) {
    match.matched_terms.push_back(term);
  }
}

void add_spans(const State& state, RuleMatch& match, std::uint32_t pattern, FieldMask fields, const std::string& term) {
  if (state.pattern_stamp[pattern] != state.stamp) return;
  for (std::uint32_t i = state.pattern_first_hit[pattern]; i < state.pattern_end_hit[pattern]; ++i) {
    const Hit& hit = state.hits[i];
    const TextSlot& slot = state.texts[hit.text];
    if ((field_bit(slot.field) & fields) == 0 || hit.end_byte <= hit.begin_byte) continue;
    const NormalizedText& text = slot.normalized;
    match.spans.push_back(MatchedSpan{slot.field, slot.field_index, text.original_begin[hit.begin_byte],
                                      text.original_end[hit.end_byte - 1], term});
  }
}

void explain(State& state, const Program& program, RuleMatch& match) {
  const CompiledRuleSet& rules = *state.rules;
  bool spans = state.options.spans;
  for (const Instruction* leaf : contributing_leaves(state, program)) {
    if (leaf->op == OpCode::kTerm) {
      const TermLeaf& term = rules.term_leaves[leaf->operand];
      add_term(match, term.written);
      if (spans) add_spans(state, match, term.pattern, term.fields, term.written);
    } else if (leaf->op == OpCode::kNear) {
      const NearLeaf& near = rules.near_leaves[leaf->operand];
      add_term(match, near.first_written);
      add_term(match, near.second_written);
      if (spans) add_spans(state, match, near.first_pattern, near.fields, near.first_written);
      if (spans) add_spans(state, match, near.second_pattern, near.fields, near.second_written);
    } else if (leaf->op == OpCode::kRegex) {
      add_term(match, rules.regex_leaves[leaf->operand].written);
    }
  }
}

void prepare(State& state, const CompiledRuleSet& rules) {
  state.rules = &rules;
  state.pattern_stamp.assign(rules.patterns.size(), 0);
  state.pattern_first_hit.assign(rules.patterns.size(), 0);
  state.pattern_end_hit.assign(rules.patterns.size(), 0);
  state.pattern_fields.assign(rules.patterns.size(), 0);
  state.regex_stamp.assign(rules.regexes.size(), 0);
  state.regex_fields.assign(rules.regexes.size(), 0);
  state.rule_stamp.assign(rules.rules.size(), 0);
  allocate_vectorscan(state, rules);
}

}  // namespace

MatchScratch::MatchScratch(const CompiledRuleSet& rules) : state_(std::make_unique<State>()) {
  prepare(*state_, rules);
}
MatchScratch::~MatchScratch() = default;
MatchScratch::MatchScratch(MatchScratch&&) noexcept = default;
MatchScratch& MatchScratch::operator=(MatchScratch&&) noexcept = default;

std::vector<RuleMatch> match_entry(const CompiledRuleSet& rules, const EntryText& entry, MatchScratch& scratch,
                                   MatchOptions options) {
  State& state = scratch.state();
  state.options = options;
  next_stamp(state);
  state.hits.clear();
  std::size_t text_count = collect_texts(state, entry);
  for (std::uint32_t i = 0; i < text_count; ++i) scan_text(state, i);
  index_hits(state);
  collect_candidates(state);
  std::vector<RuleMatch> matches;
  for (std::uint32_t rule_index : state.candidates) {
    const CompiledRule& rule = rules.rules[rule_index];
    if (!evaluate(state, rule.query)) continue;
    if (!rule.exclude.empty() && evaluate(state, rule.exclude)) continue;
    RuleMatch match{rule_index, rule.name, {}, {}};
    explain(state, rule.query, match);
    matches.push_back(std::move(match));
  }
  return matches;
}

std::string highlight(std::string_view text, const std::vector<MatchedSpan>& spans, Field field,
                      std::size_t field_index, std::string_view open, std::string_view close) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const MatchedSpan& span : spans) {
    if (span.field == field && span.field_index == field_index && span.end <= text.size()) {
      ranges.emplace_back(span.begin, span.end);
    }
  }
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  std::size_t position = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    auto [begin, end] = ranges[i];
    while (i + 1 < ranges.size() && ranges[i + 1].first <= end) end = std::max(end, ranges[++i].second);
    if (begin < position) begin = position;
    out.append(text.substr(position, begin - position)).append(open);
    out.append(text.substr(begin, end - begin)).append(close);
    position = end;
  }
  out.append(text.substr(position));
  return out;
}

}  // namespace feedwatch::rules
