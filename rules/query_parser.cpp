#include "rules/query_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <hs.h>
#include <optional>
#include <utility>

#include "rules/regex_cost.h"

namespace feedwatch::rules {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldNames{
    "title", "summary", "content", "author", "category", "link", "feed"};

int column_at(std::string_view text, std::size_t offset) {
  int column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_bare_word(char c) { return is_space(c) || c == '(' || c == ')' || c == '"' || c == ','; }

enum class TokenType { kEnd, kLeftParen, kRightParen, kComma, kMinus, kPhrase, kRegex, kWord, kField };

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;  // phrase content, regex (unescaped), word, or field name
  std::size_t offset = 0;
  std::size_t end = 0;  // byte offset just past the token
  Field field = Field::kTitle;
};

// Splits a query into tokens. Context-free except for '-', which negates only
// at the start of a token, and "name:", which scopes only for known fields.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Reads the next token into *token, or returns an error.
  std::optional<QueryError> next(Token* token) {
    auto failure = read(token);
    token->end = position_;
    return failure;
  }

  QueryError error(std::size_t offset, std::string message) const {
    return QueryError{offset, column_at(text_, offset), std::move(message)};
  }

 private:
  std::optional<QueryError> read(Token* token) {
    skip_space();
    *token = Token{};
    token->offset = position_;
    if (position_ >= text_.size()) return std::nullopt;
    char c = text_[position_];
    if (c == '(' || c == ')' || c == ',') return single(token, c);
    if (c == '"') return read_phrase(token);
    if (c == '/') return read_regex(token);
    if (c == '-' && position_ + 1 < text_.size() && !is_space(text_[position_ + 1])) {
      token->type = TokenType::kMinus;
      ++position_;
      return std::nullopt;
    }
    if (read_field(token)) return std::nullopt;
    read_word(token);
    return std::nullopt;
  }

  void skip_space() {
    while (position_ < text_.size() && is_space(text_[position_])) ++position_;
  }

  std::optional<QueryError> single(Token* token, char c) {
    token->type = c == '(' ? TokenType::kLeftParen : c == ')' ? TokenType::kRightParen : TokenType::kComma;
    ++position_;
    return std::nullopt;
  }

  std::optional<QueryError> read_phrase(Token* token) {
    std::size_t close = text_.find('"', position_ + 1);
    if (close == std::string_view::npos) {
      return error(text_.size(), "expected '\"' to close the phrase opened at column " +
                                     std::to_string(column_at(text_, position_)));
    }
    token->type = TokenType::kPhrase;
    token->text = std::string(text_.substr(position_ + 1, close - position_ - 1));
    position_ = close + 1;
    return std::nullopt;
  }

  // "/.../": a backslash-escaped '/' does not close it; other escapes are the
  // regex's own and stay as written.
  std::optional<QueryError> read_regex(Token* token) {
    std::size_t start = position_;
    std::string regex;
    for (std::size_t i = position_ + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\' && i + 1 < text_.size()) {
        if (text_[i + 1] != '/') regex.push_back('\\');
        regex.push_back(text_[++i]);
      } else if (text_[i] == '/') {
        token->type = TokenType::kRegex;
        token->text = std::move(regex);
        position_ = i + 1;
        return std::nullopt;
      } else {
        regex.push_back(text_[i]);
      }
    }
    return error(text_.size(), "expected '/' to close the regular expression opened at column " +
                                   std::to_string(column_at(text_, start)));
  }

  bool read_field(Token* token) {
    std::size_t colon = text_.find(':', position_);
    if (colon == std::string_view::npos) return false;
    std::string_view name = text_.substr(position_, colon - position_);
    Field field;
    if (!field_from_name(name, &field)) return false;
    token->type = TokenType::kField;
    token->text = std::string(name);
    token->field = field;
    position_ = colon + 1;
    return true;
  }

  void read_word(Token* token) {
    std::size_t start = position_;
    while (position_ < text_.size() && !ends_bare_word(text_[position_])) ++position_;
    token->type = TokenType::kWord;
    token->text = std::string(text_.substr(start, position_ - start));
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

bool is_operator_word(const Token& token, std::string_view word) {
  return token.type == TokenType::kWord && token.text == word;
}

bool is_near_word(const Token& token) {
  return token.type == TokenType::kWord && token.text.rfind("NEAR", 0) == 0 &&
         (token.text.size() == 4 || token.text[4] == '/');
}

std::string describe(const Token& token) {
  switch (token.type) {
    case TokenType::kEnd: return "end of query";
    case TokenType::kLeftParen: return "'('";
    case TokenType::kRightParen: return "')'";
    case TokenType::kComma: return "','";
    case TokenType::kMinus: return "'-'";
    case TokenType::kPhrase: return "a phrase";
    case TokenType::kRegex: return "a regular expression";
    case TokenType::kField: return "'" + token.text + ":'";
    case TokenType::kWord: return "'" + token.text + "'";
  }
  return "?";
}

// Recursive descent over: or := and {OR and}; and := unary {[AND] unary};
// unary := (NOT | '-') unary | field ':' unary | primary.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lexer_(text) {}

  Expected<Query, QueryError> parse() {
    if (!advance()) return make_unexpected(*error_);
    auto root = parse_or(kEntryTextFields);
    if (!root) return make_unexpected(*error_);
    if (current_.type != TokenType::kEnd) {
      return make_unexpected(error_here(current_.type == TokenType::kRightParen
                                            ? "unexpected ')' with no '(' to close"
                                            : "expected an operator or end of query, found " + describe(current_)));
    }
    return Query{std::string(text_), std::move(*root)};
  }

 private:
  using NodeResult = std::optional<QueryNode>;

  bool advance() {
    if (auto failure = lexer_.next(&current_)) {
      error_ = std::move(*failure);
      return false;
    }
    return true;
  }

  QueryError error_here(std::string message) const { return lexer_.error(current_.offset, std::move(message)); }

  NodeResult fail(QueryError error) {
    if (!error_) error_ = std::move(error);
    return std::nullopt;
  }

  // Guards every recursive step so that "((((..." or "NOT NOT NOT ..." fails cleanly.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
  };

  static QueryNode combine(NodeKind kind, std::vector<QueryNode> children) {
    if (children.size() == 1) return std::move(children.front());
    QueryNode node;
    node.kind = kind;
    node.offset = children.front().offset;
    node.children = std::move(children);
    return node;
  }

  NodeResult parse_or(FieldMask scope) {
    std::vector<QueryNode> children;
    auto first = parse_and(scope);
    if (!first) return std::nullopt;
    children.push_back(std::move(*first));
    while (is_operator_word(current_, "OR")) {
      if (!advance()) return std::nullopt;
      auto next = parse_and(scope);
      if (!next) return std::nullopt;
      children.push_back(std::move(*next));
    }
    return combine(NodeKind::kOr, std::move(children));
  }

  bool starts_unary() const {
    switch (current_.type) {
      case TokenType::kEnd: case TokenType::kRightParen: case TokenType::kComma: return false;
      case TokenType::kWord: return current_.text != "OR" && current_.text != "AND";
      default: return true;
    }
  }

  NodeResult parse_and(FieldMask scope) {
    std::vector<QueryNode> children;
    auto first = parse_unary(scope);
    if (!first) return std::nullopt;
    children.push_back(std::move(*first));
    while (is_operator_word(current_, "AND") || starts_unary()) {
      if (is_operator_word(current_, "AND") && !advance()) return std::nullopt;
      auto next = parse_unary(scope);
      if (!next) return std::nullopt;
      children.push_back(std::move(*next));
    }
    return combine(NodeKind::kAnd, std::move(children));
  }

  NodeResult parse_unary(FieldMask scope) {
    DepthGuard guard(depth_);
    if (depth_ > kMaxQueryDepth) {
      return fail(error_here("the query nests deeper than " + std::to_string(kMaxQueryDepth) + " levels"));
    }
    if (current_.type == TokenType::kMinus || is_operator_word(current_, "NOT")) return parse_not(scope);
    if (current_.type == TokenType::kField) {
      FieldMask field_scope = field_bit(current_.field);
      if (!advance()) return std::nullopt;
      return parse_unary(field_scope);
    }
    return parse_primary(scope);
  }

  NodeResult parse_not(FieldMask scope) {
    std::size_t offset = current_.offset;
    if (!advance()) return std::nullopt;
    auto operand = parse_unary(scope);
    if (!operand) return std::nullopt;
    QueryNode node;
    node.kind = NodeKind::kNot;
    node.offset = offset;
    node.children.push_back(std::move(*operand));
    return node;
  }

  NodeResult parse_primary(FieldMask scope) {
    switch (current_.type) {
      case TokenType::kLeftParen: return parse_group(scope);
      case TokenType::kPhrase: return parse_term_token(scope);
      case TokenType::kRegex: return parse_regex(scope);
      case TokenType::kWord:
        if (is_near_word(current_)) return parse_near(scope);
        if (current_.text == "AND" || current_.text == "OR" || current_.text == "NOT") break;
        return parse_term_token(scope);
      default: break;
    }
    return fail(error_here("expected a term, phrase or '(', found " + describe(current_)));
  }

  NodeResult parse_group(FieldMask scope) {
    std::size_t open = current_.offset;
    if (!advance()) return std::nullopt;
    if (current_.type == TokenType::kRightParen) return fail(error_here("expected a query inside '()'"));
    auto inner = parse_or(scope);
    if (!inner) return std::nullopt;
    if (current_.type != TokenType::kRightParen) {
      return fail(error_here("expected ')' to close '(' at column " + std::to_string(column_at(text_, open)) +
                             ", found " + describe(current_)));
    }
    if (!advance()) return std::nullopt;
    return inner;
  }

  NodeResult parse_regex(FieldMask scope) {
    // Estimated before Vectorscan sees it: even analysing a costly one takes long.
    std::size_t cost = regex_compile_cost(current_.text);
    regex_cost_ = std::min(regex_cost_ + cost, kRegexCostCap);
    if (regex_cost_ > kMaxRegexCost) return fail(error_here(regex_too_costly(cost)));
    std::string complaint = check_regex(current_.text);
    if (!complaint.empty()) return fail(error_here("invalid regular expression: " + complaint));
    QueryNode node;
    node.kind = NodeKind::kRegex;
    node.fields = scope;
    node.offset = current_.offset;
    node.regex = current_.text;
    node.term.written = std::string(text_.substr(current_.offset, current_.end - current_.offset));
    if (!advance()) return std::nullopt;
    return node;
  }

  std::string regex_too_costly(std::size_t cost) const {
    std::string others = cost == regex_cost_ ? "" : ", " + std::to_string(regex_cost_) + " with the query's other ones";
    return "the regular expression is too costly to compile: it costs " +
           (cost >= kRegexCostCap ? std::string("more than a trillion") : std::to_string(cost)) + others +
           ", and a query's regular expressions may cost at most " + std::to_string(kMaxRegexCost) +
           " together (1 per ASCII character position with repetitions written out, " +
           std::to_string(kWidePositionCost) + " for '.', [^...] or non-ASCII, " + std::to_string(kPropertyPositionCost) +
           " for \\p{...}; see docs/limits.md); use smaller repetition counts, or NEAR/n for words close together";
  }

  NodeResult parse_term_token(FieldMask scope) {
    auto term = build_term(current_);
    if (!term) return std::nullopt;
    QueryNode node;
    node.kind = NodeKind::kTerm;
    node.fields = scope;
    node.offset = current_.offset;
    node.term = std::move(*term);
    if (!advance()) return std::nullopt;
    return node;
  }

  NodeResult parse_near(FieldMask scope) {
    Token near_token = current_;
    auto distance = parse_near_distance(near_token);
    if (!distance) return std::nullopt;
    if (!advance()) return std::nullopt;
    if (current_.type != TokenType::kLeftParen) {
      return fail(error_here("expected '(' after " + near_token.text + ", as in NEAR/5(a, b)"));
    }
    std::size_t open = current_.offset;
    if (!advance()) return std::nullopt;
    QueryNode node;
    node.kind = NodeKind::kNear;
    node.fields = scope;
    node.offset = near_token.offset;
    node.near_distance = *distance;
    for (int operand = 0; operand < 2; ++operand) {
      if (operand == 1 && !expect(TokenType::kComma, "expected ',' between the two operands of NEAR")) {
        return std::nullopt;
      }
      auto child = parse_near_operand(scope);
      if (!child) return std::nullopt;
      node.children.push_back(std::move(*child));
    }
    std::string close_message = "expected ')' to close '(' at column " + std::to_string(column_at(text_, open));
    if (!expect(TokenType::kRightParen, close_message)) return std::nullopt;
    return node;
  }

  bool expect(TokenType type, const std::string& message) {
    if (current_.type != type) {
      fail(error_here(message + ", found " + describe(current_)));
      return false;
    }
    return advance();
  }

  std::optional<int> parse_near_distance(const Token& token) {
    std::string_view digits = std::string_view(token.text).substr(token.text.size() > 4 ? 5 : 4);
    int distance = 0;
    auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), distance);
    if (token.text.size() == 4 || status != std::errc() || end != digits.data() + digits.size() ||
        distance < 1 || distance > kMaxNearDistance) {
      fail(error_here("expected NEAR/n with n from 1 to " + std::to_string(kMaxNearDistance) +
                      ", as in NEAR/5(a, b), found '" + token.text + "'"));
      return std::nullopt;
    }
    return distance;
  }

  NodeResult parse_near_operand(FieldMask scope) {
    bool is_term = current_.type == TokenType::kPhrase ||
                   (current_.type == TokenType::kWord && !is_near_word(current_) && current_.text != "AND" &&
                    current_.text != "OR" && current_.text != "NOT");
    if (!is_term) {
      return fail(error_here("expected a term, prefix or phrase as an operand of NEAR, found " + describe(current_)));
    }
    return parse_term_token(scope);
  }

  // Normalizes the words of a bare term or phrase. Each whitespace-separated
  // chunk may end in '*', which makes the chunk's last token a prefix.
  std::optional<Term> build_term(const Token& token) {
    Term term;
    term.written = token.text;
    std::string_view raw = token.text;
    std::size_t chunk_start = 0;
    while (chunk_start < raw.size()) {
      std::size_t chunk_end = chunk_start;
      while (chunk_end < raw.size() && !is_space(raw[chunk_end])) ++chunk_end;
      if (chunk_end > chunk_start && !add_chunk(raw.substr(chunk_start, chunk_end - chunk_start), token, &term)) {
        return std::nullopt;
      }
      chunk_start = chunk_end + 1;
    }
    if (term.words.empty()) {
      fail(error_here(token.type == TokenType::kPhrase ? "the phrase has no letters or digits to match"
                                                        : "'" + token.text + "' has no letters or digits to match"));
      return std::nullopt;
    }
    return term;
  }

  bool add_chunk(std::string_view chunk, const Token& token, Term* term) {
    bool prefix = chunk.back() == '*';
    if (prefix) chunk.remove_suffix(1);
    if (chunk.find('*') != std::string_view::npos) {
      fail(error_here("'*' may only stand at the end of a word, in '" + token.text + "'"));
      return false;
    }
    NormalizedText normalized = normalize_text(chunk);
    if (prefix && normalized.token_count() == 0) {
      fail(error_here("'*' must follow a word, in '" + token.text + "'"));
      return false;
    }
    for (std::size_t i = 0; i < normalized.token_count(); ++i) {
      term->words.push_back(TermWord{std::string(normalized.token(i)), normalized.token_kinds[i], false});
    }
    if (prefix) term->words.back().prefix = true;
    return true;
  }

  std::string_view text_;
  Lexer lexer_;
  Token current_;
  std::optional<QueryError> error_;
  int depth_ = 0;
  std::size_t regex_cost_ = 0;  // of the regular expressions read so far
};

}  // namespace

std::string_view field_name(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

bool field_from_name(std::string_view name, Field* field) {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (name == kFieldNames[i]) {
      *field = static_cast<Field>(i);
      return true;
    }
  }
  return false;
}

std::string QueryError::to_string() const { return "column " + std::to_string(column) + ": " + message; }

unsigned regex_compile_flags() {
  return HS_FLAG_UTF8 | HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
}

std::string check_regex(const std::string& regex) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* compile_error = nullptr;
  if (hs_expression_info(regex.c_str(), regex_compile_flags(), &info, &compile_error) == HS_SUCCESS) {
    std::free(info);
    return "";
  }
  std::string message = compile_error != nullptr ? compile_error->message : "rejected by the regex compiler";
  hs_free_compile_error(compile_error);
  return message;
}

Expected<Query, QueryError> parse_query(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return make_unexpected(QueryError{kMaxQueryBytes, column_at(text, kMaxQueryBytes),
                                      "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes"});
  }
  return Parser(text).parse();
}

}  // namespace feedwatch::rules
