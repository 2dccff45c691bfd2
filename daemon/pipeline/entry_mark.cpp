#include "daemon/pipeline/entry_mark.h"

#include "daemon/pipeline/canonical_url.h"
#include "daemon/pipeline/digest.h"

namespace feedwatch::pipeline {
namespace {

// Between fields, so that text moving from the title into the summary still
// changes the hash. U+001F never appears in the parser's plain text.
constexpr char kFieldSeparator = '\x1f';

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The length in bytes of the white-space character at `at`, or 0.
// Multi-byte: U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF.
std::size_t whitespace_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t offset) {
    return at + offset < text.size() ? static_cast<unsigned char>(text[at + offset]) : 0;
  };
  if (is_ascii_space(byte(0))) return 1;
  if (byte(0) == 0xC2 && byte(1) == 0xA0) return 2;
  if (byte(0) == 0xE2 && byte(1) == 0x80) return (byte(2) >= 0x80 && byte(2) <= 0x8B) || byte(2) == 0xAF ? 3 : 0;
  if (byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;
  return 0;
}

void append_field(std::string& out, const std::optional<std::string>& field) {
  if (field) out += collapse_whitespace(*field);
  out += kFieldSeparator;
}

}  // namespace

std::string collapse_whitespace(std::string_view text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool pending_space = false;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t space = whitespace_length(text, at);
    if (space > 0) {
      pending_space = !collapsed.empty();
      at += space;
      continue;
    }
    if (pending_space) collapsed += ' ';
    pending_space = false;
    collapsed += text[at++];
  }
  return collapsed;
}

std::string content_hash_of(const feed::Entry& entry) {
  std::string text;
  append_field(text, entry.title);
  append_field(text, entry.summary);
  append_field(text, entry.content);
  return sha256_hex(text);
}

std::string story_key_of(const feed::Entry& entry) {
  if (entry.link) {
    std::string canonical = canonical_url(*entry.link);
    if (!canonical.empty()) return canonical;
  }
  return entry.id;
}

state::EntryMark entry_mark_of(const feed::Entry& entry) {
  return state::EntryMark{entry.id, content_hash_of(entry), story_key_of(entry)};
}

}  // namespace feedwatch::pipeline
