#include "rules/matcher.h"

#include <algorithm>
#include <cassert>
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
  // One record per pattern, so a leaf's test is one cache line.
  struct PatternHits {
    std::uint32_t stamp = 0;
    std::uint32_t first_hit = 0;  // range in `hits`
    std::uint32_t end_hit = 0;
    FieldMask fields = 0;
  };
  std::vector<PatternHits> patterns;
  std::vector<std::uint32_t> regex_stamp;
  std::vector<FieldMask> regex_fields;
  std::vector<std::uint32_t> rule_stamp;
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint8_t> stack;
  // contributing_leaves' buffers.
  std::vector<std::uint8_t> truth;
  std::vector<std::uint32_t> subtree_start;
  std::vector<std::uint32_t> walk;
  std::vector<std::uint32_t> leaves;
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
  for (auto& pattern : state.patterns) pattern.stamp = 0;
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
    State::PatternHits& record = state.patterns[pattern];
    if (record.stamp != state.stamp) record = State::PatternHits{state.stamp, i, i, 0};
    record.end_hit = i + 1;
    record.fields |= field_bit(state.texts[state.hits[i].text].field);
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
  const State::PatternHits& record = state.patterns[pattern];
  return record.stamp == state.stamp && (record.fields & fields) != 0;
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
  const State::PatternHits& firsts = state.patterns[leaf.first_pattern];
  const State::PatternHits& seconds = state.patterns[leaf.second_pattern];
  for (std::uint32_t i = firsts.first_hit; i < firsts.end_hit; ++i) {
    const Hit& first = state.hits[i];
    if ((field_bit(state.texts[first.text].field) & leaf.fields) == 0) continue;
    for (std::uint32_t j = seconds.first_hit; j < seconds.end_hit; ++j) {
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
    case OpCode::kTerm: return pattern_hit_in(state, instruction.key, instruction.fields);
    case OpCode::kRegex:
      return state.regex_stamp[instruction.key] == state.stamp && (state.regex_fields[instruction.key] & instruction.fields) != 0;
    case OpCode::kNear: return near_satisfied(state, rules.near_leaves[instruction.operand]);
    default: return false;
  }
}

bool evaluate(State& state, Program program) {
  return evaluate_program(program, state.stack,
                          [&state](const Instruction& instruction) { return leaf_value(state, instruction); });
}

std::uint32_t pop(std::vector<std::uint32_t>& stack) {
  std::uint32_t top = stack.back();
  stack.pop_back();
  return top;
}

// One step of contributing_leaves' walk: children are pushed last first so
// that leaves come out in query order.
void visit(State& state, Program program, std::uint32_t node) {
  const Instruction& instruction = program[node];
  if (!state.truth[node] || instruction.op == OpCode::kNot) return;
  if (instruction.op != OpCode::kAnd && instruction.op != OpCode::kOr) {
    state.leaves.push_back(node);
    return;
  }
  std::uint32_t child = node - 1;
  for (std::uint32_t n = 0; n < instruction.operand; ++n, child = state.subtree_start[child] - 1) {
    if (state.truth[child]) state.walk.push_back(child);
  }
}

// Re-runs a fired rule's program, recording each instruction's truth and
// where its subtree starts, then walks the true subtrees from the root
// keeping the leaves that made them true: all children of a true AND, the
// true children of an OR, nothing through a NOT. Runs only for fired rules;
// reuses the scratch buffers, so it allocates nothing after warm-up.
const std::vector<std::uint32_t>& contributing_leaves(State& state, Program program) {
  state.truth.resize(program.size());
  state.subtree_start.resize(program.size());
  state.walk.clear();
  for (std::uint32_t i = 0; i < program.size(); ++i) {
    const Instruction& instruction = program[i];
    if (instruction.op == OpCode::kNot) {
      state.truth[i] = state.truth[i - 1] ? 0 : 1;
      state.subtree_start[i] = state.subtree_start[i - 1];
    } else if (instruction.op == OpCode::kAnd || instruction.op == OpCode::kOr) {
      bool is_and = instruction.op == OpCode::kAnd;
      bool truth = is_and;
      std::uint32_t child = i - 1;
      for (std::uint32_t n = 0; n < instruction.operand; ++n, child = state.subtree_start[child] - 1) {
        truth = is_and ? (truth && state.truth[child]) : (truth || state.truth[child]);
        state.subtree_start[i] = state.subtree_start[child];
      }
      state.truth[i] = truth ? 1 : 0;
    } else {
      state.truth[i] = leaf_value(state, instruction) ? 1 : 0;
      state.subtree_start[i] = i;
    }
  }
  state.leaves.clear();
  if (!program.empty()) state.walk.push_back(static_cast<std::uint32_t>(program.size() - 1));
  while (!state.walk.empty()) visit(state, program, pop(state.walk));
  return state.leaves;
}

void add_term(RuleMatch& match, const std::string& term) {
  if (std::find(match.matched_terms.begin(), match.matched_terms.end(), term) == match.matched_terms.end()) {
    match.matched_terms.push_back(term);
  }
}

void add_spans(const State& state, RuleMatch& match, std::uint32_t pattern, FieldMask fields, const std::string& term) {
  const State::PatternHits& record = state.patterns[pattern];
  if (record.stamp != state.stamp) return;
  for (std::uint32_t i = record.first_hit; i < record.end_hit; ++i) {
    const Hit& hit = state.hits[i];
    const TextSlot& slot = state.texts[hit.text];
    if ((field_bit(slot.field) & fields) == 0 || hit.end_byte <= hit.begin_byte) continue;
    const NormalizedText& text = slot.normalized;
    match.spans.push_back(MatchedSpan{slot.field, slot.field_index, text.original_begin[hit.begin_byte],
                                      text.original_end[hit.end_byte - 1], term});
  }
}

void explain(State& state, Program program, RuleMatch& match) {
  const CompiledRuleSet& rules = *state.rules;
  bool spans = state.options.spans;
  for (std::uint32_t index : contributing_leaves(state, program)) {
    const Instruction* leaf = &program[index];
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

// Candidates' programs lie scattered over the code array; with thousands of
// rules each is a cache miss. Asking for a later candidate's code early
// overlaps those misses with evaluation.
constexpr std::size_t kPrefetchDistance = 4;

void prefetch_program(const CompiledRuleSet& rules, const std::vector<std::uint32_t>& candidates, std::size_t index) {
  if (index >= candidates.size()) return;
  const RulePrograms& programs = rules.programs[candidates[index]];
  const Instruction* code = rules.code.data() + programs.query.begin;
  __builtin_prefetch(code);
  __builtin_prefetch(code + (programs.query.end - programs.query.begin) - 1);
}

void prepare(State& state, const CompiledRuleSet& rules) {
  state.rules = &rules;
  state.patterns.assign(rules.patterns.size(), State::PatternHits{});
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
std::size_t MatchScratch::last_hit_count() const { return state_->hits.size(); }
std::size_t MatchScratch::last_candidate_count() const { return state_->candidates.size(); }
MatchScratch::MatchScratch(MatchScratch&&) noexcept = default;
MatchScratch& MatchScratch::operator=(MatchScratch&&) noexcept = default;

std::vector<RuleMatch> match_entry(const CompiledRuleSet& rules, const EntryText& entry, MatchScratch& scratch,
                                   MatchOptions options) {
  State& state = scratch.state();
  assert(state.rules == &rules && "a MatchScratch serves only the rule set it was made for");
  state.options = options;
  next_stamp(state);
  state.hits.clear();
  std::size_t text_count = collect_texts(state, entry);
  for (std::uint32_t i = 0; i < text_count; ++i) scan_text(state, i);
  index_hits(state);
  collect_candidates(state);
  std::vector<RuleMatch> matches;
  for (std::size_t i = 0; i < state.candidates.size(); ++i) {
    prefetch_program(rules, state.candidates, i + kPrefetchDistance);
    std::uint32_t rule_index = state.candidates[i];
    const RulePrograms& programs = rules.programs[rule_index];
    if (!evaluate(state, rules.program(programs.query))) continue;
    if (!programs.exclude.empty() && evaluate(state, rules.program(programs.exclude))) continue;
    RuleMatch match{rule_index, rules.rules[rule_index].name, {}, {}};
    explain(state, rules.program(programs.query), match);
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
