// The text model of SPEC §3: folds text (NFKC, case fold, diacritics removed)
// and splits it into tokens (words of letters and digits, and runs of scripts
// written without spaces) so that terms, phrases and NEAR can be matched as
// plain literals. Pure functions over values; safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::rules {

enum class TokenKind : std::uint8_t {
  kWord,  // a maximal run of letters and digits in a script written with spaces
  kRun,   // a run of Han, kana, Thai, Lao, Khmer or Myanmar: matched by substring
};

struct NormalizeOptions {
  bool collapsed = false;         // also fill NormalizedText::collapsed (for regexes)
  bool original_offsets = false;  // also map each token byte back to the input (for highlighting)
};

// One text (one field, one category) in normalized form.
struct NormalizedText {
  // The tokens, each preceded and followed by exactly one space: " h20 芯片 ".
  // The spaces make word boundaries literal: the term nvidia is " nvidia ".
  std::string tokens = " ";
  std::vector<std::uint32_t> token_starts;  // byte offset in tokens of each token
  std::vector<TokenKind> token_kinds;
  // The folded text with white space collapsed to one space and punctuation
  // kept: what regular expressions run over. Empty unless requested.
  std::string collapsed;
  // For each byte of tokens, the byte range of the input code point it came
  // from. Empty unless requested.
  std::vector<std::uint32_t> original_begin;
  std::vector<std::uint32_t> original_end;

  std::size_t token_count() const { return token_starts.size(); }
  // The index of the token that holds byte `offset` of tokens (a separating
  // space belongs to the token before it). REQUIRES: token_count() > 0.
  std::size_t token_index_at(std::size_t offset) const;
  // The token's text without its surrounding spaces.
  std::string_view token(std::size_t index) const;
};

NormalizedText normalize_text(std::string_view text, NormalizeOptions options = {});

// The same, into `out`, reusing its buffers: the matcher normalizes every
// field of every entry, and this keeps that free of allocations.
void normalize_text(std::string_view text, NormalizeOptions options, NormalizedText* out);

// The folded form of the text with white space collapsed (NormalizedText::collapsed).
std::string collapse_text(std::string_view text);

// True for code points of scripts written without spaces between words.
bool is_unspaced_script(char32_t code_point);

}  // namespace feedwatch::rules
