#include "rules/text_normalizer.h"

#include <algorithm>
#include <array>
#include <utf8proc.h>

namespace feedwatch::rules {
namespace {

// NFKC compatibility mapping, case folding and mark stripping in one pass
// per code point. Default-ignorable characters (soft hyphen, zero-width
// joiner) vanish, so "ex\u00ADport" stays one word.
constexpr auto kFoldOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);

// The longest decomposition utf8proc produces is 18 code points.
constexpr std::size_t kMaxFolded = 32;
constexpr char32_t kReplacement = 0xFFFD;

enum class CharClass { kWord, kRun, kSpace, kPunctuation };

struct UnspacedRange {
  char32_t first;
  char32_t last;
};

constexpr std::array kUnspacedRanges{
    UnspacedRange{0x0E00, 0x0EFF},    // Thai, Lao
    UnspacedRange{0x1000, 0x109F},    // Myanmar
    UnspacedRange{0x1780, 0x17FF},    // Khmer
    UnspacedRange{0x19E0, 0x19FF},    // Khmer symbols
    UnspacedRange{0x2E80, 0x2FDF},    // CJK radicals, Kangxi radicals
    UnspacedRange{0x3005, 0x3007},    // iteration mark, closing mark, ideographic zero
    UnspacedRange{0x3021, 0x3029},    // Hangzhou numerals
    UnspacedRange{0x3031, 0x3035},    // kana repeat marks
    UnspacedRange{0x303B, 0x303C},
    UnspacedRange{0x3040, 0x30FF},    // Hiragana, Katakana
    UnspacedRange{0x3100, 0x312F},    // Bopomofo
    UnspacedRange{0x31A0, 0x31FF},    // Bopomofo extended, Katakana extensions
    UnspacedRange{0x3400, 0x4DBF},    // CJK extension A
    UnspacedRange{0x4E00, 0x9FFF},    // CJK unified ideographs
    UnspacedRange{0xA000, 0xA4CF},    // Yi
    UnspacedRange{0xF900, 0xFAFF},    // CJK compatibility ideographs
    UnspacedRange{0xFF66, 0xFF9F},    // half-width Katakana
    UnspacedRange{0x16FE0, 0x16FFF},  // ideographic symbols
    UnspacedRange{0x1B000, 0x1B16F},  // kana supplement and extended
    UnspacedRange{0x20000, 0x3FFFF},  // CJK extensions B and later
};

CharClass classify(char32_t code_point) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code_point))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return is_unspaced_script(code_point) ? CharClass::kRun : CharClass::kWord;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return CharClass::kSpace;
    default:
      return CharClass::kPunctuation;
  }
}

constexpr CharClass classify_ascii(unsigned char byte) {
  if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9')) {
    return CharClass::kWord;
  }
  if (byte == ' ' || (byte >= '\t' && byte <= '\r') || byte < 0x20 || byte == 0x7F) {
    return CharClass::kSpace;
  }
  return CharClass::kPunctuation;
}

// ASCII needs neither utf8proc nor decoding: NFKC leaves it alone and case
// folding only lowers A-Z. Most feed text is ASCII, so it takes these tables.
constexpr std::array<CharClass, 128> kAsciiClasses = [] {
  std::array<CharClass, 128> classes{};
  for (unsigned byte = 0; byte < 128; ++byte) classes[byte] = classify_ascii(static_cast<unsigned char>(byte));
  return classes;
}();

constexpr std::array<char, 128> kAsciiFolded = [] {
  std::array<char, 128> folded{};
  for (unsigned byte = 0; byte < 128; ++byte) {
    folded[byte] = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
  }
  return folded;
}();

bool is_ascii_word(unsigned char byte) { return byte < 0x80 && kAsciiClasses[byte] == CharClass::kWord; }

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
    return;
  }
  utf8proc_uint8_t buffer[4];
  auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

// Builds a NormalizedText one folded code point at a time.
class NormalizedTextBuilder {
 public:
  // Clears `out`, keeping its buffers' capacity.
  NormalizedTextBuilder(NormalizedText& out, NormalizeOptions options)
      : out_(out), options_(options) {
    out_.tokens.assign(1, ' ');
    out_.token_starts.clear();
    out_.token_kinds.clear();
    out_.collapsed.clear();
    out_.original_begin.clear();
    out_.original_end.clear();
    push_offsets(0, 0, 1);
  }

  // A run of ASCII letters and digits: input bytes [begin, begin + length).
  void add_ascii_word(const char* bytes, std::uint32_t length, std::uint32_t begin) {
    start_token(TokenKind::kWord, begin);
    std::size_t size_before = out_.tokens.size();
    out_.tokens.resize(size_before + length);
    char* folded = out_.tokens.data() + size_before;
    for (std::uint32_t i = 0; i < length; ++i) folded[i] = kAsciiFolded[static_cast<unsigned char>(bytes[i])];
    if (options_.collapsed) out_.collapsed.append(folded, length);
    if (!options_.original_offsets) return;
    for (std::uint32_t i = 0; i < length; ++i) {
      out_.original_begin.push_back(begin + i);
      out_.original_end.push_back(begin + i + 1);
    }
  }

  void add(char32_t code_point, CharClass char_class, std::uint32_t begin, std::uint32_t end) {
    if (char_class == CharClass::kWord || char_class == CharClass::kRun) {
      add_token_char(code_point, char_class == CharClass::kWord ? TokenKind::kWord : TokenKind::kRun,
                     begin, end);
    } else {
      end_token(begin);
    }
    if (options_.collapsed) add_collapsed(code_point, char_class);
  }

  void finish(std::uint32_t end) {
    end_token(end);
    if (!out_.collapsed.empty() && out_.collapsed.back() == ' ') out_.collapsed.pop_back();
  }

 private:
  // Continues the current token if it is of this kind, or starts one.
  void start_token(TokenKind kind, std::uint32_t begin) {
    if (in_token_ && kind != kind_) end_token(begin);
    if (in_token_) return;
    out_.token_starts.push_back(static_cast<std::uint32_t>(out_.tokens.size()));
    out_.token_kinds.push_back(kind);
    in_token_ = true;
    kind_ = kind;
  }

  void add_token_char(char32_t code_point, TokenKind kind, std::uint32_t begin, std::uint32_t end) {
    start_token(kind, begin);
    std::size_t size_before = out_.tokens.size();
    append_utf8(out_.tokens, code_point);
    push_offsets(begin, end, out_.tokens.size() - size_before);
  }

  void end_token(std::uint32_t offset) {
    if (!in_token_) return;
    out_.tokens.push_back(' ');
    push_offsets(offset, offset, 1);
    in_token_ = false;
  }

  void add_collapsed(char32_t code_point, CharClass char_class) {
    if (char_class != CharClass::kSpace) {
      append_utf8(out_.collapsed, code_point);
    } else if (!out_.collapsed.empty() && out_.collapsed.back() != ' ') {
      out_.collapsed.push_back(' ');
    }
  }

  void push_offsets(std::uint32_t begin, std::uint32_t end, std::size_t count) {
    if (!options_.original_offsets) return;
    out_.original_begin.insert(out_.original_begin.end(), count, begin);
    out_.original_end.insert(out_.original_end.end(), count, end);
  }

  NormalizedText& out_;
  NormalizeOptions options_;
  bool in_token_ = false;
  TokenKind kind_ = TokenKind::kWord;
};

// Folds one non-ASCII code point and feeds the result to the builder.
void add_folded(NormalizedTextBuilder& builder, char32_t code_point, std::uint32_t begin,
                std::uint32_t end) {
  utf8proc_int32_t folded[kMaxFolded];
  int boundary_class = 0;
  auto count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(code_point), folded,
                                       kMaxFolded, kFoldOptions, &boundary_class);
  if (count < 0 || static_cast<std::size_t>(count) > kMaxFolded) {
    builder.add(kReplacement, CharClass::kPunctuation, begin, end);
    return;
  }
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    auto folded_point = static_cast<char32_t>(folded[i]);
    builder.add(folded_point, classify(folded_point), begin, end);
  }
}

// Decodes and folds the code point at `position` (not ASCII); returns its
// length in bytes. An invalid byte separates words, like any other non-letter.
std::size_t add_non_ascii(NormalizedTextBuilder& builder, std::string_view text, std::size_t position) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_int32_t code_point = 0;
  auto length = utf8proc_iterate(bytes + position, static_cast<utf8proc_ssize_t>(text.size() - position),
                                 &code_point);
  std::size_t advance = length > 0 ? static_cast<std::size_t>(length) : 1;
  auto begin = static_cast<std::uint32_t>(position);
  auto end = static_cast<std::uint32_t>(position + advance);
  if (length > 0) {
    add_folded(builder, static_cast<char32_t>(code_point), begin, end);
  } else {
    builder.add(kReplacement, CharClass::kPunctuation, begin, end);
  }
  return advance;
}

}  // namespace

bool is_unspaced_script(char32_t code_point) {
  return std::any_of(kUnspacedRanges.begin(), kUnspacedRanges.end(), [&](const UnspacedRange& range) {
    return code_point >= range.first && code_point <= range.last;
  });
}

void normalize_text(std::string_view text, NormalizeOptions options, NormalizedText* out) {
  NormalizedTextBuilder builder(*out, options);
  out->tokens.reserve(text.size() + 2);
  std::size_t position = 0;
  while (position < text.size()) {
    auto byte = static_cast<unsigned char>(text[position]);
    auto begin = static_cast<std::uint32_t>(position);
    if (is_ascii_word(byte)) {
      std::size_t end = position + 1;
      while (end < text.size() && is_ascii_word(static_cast<unsigned char>(text[end]))) ++end;
      builder.add_ascii_word(text.data() + position, static_cast<std::uint32_t>(end - position), begin);
      position = end;
    } else if (byte < 0x80) {
      builder.add(byte, kAsciiClasses[byte], begin, begin + 1);
      ++position;
    } else {
      position += add_non_ascii(builder, text, position);
    }
  }
  builder.finish(static_cast<std::uint32_t>(text.size()));
}

NormalizedText normalize_text(std::string_view text, NormalizeOptions options) {
  NormalizedText out;
  normalize_text(text, options, &out);
  return out;
}

std::string collapse_text(std::string_view text) {
  return normalize_text(text, NormalizeOptions{.collapsed = true}).collapsed;
}

std::size_t NormalizedText::token_index_at(std::size_t offset) const {
  auto after = std::upper_bound(token_starts.begin(), token_starts.end(), offset);
  return after == token_starts.begin() ? 0 : static_cast<std::size_t>(after - token_starts.begin() - 1);
}

std::string_view NormalizedText::token(std::size_t index) const {
  std::size_t start = token_starts[index];
  std::size_t end = tokens.find(' ', start);
  return std::string_view(tokens).substr(start, end - start);
}

}  // namespace feedwatch::rules
