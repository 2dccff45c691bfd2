// Accumulates the plain text of a field while collapsing every run of white
// space (including no-break spaces) to one space and trimming both ends, so
// the extractors can append raw fragments without caring about layout.
// One builder per field; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace feedwatch::feed {

class TextBuilder {
 public:
  // Appends text; its white space is collapsed.
  void append(std::string_view text);
  // Appends the leading plain text of `html`: stops before the first '<',
  // and before the first '&' when `stop_at_ampersand`. Returns how many bytes
  // it consumed. This is the HTML extractor's hot path (one pass per byte).
  std::size_t append_until_markup(std::string_view html, bool stop_at_ampersand);
  // Asks for a word break before whatever comes next (block boundaries).
  void separate();
  // Makes room for `size` more bytes, so appending them never reallocates.
  void reserve(std::size_t size) { make_room(size); }
  bool empty() const { return length_ == 0; }
  // The collapsed, trimmed text; the builder is left empty.
  std::string take();

 private:
  // Appends bytes of `text` until one whose kind is in `stop_kinds`.
  std::size_t append_run(std::string_view text, std::uint8_t stop_kinds);
  void make_room(std::size_t extra);

  // text_ is a buffer: its first length_ bytes are the text so far, the rest
  // is room to write into without std::string's per-append bookkeeping.
  std::string text_;
  std::size_t length_ = 0;
  // Whether the text ends in a (collapsed) space, or is empty: white space
  // is written eagerly as one ' ', and a trailing one is trimmed by take().
  bool after_space_ = true;
};

// Appends `code_point` to `out` as UTF-8; invalid code points become U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace feedwatch::feed
