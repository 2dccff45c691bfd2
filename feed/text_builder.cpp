#include "feed/text_builder.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

namespace feedwatch::feed {
namespace {

// What a byte means to the builder. Plain text bytes are 0 and white space
// is 1, so the careful loop can treat both without a branch; everything
// above needs a closer look.
enum ByteKind : std::uint8_t {
  kPlain = 0,
  kSpace = 1,
  kNoBreakSpaceLead = 2,  // 0xC2, the first byte of U+00A0 (and of other characters)
  kLessThan = 4,
  kAmpersand = 8,
};

constexpr std::array<std::uint8_t, 256> kByteKinds = [] {
  std::array<std::uint8_t, 256> kinds{};
  for (unsigned char space : {' ', '\n', '\t', '\r', '\f', '\v'}) kinds[space] = kSpace;
  kinds[0xC2] = kNoBreakSpaceLead;
  kinds['<'] = kLessThan;
  kinds['&'] = kAmpersand;
  return kinds;
}();

// Where the builder is in one append: the input left, the output so far.
struct Cursor {
  const unsigned char* in;
  const unsigned char* end;
  char* out;
  bool after_space;
};

constexpr std::size_t kBlock = 16;

// How many of the next 16 bytes need no attention and can be copied as they
// are: none of '<', '&', 0xC2 or a control character (\t \n \r included),
// and no space right after another space. Prose mostly passes, since single
// spaces between words stay as they are. SSE2 (every x86-64) compares all
// 16 at once; elsewhere every byte takes the careful path.
std::size_t verbatim_prefix(const Cursor& cursor) {
#if defined(__SSE2__)
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cursor.in));
  const __m128i controls = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x0D)), bytes);
  const __m128i markup = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('<')),
                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('&')));
  const __m128i no_break_lead = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(static_cast<char>(0xC2)));
  const unsigned special =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(controls, markup), no_break_lead)));
  const unsigned spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(' '))));
  const unsigned doubled_spaces = spaces & ((spaces << 1) | (cursor.after_space ? 1u : 0u));
  // Bit 16 caps the count when all 16 bytes pass.
  return static_cast<std::size_t>(std::countr_zero(special | doubled_spaces | (1u << kBlock)));
#else
  (void)cursor;
  return 0;
#endif
}

// Copies the first `count` bytes of the 16 at cursor.in. All 16 are stored
// (the output has room for the whole input), only `count` are kept.
void copy_verbatim(Cursor& cursor, std::size_t count) {
  std::memcpy(cursor.out, cursor.in, kBlock);
  if (count == 0) return;
  cursor.in += count;
  cursor.out += count;
  cursor.after_space = cursor.in[-1] == ' ';
}

// U+00A0 counts as white space: a no-break space between words is still a
// word break for matching.
bool is_no_break_space(const unsigned char* at, const unsigned char* end) {
  return at + 1 != end && at[1] == 0xA0;
}

// Appends bytes one at a time, with every rule, until `limit`; returns false
// at a byte whose kind is in `stop_kinds` (left unconsumed). Plain bytes and
// white space share one branch-free path: a space is written as ' ', and the
// output only advances past it when the byte before was no space.
bool append_carefully(Cursor& cursor, const unsigned char* limit, std::uint8_t stop_kinds) {
  while (cursor.in < limit) {
    const unsigned char byte = *cursor.in;
    const std::uint8_t kind = kByteKinds[byte];
    if (kind <= kSpace) {
      const bool space = kind == kSpace;
      *cursor.out = space ? ' ' : static_cast<char>(byte);
      cursor.out += !(space && cursor.after_space);
      cursor.after_space = space;
      ++cursor.in;
      continue;
    }
    if (kind & stop_kinds) return false;
    if (kind == kNoBreakSpaceLead && is_no_break_space(cursor.in, cursor.end)) {
      if (!cursor.after_space) *cursor.out++ = ' ';
      cursor.after_space = true;
      cursor.in += 2;
      continue;
    }
    *cursor.out++ = static_cast<char>(byte);
    cursor.after_space = false;
    ++cursor.in;
  }
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) code_point = 0xFFFD;
  char bytes[4];
  std::size_t length = 0;
  if (code_point < 0x80) {
    bytes[length++] = static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    bytes[length++] = static_cast<char>(0xC0 | (code_point >> 6));
    bytes[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    bytes[length++] = static_cast<char>(0xE0 | (code_point >> 12));
    bytes[length++] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    bytes[length++] = static_cast<char>(0xF0 | (code_point >> 18));
    bytes[length++] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    bytes[length++] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  }
  out.append(bytes, length);
}

void TextBuilder::make_room(std::size_t extra) {
  const std::size_t needed = length_ + extra;
  if (needed > text_.size()) text_.resize(std::max(needed, 2 * text_.size()));
}

void TextBuilder::append(std::string_view text) { append_run(text, 0); }

std::size_t TextBuilder::append_until_markup(std::string_view html, bool stop_at_ampersand) {
  return append_run(html, stop_at_ampersand ? kLessThan | kAmpersand : kLessThan);
}

// Runs over every byte of every summary and content, so it is shaped for
// speed: bytes that need no attention are copied 16 at a time, and only the
// byte that stops such a run goes through the careful loop.
std::size_t TextBuilder::append_run(std::string_view text, std::uint8_t stop_kinds) {
  make_room(text.size());
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  Cursor cursor{begin, begin + text.size(), text_.data() + length_, after_space_};
  bool stopped = false;
  while (!stopped && static_cast<std::size_t>(cursor.end - cursor.in) >= kBlock) {
    const std::size_t verbatim = verbatim_prefix(cursor);
    copy_verbatim(cursor, verbatim);
    if (verbatim < kBlock) stopped = !append_carefully(cursor, cursor.in + 1, stop_kinds);
  }
  if (!stopped) append_carefully(cursor, cursor.end, stop_kinds);
  length_ = static_cast<std::size_t>(cursor.out - text_.data());
  after_space_ = cursor.after_space;
  return static_cast<std::size_t>(cursor.in - begin);
}

void TextBuilder::separate() {
  if (after_space_) return;
  make_room(1);
  text_[length_++] = ' ';
  after_space_ = true;
}

std::string TextBuilder::take() {
  if (length_ > 0 && after_space_) --length_;  // the trailing collapsed space
  text_.resize(length_);
  length_ = 0;
  after_space_ = true;
  return std::exchange(text_, std::string());
}

}  // namespace feedwatch::feed
