#include "rules/rule_compiler.h"

#include <algorithm>
#include <hs.h>
#include <unordered_map>

#include "rules/program.h"
#include "rules/query_parser.h"

namespace feedwatch::rules {
namespace {

// Vectorscan expressions are regexes; spelling every byte that is not an
// ASCII letter or digit as \xHH makes any token text a literal.
void append_escaped(std::string& expression, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
      expression.push_back(c);
    } else {
      expression += "\\x";
      expression.push_back(kHex[byte >> 4]);
      expression.push_back(kHex[byte & 0xF]);
    }
  }
}

// CSR index: for each id, the rules whose positive leaves use it.
void build_index(const std::vector<std::vector<TriggerEntry>>& rules_of, std::vector<std::uint32_t>* begin,
                 std::vector<TriggerEntry>* flat) {
  begin->assign(1, 0);
  for (const auto& rules : rules_of) {
    flat->insert(flat->end(), rules.begin(), rules.end());
    begin->push_back(static_cast<std::uint32_t>(flat->size()));
  }
}

// What Vectorscan refused, and which of the database's ids it blamed.
struct DatabaseFailure {
  std::string message;
  std::optional<unsigned> id;  // a pattern or regex id; none when the set as a whole failed
};

DatabaseFailure database_failure(hs_compile_error_t* error, const std::vector<unsigned>& ids) {
  DatabaseFailure failure{error != nullptr ? error->message : "Vectorscan could not compile the rules", {}};
  if (error != nullptr && error->expression >= 0 && static_cast<std::size_t>(error->expression) < ids.size()) {
    failure.id = ids[static_cast<std::size_t>(error->expression)];
  }
  hs_free_compile_error(error);
  return failure;
}

Expected<VectorscanDatabase, DatabaseFailure> compile_database(const std::vector<std::string>& expressions,
                                                               unsigned flags, const std::vector<unsigned>& ids) {
  std::vector<const char*> pointers;
  std::vector<unsigned> flag_values(expressions.size(), flags);
  for (const std::string& expression : expressions) pointers.push_back(expression.c_str());
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(pointers.data(), flag_values.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                       HS_MODE_BLOCK, nullptr, &database, &error) != HS_SUCCESS) {
    return make_unexpected(database_failure(error, ids));
  }
  return VectorscanDatabase(database);
}

// Turns query trees into programs and collects the shared tables.
class RuleSetBuilder {
 public:
  explicit RuleSetBuilder(CompiledRuleSet& set) : set_(set) {}

  void add_rule(const RuleDefinition& definition) {
    auto rule = static_cast<std::uint32_t>(set_.rules.size());
    CompiledRule compiled;
    compiled.name = definition.name;
    positive_keys_.emplace_back();
    compiled.query = emit_program(definition.query.root, rule, Polarity::kPositive);
    if (definition.exclude) compiled.exclude = emit_program(definition.exclude->root, rule, Polarity::kNotIndexed);
    if (fires_without_hits(set_.program(compiled.query))) set_.rules_without_hits.push_back(rule);
    set_.programs.push_back(RulePrograms{compiled.query, compiled.exclude});
    set_.rules.push_back(std::move(compiled));
  }

  // Second pass, once every pattern's usage is known: index each rule under
  // its trigger keys.
  void finish(const std::vector<RuleDefinition>& definitions) {
    rules_of_pattern_.assign(set_.patterns.size(), {});
    rules_of_regex_.assign(set_.regexes.size(), {});
    std::size_t always = 0;
    for (std::uint32_t rule = 0; rule < definitions.size(); ++rule) {
      if (always < set_.rules_without_hits.size() && set_.rules_without_hits[always] == rule) {
        ++always;
        continue;
      }
      if (auto trigger = find_trigger(definitions[rule].query.root)) {
        for (const IndexKey& key : trigger->keys) index_rule(rule, key);
      } else {
        for (const Key& key : positive_keys_[rule]) index_rule(rule, IndexKey{key, kAllFields, {}, 0});
      }
    }
    build_index(rules_of_pattern_, &set_.pattern_rule_begin, &set_.rules_by_pattern);
    build_index(rules_of_regex_, &set_.regex_rule_begin, &set_.rules_by_regex);
  }

 private:
  static constexpr auto kAllFields = static_cast<FieldMask>(~FieldMask{0});

  struct Key {
    bool regex;
    std::uint32_t id;
  };

  // A key a rule is indexed under: the fields its hit must be in and, when
  // one is known, a second condition that holds whenever the part of the
  // query this key stands for is true: one of `filter` (patterns) hit in
  // `filter_fields`. Becomes a TriggerEntry.
  struct IndexKey {
    Key key;
    FieldMask fields = 0;
    std::vector<std::uint32_t> filter;  // empty: none
    FieldMask filter_fields = 0;
  };

  // Keys such that whenever the node is true, at least one of them hit (with
  // its filter passing). For "(acme OR zenith) AND (export OR sanction*)" the
  // rarer side suffices, so a common word does not make every rule that
  // mentions it a candidate; the other side becomes the keys' filter.
  struct Trigger {
    std::vector<IndexKey> keys;
    std::size_t cost = 0;  // how many leaves of all rules share these keys: a proxy for how often they hit
  };

  std::optional<Trigger> find_trigger(const QueryNode& node) const {
    switch (node.kind) {
      case NodeKind::kTerm: return term_trigger(node.term, node.fields);
      case NodeKind::kNear: return near_trigger(node);
      case NodeKind::kRegex: {
        std::uint32_t id = regex_ids_.at(node.regex);
        return Trigger{{IndexKey{Key{true, id}, node.fields, {}, 0}}, regex_usage_[id]};
      }
      case NodeKind::kNot: return std::nullopt;
      case NodeKind::kAnd: return and_trigger(node);
      case NodeKind::kOr: return or_trigger(node);
    }
    return std::nullopt;
  }

  // Usage by rules stands in for frequency in text, adjusted by shape: a
  // prefix hits more often than its word, a phrase less often than a word.
  Trigger term_trigger(const Term& term, FieldMask fields) const {
    std::uint32_t id = term_patterns_.at(&term);
    std::size_t cost = pattern_usage_[id] * 4;
    if (term.words.back().prefix) cost *= 4;
    if (term.words.size() > 1) cost /= 4;
    return Trigger{{IndexKey{Key{false, id}, fields, {}, 0}}, cost + 1};
  }

  // NEAR needs both words: the rarer is the trigger, the other its filter.
  Trigger near_trigger(const QueryNode& node) const {
    Trigger first = term_trigger(node.children[0].term, node.fields);
    Trigger second = term_trigger(node.children[1].term, node.fields);
    if (second.cost < first.cost) std::swap(first, second);
    add_filter(first, second);
    return first;
  }

  std::optional<Trigger> and_trigger(const QueryNode& node) const {
    std::optional<Trigger> best;
    std::size_t best_child = 0;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      auto trigger = find_trigger(node.children[i]);
      if (trigger && (!best || trigger->cost < best->cost)) best = std::move(trigger), best_child = i;
    }
    if (best) add_filter_from_siblings(*best, node, best_child);
    return best;
  }

  std::optional<Trigger> or_trigger(const QueryNode& node) const {
    Trigger all;
    for (const QueryNode& child : node.children) {
      auto trigger = find_trigger(child);
      if (!trigger) return std::nullopt;
      all.keys.insert(all.keys.end(), trigger->keys.begin(), trigger->keys.end());
      all.cost += trigger->cost;
    }
    return all;
  }

  // Conditions that must all hold for the node to be true, each a set of keys
  // one of which must hit: an AND's children's (flattened), both words of a
  // NEAR, otherwise the node's trigger. A NOT contributes none.
  void necessary_conditions(const QueryNode& node, std::vector<Trigger>& out) const {
    if (node.kind == NodeKind::kAnd) {
      for (const QueryNode& child : node.children) necessary_conditions(child, out);
    } else if (node.kind == NodeKind::kNear) {
      out.push_back(term_trigger(node.children[0].term, node.fields));
      out.push_back(term_trigger(node.children[1].term, node.fields));
    } else if (auto trigger = find_trigger(node)) {
      out.push_back(std::move(*trigger));
    }
  }

  // Whether a condition fits a TriggerEntry's filter: a few patterns, no regex.
  static bool fits_filter(const Trigger& condition) {
    if (condition.keys.size() > kFilterPatterns) return false;
    return std::none_of(condition.keys.begin(), condition.keys.end(),
                        [](const IndexKey& key) { return key.key.regex; });
  }

  // The AND's other children are each necessary: the rarest one that fits
  // becomes the filter of the keys of the child chosen as trigger.
  void add_filter_from_siblings(Trigger& trigger, const QueryNode& node, std::size_t trigger_child) const {
    std::vector<Trigger> conditions;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (i != trigger_child) necessary_conditions(node.children[i], conditions);
    }
    const Trigger* best = nullptr;
    for (const Trigger& condition : conditions) {
      if (fits_filter(condition) && (best == nullptr || condition.cost < best->cost)) best = &condition;
    }
    if (best != nullptr) add_filter(trigger, *best);
  }

  // Gives the condition to the trigger's keys that have no filter yet.
  static void add_filter(Trigger& trigger, const Trigger& condition) {
    if (!fits_filter(condition)) return;
    for (IndexKey& key : trigger.keys) {
      if (!key.filter.empty()) continue;
      for (const IndexKey& part : condition.keys) {
        key.filter.push_back(part.key.id);
        key.filter_fields |= part.fields;
      }
    }
  }

  void index_rule(std::uint32_t rule, const IndexKey& key) {
    TriggerEntry entry{rule, key.fields, key.filter_fields, set_.programs[rule].query.end, {}};
    entry.filter.fill(set_.never_pattern());
    std::copy(key.filter.begin(), key.filter.end(), entry.filter.begin());
    if (key.filter.empty()) remove_filter(entry);
    std::vector<TriggerEntry>& entries = key.key.regex ? rules_of_regex_[key.key.id] : rules_of_pattern_[key.key.id];
    if (entries.empty() || entries.back().rule != rule) {
      entries.push_back(entry);
      return;
    }
    // The same key twice in one rule ("a OR (a AND b)"): either use may fire
    // it, so the entry keeps the weaker test.
    TriggerEntry& kept = entries.back();
    kept.key_fields |= entry.key_fields;
    if (kept.filter != entry.filter || kept.filter_fields != entry.filter_fields) remove_filter(kept);
  }

  void remove_filter(TriggerEntry& entry) const {
    entry.filter.fill(set_.never_pattern());
    entry.filter[0] = set_.always_pattern();
    entry.filter_fields = kAllFields;
  }

  // When no trigger exists (e.g. "NOT NOT a"), a rule is indexed under every
  // leaf that, when true, can make it fire: those of the query (not the
  // exclude) under an even number of NOTs. A program is monotone in them, so a
  // rule none of whose indexed leaves hit is true only if it is true with no
  // hit at all (rules_without_hits).
  enum class Polarity { kPositive, kNegative, kNotIndexed };

  static Polarity flip(Polarity polarity) {
    if (polarity == Polarity::kNotIndexed) return polarity;
    return polarity == Polarity::kPositive ? Polarity::kNegative : Polarity::kPositive;
  }

  ProgramRange emit_program(const QueryNode& root, std::uint32_t rule, Polarity polarity) {
    ProgramRange range;
    range.begin = static_cast<std::uint32_t>(set_.code.size());
    emit(root, rule, polarity, set_.code);
    range.end = static_cast<std::uint32_t>(set_.code.size());
    return range;
  }

  using Code = std::vector<Instruction>;

  void emit(const QueryNode& node, std::uint32_t rule, Polarity polarity, Code& program) {
    bool indexed = polarity == Polarity::kPositive;
    std::size_t start = program.size();
    switch (node.kind) {
      case NodeKind::kTerm: return emit_term(node, rule, indexed, program);
      case NodeKind::kNear: return emit_near(node, rule, indexed, program);
      case NodeKind::kRegex: return emit_regex(node, rule, indexed, program);
      case NodeKind::kNot:
        emit(node.children.front(), rule, flip(polarity), program);
        program.push_back({OpCode::kNot, 0, 0, subtree_size_from(start, program)});
        return;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        for (const QueryNode& child : node.children) emit(child, rule, polarity, program);
        program.push_back({node.kind == NodeKind::kAnd ? OpCode::kAnd : OpCode::kOr, 0,
                           static_cast<std::uint32_t>(node.children.size()), subtree_size_from(start, program)});
        return;
    }
  }

  // The size of an operator's subtree that began at `start`, counting the
  // operator about to be appended.
  static std::uint32_t subtree_size_from(std::size_t start, const Code& program) {
    return static_cast<std::uint32_t>(program.size() - start + 1);
  }

  std::uint32_t intern_written(const std::string& written) {
    auto [position, inserted] =
        written_ids_.try_emplace(written, static_cast<std::uint32_t>(set_.written_terms.size()));
    if (inserted) set_.written_terms.push_back(written);
    return position->second;
  }

  void emit_term(const QueryNode& node, std::uint32_t rule, bool indexed, Code& program) {
    std::uint32_t pattern = intern_pattern(node.term, rule, indexed);
    program.push_back({OpCode::kTerm, node.fields, intern_written(node.term.written), pattern});
  }

  void emit_near(const QueryNode& node, std::uint32_t rule, bool indexed, Code& program) {
    NearLeaf leaf;
    leaf.first_pattern = intern_pattern(node.children[0].term, rule, indexed);
    leaf.second_pattern = intern_pattern(node.children[1].term, rule, indexed);
    leaf.fields = node.fields;
    leaf.distance = node.near_distance;
    leaf.first_written = intern_written(node.children[0].term.written);
    leaf.second_written = intern_written(node.children[1].term.written);
    program.push_back({OpCode::kNear, node.fields, static_cast<std::uint32_t>(set_.near_leaves.size()), 0});
    set_.near_leaves.push_back(std::move(leaf));
  }

  void emit_regex(const QueryNode& node, std::uint32_t rule, bool indexed, Code& program) {
    auto [position, inserted] = regex_ids_.try_emplace(node.regex, static_cast<std::uint32_t>(set_.regexes.size()));
    if (inserted) {
      set_.regexes.push_back(node.regex);
      regex_usage_.push_back(0);
    }
    ++regex_usage_[position->second];
    if (indexed) positive_keys_[rule].push_back(Key{true, position->second});
    program.push_back(
        {OpCode::kRegex, node.fields, static_cast<std::uint32_t>(set_.regex_leaves.size()), position->second});
    set_.regex_leaves.push_back(RegexLeaf{position->second, node.fields, intern_written(node.term.written)});
  }

  std::uint32_t intern_pattern(const Term& term, std::uint32_t rule, bool indexed) {
    TokenPattern pattern = make_token_pattern(term);
    auto [position, inserted] = pattern_ids_.try_emplace(
        pattern.fixed_length ? pattern.literal : pattern.expression, static_cast<std::uint32_t>(set_.patterns.size()));
    if (inserted) {
      set_.pattern_shapes.push_back(PatternShape{pattern.length, pattern.word_count, pattern.leading_space,
                                                 pattern.trailing_space, pattern.fixed_length});
      set_.patterns.push_back(std::move(pattern));
      pattern_usage_.push_back(0);
    }
    ++pattern_usage_[position->second];
    term_patterns_[&term] = position->second;
    if (indexed) positive_keys_[rule].push_back(Key{false, position->second});
    return position->second;
  }

  // With no hit every leaf is false; a rule true then must always be evaluated.
  static bool fires_without_hits(Program program) {
    return evaluate_program(program, [](const Instruction&) { return false; });
  }

  CompiledRuleSet& set_;
  std::unordered_map<std::string, std::uint32_t> pattern_ids_;
  // The pattern of each term of the definitions, so that choosing triggers
  // (which visits terms several times) need not spell patterns again.
  std::unordered_map<const Term*, std::uint32_t> term_patterns_;
  std::unordered_map<std::string, std::uint32_t> regex_ids_;
  std::unordered_map<std::string, std::uint32_t> written_ids_;
  std::vector<std::vector<TriggerEntry>> rules_of_pattern_;
  std::vector<std::vector<TriggerEntry>> rules_of_regex_;
  std::vector<std::size_t> pattern_usage_;
  std::vector<std::size_t> regex_usage_;
  std::vector<std::vector<Key>> positive_keys_;  // per rule
};

// Fixed strings skip Vectorscan's regex analysis: building 10,000 rules'
// patterns this way takes a fraction of the time.
Expected<VectorscanDatabase, DatabaseFailure> compile_literals(const CompiledRuleSet& set) {
  std::vector<const char*> literals;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < set.patterns.size(); ++i) {
    if (!set.patterns[i].fixed_length) continue;
    literals.push_back(set.patterns[i].literal.data());
    lengths.push_back(set.patterns[i].literal.size());
    ids.push_back(static_cast<unsigned>(i));
  }
  std::vector<unsigned> flags(ids.size(), 0);
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (ids.empty()) return VectorscanDatabase();
  if (hs_compile_lit_multi(literals.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr, &database,
                           &error) != HS_SUCCESS) {
    return make_unexpected(database_failure(error, ids));
  }
  return VectorscanDatabase(database);
}

Expected<VectorscanDatabase, DatabaseFailure> compile_wildcards(const CompiledRuleSet& set) {
  std::vector<std::string> expressions;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < set.patterns.size(); ++i) {
    if (set.patterns[i].fixed_length) continue;
    expressions.push_back(set.patterns[i].expression);
    ids.push_back(static_cast<unsigned>(i));
  }
  if (ids.empty()) return VectorscanDatabase();
  return compile_database(expressions, 0, ids);
}

// Whether `instruction` reads pattern `id` (kTerm) or regex `id` (kRegex).
bool uses(const CompiledRuleSet& set, const Instruction& instruction, OpCode kind, std::uint32_t id) {
  if (kind == OpCode::kRegex) return instruction.op == OpCode::kRegex && instruction.key == id;
  if (instruction.op == OpCode::kTerm) return instruction.key == id;
  if (instruction.op != OpCode::kNear) return false;
  const NearLeaf& leaf = set.near_leaves[instruction.operand];
  return leaf.first_pattern == id || leaf.second_pattern == id;
}

// The first rule whose query or exclude reads pattern or regex `id`.
std::string rule_using(const CompiledRuleSet& set, OpCode kind, std::uint32_t id) {
  for (const CompiledRule& rule : set.rules) {
    for (ProgramRange range : {rule.query, rule.exclude}) {
      for (const Instruction& instruction : set.program(range)) {
        if (uses(set, instruction, kind, id)) return rule.name;
      }
    }
  }
  return "";
}

// Names the rule (and the expression) Vectorscan blamed, when it blamed one.
CompileError located(const CompiledRuleSet& set, DatabaseFailure failure, OpCode kind) {
  CompileError error{"", std::move(failure.message), ""};
  if (!failure.id) return error;
  error.rule = rule_using(set, kind, *failure.id);
  error.expression = kind == OpCode::kRegex ? set.regexes[*failure.id] : set.patterns[*failure.id].literal;
  if (kind == OpCode::kRegex) error.message = "the regular expression /" + error.expression + "/: " + error.message;
  return error;
}

std::optional<CompileError> compile_databases(CompiledRuleSet& set) {
  auto literals = compile_literals(set);
  if (!literals) return located(set, std::move(literals.error()), OpCode::kTerm);
  set.token_database = std::move(*literals);
  auto wildcards = compile_wildcards(set);
  if (!wildcards) return located(set, std::move(wildcards.error()), OpCode::kTerm);
  set.wildcard_database = std::move(*wildcards);
  if (!set.regexes.empty()) {
    std::vector<unsigned> ids(set.regexes.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<unsigned>(i);
    auto database = compile_database(set.regexes, regex_compile_flags(), ids);
    if (!database) return located(set, std::move(database.error()), OpCode::kRegex);
    set.regex_database = std::move(*database);
  }
  return std::nullopt;
}

}  // namespace

TokenPattern make_token_pattern(const Term& term) {
  TokenPattern pattern;
  std::string plain;
  pattern.word_count = static_cast<std::uint32_t>(term.words.size());
  pattern.leading_space = term.words.front().kind == TokenKind::kWord;
  for (std::size_t i = 0; i < term.words.size(); ++i) {
    const TermWord& word = term.words[i];
    if (i > 0 || pattern.leading_space) plain += ' ', append_escaped(pattern.expression, " ");
    plain += word.text;
    append_escaped(pattern.expression, word.text);
    bool last = i + 1 == term.words.size();
    if (word.prefix && !last) {
      pattern.expression += "[^ ]*";
      pattern.fixed_length = false;
    }
  }
  const TermWord& last_word = term.words.back();
  pattern.trailing_space = last_word.kind == TokenKind::kWord && !last_word.prefix;
  if (pattern.trailing_space) plain += ' ', append_escaped(pattern.expression, " ");
  pattern.length = static_cast<std::uint32_t>(plain.size());
  pattern.literal = std::move(plain);
  return pattern;
}

std::size_t CompiledRuleSet::database_bytes() const {
  std::size_t total = 0;
  for (hs_database* database : {token_database.get(), wildcard_database.get(), regex_database.get()}) {
    std::size_t size = 0;
    if (database != nullptr && hs_database_size(database, &size) == HS_SUCCESS) total += size;
  }
  return total;
}

Expected<CompiledRuleSet, CompileError> compile_rule_set(const std::vector<RuleDefinition>& definitions) {
  CompiledRuleSet set;
  RuleSetBuilder builder(set);
  for (const RuleDefinition& definition : definitions) builder.add_rule(definition);
  builder.finish(definitions);
  if (auto failure = compile_databases(set)) return make_unexpected(std::move(*failure));
  return set;
}

}  // namespace feedwatch::rules
