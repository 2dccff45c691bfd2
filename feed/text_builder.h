// Accumulates the plain text of a field while collapsing every run of white
// space (including no-break spaces) to one space and trimming both ends, so
// the extractors can append raw fragments without caring about layout.
#pragma once

#include <string>
#include <string_view>

namespace feedwatch::feed {

class TextBuilder {
 public:
  // Appends text; its white space is collapsed.
  void append(std::string_view text);
  // Appends one Unicode code point as UTF-8 (white space collapsed too).
  void append_code_point(char32_t code_point);
  // Asks for a word break before whatever comes next (block boundaries).
  void separate() { pending_space_ = !text_.empty(); }
  void reserve(std::size_t size) { text_.reserve(size); }
  bool empty() const { return text_.empty(); }
  // The collapsed, trimmed text; the builder is left empty.
  std::string take();

 private:
  std::string text_;
  bool pending_space_ = false;
};

// Appends `code_point` to `out` as UTF-8; invalid code points become U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace feedwatch::feed
