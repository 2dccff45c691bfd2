#include "feed/text_builder.h"

#include <utility>

namespace feedwatch::feed {
namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the white space starting at `position` (0 if none); U+00A0 counts,
// because a no-break space between words is still a word break for matching.
std::size_t space_length(std::string_view text, std::size_t position) {
  if (is_ascii_space(text[position])) return 1;
  if (text[position] == '\xC2' && position + 1 < text.size() && text[position + 1] == '\xA0') return 2;
  return 0;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) code_point = 0xFFFD;
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// One pass writing straight into the buffer: this runs over every byte of
// every summary and content, so no per-word appends.
void TextBuilder::append(std::string_view text) {
  std::size_t old_size = text_.size();
  text_.resize(old_size + text.size() + 1);  // worst case: a pending space and every byte
  char* const begin = text_.data();
  char* out = begin + old_size;
  bool pending = pending_space_;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t gap = space_length(text, i);
    if (gap != 0) {
      pending = true;
      i += gap - 1;
      continue;
    }
    if (pending && out != begin) *out++ = ' ';
    pending = false;
    *out++ = text[i];
  }
  text_.resize(static_cast<std::size_t>(out - begin));
  pending_space_ = pending && !text_.empty();
}

void TextBuilder::append_code_point(char32_t code_point) {
  if (code_point == ' ' || code_point == '\n' || code_point == '\t' || code_point == '\r' ||
      code_point == 0xA0) {
    pending_space_ = !text_.empty();
    return;
  }
  if (pending_space_) text_.push_back(' ');
  pending_space_ = false;
  append_utf8(text_, code_point);
}

std::string TextBuilder::take() {
  pending_space_ = false;
  return std::exchange(text_, std::string());
}

}  // namespace feedwatch::feed
