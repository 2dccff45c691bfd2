#include "common/text_truncation.h"

#include <cassert>

namespace feedwatch {
namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the cut goes: the byte offset just after `characters` characters,
// moved back to the last white space if that lies in the final fifth.
std::size_t cut_offset(std::string_view text, std::size_t characters) {
  std::size_t word_floor = characters - characters / 5;
  std::size_t last_space = std::string_view::npos;
  std::size_t seen = 0;
  std::size_t at = 0;
  for (; at < text.size(); ++at) {
    if (is_continuation_byte(text[at])) continue;
    if (seen == characters) break;
    if (is_space(text[at]) && seen >= word_floor) last_space = at;
    ++seen;
  }
  return last_space != std::string_view::npos ? last_space : at;
}

std::string_view without_trailing_space(std::string_view text) {
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += is_continuation_byte(c) ? 0 : 1;
  return count;
}

std::string truncate_text(std::string_view text, std::size_t max_characters) {
  assert(max_characters >= 1);
  if (character_count(text) <= max_characters) return std::string(text);
  std::string_view kept = without_trailing_space(text.substr(0, cut_offset(text, max_characters - 1)));
  return std::string(kept) + std::string(kEllipsis);
}

}  // namespace feedwatch
