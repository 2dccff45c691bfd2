#include "rules/matcher.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <hs.h>
#include <span>
#include <stdexcept>

#include "rules/program.h"
#include "rules/text_normalizer.h"
#include "rules/vectorscan_handle.h"

namespace feedwatch::rules {

namespace {

// One occurrence of a token pattern in one text. The word positions are
// filled in by sort_hits: only NEAR needs them, and most entries have none.
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
  NormalizedText normalized;  // its buffers are reused from entry to entry
};

}  // namespace

// The per-entry facts are dense tables indexed by pattern, regex and rule, all
// zero between entries: each entry sets only a few cells and lists them, and
// the next entry clears just those. Leaf tests then read one byte from a table
// small enough for the first-level cache (one byte per pattern).
struct MatchScratch::State {
  const CompiledRuleSet* rules = nullptr;
  VectorscanScratch vectorscan;
  std::vector<TextSlot> texts;
  std::vector<Hit> hits;
  bool hits_sorted = false;                 // by pattern, text, start_token: NEAR and spans need it
  std::vector<FieldMask> pattern_fields;    // per pattern: the fields it hit in; then the filters' never/always
  std::vector<std::uint32_t> hit_patterns;  // the patterns with pattern_fields != 0
  std::vector<FieldMask> regex_fields;      // per regex: the fields it matched in
  std::vector<std::uint32_t> hit_regexes;   // the regexes with regex_fields != 0
  std::vector<std::uint64_t> candidate_bits;  // one bit per rule; zero between entries
  std::vector<std::uint32_t> candidates;    // rules to evaluate, in rule order
  std::vector<std::uint32_t> fired;
  std::vector<std::uint32_t> leaves;        // explain's buffers
  std::vector<std::uint32_t> terms;
  std::vector<RuleMatch> results;           // what match_entry returns
  std::vector<RuleMatch> spare_results;     // reports of earlier entries, kept for their buffers
  MatchOptions options;
  std::uint32_t current_text = 0;
  FieldMask current_field = 0;
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

// Undoes the previous entry's marks (candidate_bits are cleared as they are read).
void clear_entry(State& state) {
  for (std::uint32_t pattern : state.hit_patterns) state.pattern_fields[pattern] = 0;
  for (std::uint32_t regex : state.hit_regexes) state.regex_fields[regex] = 0;
  state.hit_patterns.clear();
  state.hit_regexes.clear();
  state.hits.clear();
  state.hits_sorted = false;
}

void add_text(State& state, std::size_t* count, Field field, std::size_t index, std::string_view text) {
  if (text.empty()) return;
  if (state.texts.size() <= *count) state.texts.emplace_back();
  TextSlot& slot = state.texts[(*count)++];
  slot.field = field;
  slot.field_index = index;
  NormalizeOptions options{.collapsed = state.rules->regex_database != nullptr,
                           .original_offsets = state.options.spans};
  normalize_text(text, options, &slot.normalized);
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
void locate_words(const PatternShape& shape, const NormalizedText& text, Hit& hit) {
  hit.end_token = static_cast<std::uint32_t>(text.token_index_at(hit.end_byte - 1));
  hit.start_token = hit.end_token >= shape.word_count - 1 ? hit.end_token - (shape.word_count - 1) : 0;
}

int on_token_hit(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* context) {
  auto& state = *static_cast<State*>(context);
  const PatternShape& shape = state.rules->pattern_shapes[id];
  Hit hit{id, state.current_text, 0, 0, 0, static_cast<std::uint32_t>(to - (shape.trailing_space ? 1 : 0))};
  if (shape.fixed_length) {
    hit.begin_byte = static_cast<std::uint32_t>(to - shape.length + (shape.leading_space ? 1 : 0));
  } else {
    const NormalizedText& text = state.texts[state.current_text].normalized;
    locate_words(shape, text, hit);
    hit.begin_byte = text.token_starts[hit.start_token];
  }
  state.hits.push_back(hit);
  if (state.pattern_fields[id] == 0) state.hit_patterns.push_back(id);
  state.pattern_fields[id] |= state.current_field;
  return 0;
}

int on_regex_hit(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) {
  auto& state = *static_cast<State*>(context);
  if (state.regex_fields[id] == 0) state.hit_regexes.push_back(id);
  state.regex_fields[id] |= state.current_field;
  return 0;
}

void scan_text(State& state, std::uint32_t text_index) {
  state.current_text = text_index;
  state.current_field = field_bit(state.texts[text_index].field);
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

// NEAR and spans look hits up by pattern; most entries need neither.
void sort_hits(State& state) {
  if (state.hits_sorted) return;
  for (Hit& hit : state.hits) {
    locate_words(state.rules->pattern_shapes[hit.pattern], state.texts[hit.text].normalized, hit);
  }
  std::sort(state.hits.begin(), state.hits.end(), [](const Hit& a, const Hit& b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern
                                  : (a.text != b.text ? a.text < b.text : a.start_token < b.start_token);
  });
  state.hits_sorted = true;
}

// The hits of one pattern. REQUIRES: sort_hits ran for this entry.
std::span<const Hit> hits_of(const State& state, std::uint32_t pattern) {
  auto first = std::lower_bound(state.hits.begin(), state.hits.end(), pattern,
                                [](const Hit& hit, std::uint32_t value) { return hit.pattern < value; });
  auto last = first;
  while (last != state.hits.end() && last->pattern == pattern) ++last;
  return {first, last};
}

// The entry's tests (rule_compiler.h): the key hit in the right fields, and
// the second condition holds. Reads only pattern_fields, which is small and
// hot, never the rule's program.
inline bool passes_filter(const State& state, const TriggerEntry& entry, FieldMask key_hit) {
  FieldMask hit = 0;
  for (std::uint32_t pattern : entry.filter) hit |= state.pattern_fields[pattern];
  return (hit & entry.filter_fields) != 0 && (key_hit & entry.key_fields) != 0;
}

// `key_hit`: the fields the pattern or regex `id` hit in.
void mark_candidates(State& state, const std::vector<std::uint32_t>& begin, const std::vector<TriggerEntry>& entries,
                     std::uint32_t id, FieldMask key_hit) {
  for (std::uint32_t i = begin[id]; i < begin[id + 1]; ++i) {
    const TriggerEntry& entry = entries[i];
    if (!passes_filter(state, entry, key_hit)) continue;
    state.candidate_bits[entry.rule / 64] |= std::uint64_t{1} << (entry.rule % 64);
    // Nearly every candidate fires: start loading what evaluating and
    // reporting it will read while the other hits are still being indexed.
    __builtin_prefetch(&state.rules->code[entry.query_end - 1]);
    __builtin_prefetch(&state.rules->programs[entry.rule]);
    __builtin_prefetch(&state.rules->rules[entry.rule]);
  }
}

// Marks every rule a hit may fire, then reads the bits back in rule order
// (cheaper than sorting a list), clearing them for the next entry.
void collect_candidates(State& state) {
  const CompiledRuleSet& rules = *state.rules;
  for (std::uint32_t pattern : state.hit_patterns) {
    mark_candidates(state, rules.pattern_rule_begin, rules.rules_by_pattern, pattern, state.pattern_fields[pattern]);
  }
  for (std::uint32_t regex : state.hit_regexes) {
    mark_candidates(state, rules.regex_rule_begin, rules.rules_by_regex, regex, state.regex_fields[regex]);
  }
  for (std::uint32_t rule : rules.rules_without_hits) state.candidate_bits[rule / 64] |= std::uint64_t{1} << (rule % 64);
  state.candidates.clear();
  for (std::size_t word = 0; word < state.candidate_bits.size(); ++word) {
    for (std::uint64_t bits = state.candidate_bits[word]; bits != 0; bits &= bits - 1) {
      state.candidates.push_back(static_cast<std::uint32_t>(word * 64 + std::countr_zero(bits)));
    }
    state.candidate_bits[word] = 0;
  }
}

std::uint32_t word_distance(const Hit& a, const Hit& b) {
  if (a.end_token < b.start_token) return b.start_token - a.end_token;
  if (b.end_token < a.start_token) return a.start_token - b.end_token;
  return 0;
}

bool near_satisfied(State& state, const NearLeaf& leaf) {
  if ((state.pattern_fields[leaf.first_pattern] & leaf.fields) == 0 ||
      (state.pattern_fields[leaf.second_pattern] & leaf.fields) == 0) {
    return false;
  }
  sort_hits(state);
  std::span<const Hit> seconds = hits_of(state, leaf.second_pattern);
  for (const Hit& first : hits_of(state, leaf.first_pattern)) {
    if ((field_bit(state.texts[first.text].field) & leaf.fields) == 0) continue;
    for (const Hit& second : seconds) {
      if (second.text == first.text && word_distance(first, second) <= static_cast<std::uint32_t>(leaf.distance)) {
        return true;
      }
    }
  }
  return false;
}

// Terms are most leaves: their test is inline, the rest a call.
bool other_leaf_value(State& state, const Instruction& instruction) {
  switch (instruction.op) {
    case OpCode::kRegex: return (state.regex_fields[instruction.key] & instruction.fields) != 0;
    case OpCode::kNear: return near_satisfied(state, state.rules->near_leaves[instruction.operand]);
    default: return false;
  }
}

inline bool leaf_value(State& state, const Instruction& instruction) {
  if (instruction.op == OpCode::kTerm) return (state.pattern_fields[instruction.key] & instruction.fields) != 0;
  return other_leaf_value(state, instruction);
}

bool evaluate(State& state, Program program) {
  return evaluate_program(program, [&state](const Instruction& instruction) { return leaf_value(state, instruction); });
}

// Appends the leaves that make the true subtree at code[root] true: all
// children of an AND, the true children of an OR, nothing through a NOT.
// Children come last first, so the leaves come out in reverse query order.
void add_contributing_leaves(State& state, const Instruction* code, std::uint32_t root) {
  const Instruction& node = code[root];
  if (node.op == OpCode::kNot) return;
  if (!is_operator(node)) {
    state.leaves.push_back(root);
    return;
  }
  auto leaf = [&state](const Instruction& instruction) { return leaf_value(state, instruction); };
  std::uint32_t child = root - 1;
  for (std::uint32_t n = 0; n < node.operand; ++n, child -= subtree_size(code[child])) {
    if (node.op == OpCode::kAnd || evaluate_subtree(code, child, leaf)) add_contributing_leaves(state, code, child);
  }
}

void add_term(State& state, std::uint32_t written) {
  if (std::find(state.terms.begin(), state.terms.end(), written) == state.terms.end()) state.terms.push_back(written);
}

void add_spans(State& state, RuleMatch& match, std::uint32_t pattern, FieldMask fields, std::uint32_t written) {
  if ((state.pattern_fields[pattern] & fields) == 0) return;
  sort_hits(state);
  for (const Hit& hit : hits_of(state, pattern)) {
    const TextSlot& slot = state.texts[hit.text];
    if ((field_bit(slot.field) & fields) == 0 || hit.end_byte <= hit.begin_byte) continue;
    const NormalizedText& text = slot.normalized;
    match.spans.push_back(MatchedSpan{slot.field, slot.field_index, text.original_begin[hit.begin_byte],
                                      text.original_end[hit.end_byte - 1], state.rules->written_terms[written]});
  }
}

// Fills the report of a fired rule: its terms (collected as numbers, turned
// into strings once) and, if asked, their spans.
void explain(State& state, Program program, RuleMatch& match) {
  const CompiledRuleSet& rules = *state.rules;
  bool spans = state.options.spans;
  state.leaves.clear();
  state.terms.clear();
  add_contributing_leaves(state, program.data(), static_cast<std::uint32_t>(program.size() - 1));
  std::reverse(state.leaves.begin(), state.leaves.end());
  for (std::uint32_t index : state.leaves) {
    const Instruction& leaf = program[index];
    if (leaf.op == OpCode::kTerm) {
      add_term(state, leaf.operand);
      if (spans) add_spans(state, match, leaf.key, leaf.fields, leaf.operand);
    } else if (leaf.op == OpCode::kNear) {
      const NearLeaf& near = rules.near_leaves[leaf.operand];
      add_term(state, near.first_written);
      add_term(state, near.second_written);
      if (spans) add_spans(state, match, near.first_pattern, near.fields, near.first_written);
      if (spans) add_spans(state, match, near.second_pattern, near.fields, near.second_written);
    } else if (leaf.op == OpCode::kRegex) {
      add_term(state, rules.regex_leaves[leaf.operand].written);
    }
  }
  // Assigned in place: the strings keep their buffers from earlier entries.
  match.matched_terms.resize(state.terms.size());
  for (std::size_t i = 0; i < state.terms.size(); ++i) match.matched_terms[i] = rules.written_terms[state.terms[i]];
}

// Makes `results` hold `count` reports, moving surplus ones to `spare_results`
// and back rather than destroying and rebuilding them, so that their strings
// and vectors are reused from entry to entry instead of allocated anew.
void size_results(State& state, std::size_t count) {
  while (state.results.size() > count) {
    state.spare_results.push_back(std::move(state.results.back()));
    state.results.pop_back();
  }
  while (state.results.size() < count) {
    if (state.spare_results.empty()) {
      state.results.emplace_back();
      continue;
    }
    state.results.push_back(std::move(state.spare_results.back()));
    state.spare_results.pop_back();
  }
}

void report(State& state, std::uint32_t rule_index, RuleMatch& match) {
  const CompiledRuleSet& rules = *state.rules;
  match.rule_index = rule_index;
  match.rule_name = rules.rules[rule_index].name;
  match.spans.clear();
  explain(state, rules.program(rules.programs[rule_index].query), match);
}

// Candidates' programs lie scattered over the code array; with thousands of
// rules most are cache misses. Asking for all of them before evaluating the
// first overlaps those misses instead of taking them one after another.
void prefetch_programs(State& state) {
  const CompiledRuleSet& rules = *state.rules;
  for (std::uint32_t rule : state.candidates) {
    const RulePrograms& programs = rules.programs[rule];
    const Instruction* code = rules.code.data() + programs.query.begin;
    __builtin_prefetch(code);
    __builtin_prefetch(code + (programs.query.end - programs.query.begin) - 1);
  }
}

// Reports read each fired rule's terms from written_terms, scattered over a
// large table: ask for all of them before the first report is built.
void prefetch_written_terms(State& state) {
  const CompiledRuleSet& rules = *state.rules;
  for (std::uint32_t rule : state.fired) {
    for (const Instruction& instruction : rules.program(rules.programs[rule].query)) {
      if (instruction.op == OpCode::kTerm) __builtin_prefetch(&rules.written_terms[instruction.operand]);
    }
  }
}

// The candidates that fire: query true, exclude (if any) false.
void evaluate_candidates(State& state) {
  const CompiledRuleSet& rules = *state.rules;
  prefetch_programs(state);
  state.fired.clear();
  for (std::uint32_t rule_index : state.candidates) {
    const RulePrograms& programs = rules.programs[rule_index];
    if (!evaluate(state, rules.program(programs.query))) continue;
    if (!programs.exclude.empty() && evaluate(state, rules.program(programs.exclude))) continue;
    state.fired.push_back(rule_index);
  }
  prefetch_written_terms(state);
}

void prepare(State& state, const CompiledRuleSet& rules) {
  state.rules = &rules;
  state.pattern_fields.assign(rules.patterns.size() + 2, 0);
  state.pattern_fields[rules.always_pattern()] = static_cast<FieldMask>(~FieldMask{0});
  state.regex_fields.assign(rules.regexes.size(), 0);
  state.candidate_bits.assign((rules.rules.size() + 63) / 64, 0);
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

std::vector<RuleMatch>& match_entry(const CompiledRuleSet& rules, const EntryText& entry, MatchScratch& scratch,
                                    MatchOptions options) {
  State& state = scratch.state();
  assert(state.rules == &rules && "a MatchScratch serves only the rule set it was made for");
  state.options = options;
  clear_entry(state);
  std::size_t text_count = collect_texts(state, entry);
  for (std::uint32_t i = 0; i < text_count; ++i) scan_text(state, i);
  collect_candidates(state);
  evaluate_candidates(state);
  size_results(state, state.fired.size());
  for (std::size_t i = 0; i < state.fired.size(); ++i) report(state, state.fired[i], state.results[i]);
  return state.results;
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
