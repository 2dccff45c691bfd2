// Charset detection and conversion to UTF-8. UTF-8 and windows-1252 (the
// two charsets nearly every feed is in) are decoded by hand; the other
// single-byte charsets through a 256-entry table built once from iconv;
// every other charset goes through glibc's iconv (the ASCII-compatible CJK
// ones only for the stretches of markup that hold non-ASCII bytes).
#include "feed/charset.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <utility>

namespace feedwatch::feed {
namespace {

// ---------------------------------------------------------------------------
// UTF-8 validation and encoding

constexpr std::uint64_t kHighBitOfEveryByte = 0x8080808080808080ULL;
constexpr char32_t kReplacementCharacter = 0xFFFD;
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Returns the first position at or after `position` holding a non-ASCII
// byte (or `size`). Feeds are mostly ASCII markup, so this loop is the
// validator's hot path: it tests eight bytes per iteration.
std::size_t skip_ascii(const unsigned char* data, std::size_t size, std::size_t position) {
  while (size - position >= 8) {
    std::uint64_t word;
    std::memcpy(&word, data + position, sizeof word);
    if (word & kHighBitOfEveryByte) break;
    position += 8;
  }
  while (position < size && data[position] < 0x80) ++position;
  return position;
}

// Length of the well-formed multi-byte sequence at data[position], or 0.
// The ranges of the second byte follow Unicode's Table 3-7, which is what
// rules out overlong forms, surrogates and code points above U+10FFFF.
std::size_t multibyte_sequence_length(const unsigned char* data, std::size_t size,
                                      std::size_t position) {
  const unsigned char lead = data[position];
  std::size_t length = 0;
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;   // overlong
    if (lead == 0xED) second_high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;   // overlong
    if (lead == 0xF4) second_high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (size - position < length) return 0;
  const unsigned char second = data[position + 1];
  if (second < second_low || second > second_high) return 0;
  for (std::size_t offset = 2; offset < length; ++offset) {
    if ((data[position + offset] & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Encodes one code point; one append per code point, not per byte, since
// this runs for every non-ASCII character of a legacy-charset document.
void append_utf8(std::string& output, char32_t code_point) {
  char buffer[4];
  std::size_t length = 0;
  if (code_point < 0x80) {
    buffer[length++] = static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    buffer[length++] = static_cast<char>(0xC0 | (code_point >> 6));
    buffer[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    buffer[length++] = static_cast<char>(0xE0 | (code_point >> 12));
    buffer[length++] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    buffer[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    buffer[length++] = static_cast<char>(0xF0 | (code_point >> 18));
    buffer[length++] = static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    buffer[length++] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    buffer[length++] = static_cast<char>(0x80 | (code_point & 0x3F));
  }
  output.append(buffer, length);
}

// ---------------------------------------------------------------------------
// windows-1252, decoded by hand: it is the fallback for every mislabelled
// document, so it must not depend on iconv being able to open it.

// Code points of bytes 0x80..0x9F. The five bytes windows-1252 leaves
// undefined map to the C1 control of the same value, as in WHATWG.
constexpr std::array<char16_t, 32> kWindows1252HighControls = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

char32_t windows1252_code_point(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F) return kWindows1252HighControls[byte - 0x80];
  return byte;  // ASCII and Latin-1 coincide with Unicode
}

// ASCII runs (most of any feed: the markup) are copied in bulk.
void append_windows1252(std::string& output, std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t position = 0;
  while (position < size) {
    const std::size_t ascii_end = skip_ascii(data, size, position);
    output.append(bytes.substr(position, ascii_end - position));
    for (position = ascii_end; position < size && data[position] >= 0x80; ++position) {
      append_utf8(output, windows1252_code_point(data[position]));
    }
  }
}

// Decodes `bytes` as UTF-8 where they form valid sequences and as
// windows-1252 where they do not. One pass handles both a document that is
// wholly windows-1252 and one that mixes the two (a UTF-8 template with a
// windows-1252 title pasted in), without garbling the valid UTF-8 parts.
// Returns whether any valid multi-byte UTF-8 sequence was seen.
bool append_utf8_with_windows1252_fallback(std::string& output, std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  bool saw_multibyte_utf8 = false;
  std::size_t position = 0;
  while (position < size) {
    const std::size_t ascii_end = skip_ascii(data, size, position);
    output.append(bytes.substr(position, ascii_end - position));
    position = ascii_end;
    if (position == size) break;
    const std::size_t length = multibyte_sequence_length(data, size, position);
    if (length > 0) {
      output.append(bytes.substr(position, length));
      saw_multibyte_utf8 = true;
      position += length;
    } else {
      append_utf8(output, windows1252_code_point(data[position]));
      ++position;
    }
  }
  return saw_multibyte_utf8;
}

// ---------------------------------------------------------------------------
// iconv

// Move-only owner of an iconv_t that converts one charset to UTF-8.
class IconvConverter {
 public:
  static std::optional<IconvConverter> open(const char* from_charset) {
    iconv_t handle = iconv_open("UTF-8", from_charset);
    if (handle == kInvalidHandle) return std::nullopt;
    return IconvConverter(handle);
  }

  IconvConverter(IconvConverter&& other) noexcept
      : handle_(std::exchange(other.handle_, kInvalidHandle)) {}
  IconvConverter& operator=(IconvConverter&& other) noexcept {
    if (this != &other) {
      close();
      handle_ = std::exchange(other.handle_, kInvalidHandle);
    }
    return *this;
  }
  IconvConverter(const IconvConverter&) = delete;
  IconvConverter& operator=(const IconvConverter&) = delete;
  ~IconvConverter() { close(); }

  // Appends the conversion of `input` to `output`. A byte sequence that is
  // invalid (or cut off at the end) becomes U+FFFD and conversion resumes
  // `unit_size` bytes later. Returns how many replacements were made.
  std::size_t convert(std::string_view input, std::size_t unit_size, std::string& output);

  // The same result as convert(input, 1, output) for the charsets where
  // is_markup_delimited_multibyte() holds, faster: stretches of pure-ASCII
  // markup are copied instead of converted (see that function for why).
  std::size_t convert_non_ascii_segments(std::string_view input, std::string& output);

 private:
  static inline const iconv_t kInvalidHandle = reinterpret_cast<iconv_t>(-1);

  explicit IconvConverter(iconv_t handle) : handle_(handle) {}
  void close() {
    if (handle_ != kInvalidHandle) iconv_close(handle_);
    handle_ = kInvalidHandle;
  }
  // One iconv() call into fresh room at the end of `output`; returns errno
  // (0 when the whole input was consumed).
  int convert_some(char** input, std::size_t* input_left, std::string& output);
  // convert()'s loop without the reset before and the flush after.
  std::size_t convert_run(std::string_view input, std::size_t unit_size, std::string& output);
  void reset() { iconv(handle_, nullptr, nullptr, nullptr, nullptr); }
  void flush(std::string& output);

  iconv_t handle_;
};

int IconvConverter::convert_some(char** input, std::size_t* input_left, std::string& output) {
  const std::size_t old_size = output.size();
  // Three output bytes per input byte covers every single-byte charset;
  // when it does not, iconv reports E2BIG and we come back for more room.
  const std::size_t room = std::max<std::size_t>(*input_left * 3, 64);
  output.resize(old_size + room);
  char* write_position = output.data() + old_size;
  std::size_t output_left = room;
  errno = 0;
  const std::size_t result = iconv(handle_, input, input_left, &write_position, &output_left);
  const int error = result == static_cast<std::size_t>(-1) ? errno : 0;
  output.resize(old_size + room - output_left);
  return error;
}

std::size_t IconvConverter::convert_run(std::string_view input, std::size_t unit_size,
                                        std::string& output) {
  char* read_position = const_cast<char*>(input.data());  // iconv's API is not const
  std::size_t input_left = input.size();
  std::size_t replacements = 0;
  while (input_left > 0) {
    const int error = convert_some(&read_position, &input_left, output);
    if (error == 0 || error == E2BIG) continue;
    // EILSEQ (invalid) or EINVAL (incomplete at the end): replace and resync.
    append_utf8(output, kReplacementCharacter);
    ++replacements;
    const std::size_t skip = std::min(unit_size, input_left);
    read_position += skip;
    input_left -= skip;
    reset();
  }
  return replacements;
}

void IconvConverter::flush(std::string& output) {
  // Stateful charsets (ISO-2022-JP) may owe a final shift sequence.
  char flush_buffer[16];
  char* flush_position = flush_buffer;
  std::size_t flush_left = sizeof flush_buffer;
  iconv(handle_, nullptr, nullptr, &flush_position, &flush_left);
  output.append(flush_buffer, static_cast<std::size_t>(flush_position - flush_buffer));
}

std::size_t IconvConverter::convert(std::string_view input, std::size_t unit_size,
                                    std::string& output) {
  reset();  // initial shift state
  const std::size_t replacements = convert_run(input, unit_size, output);
  flush(output);
  return replacements;
}

bool is_markup_delimiter(unsigned char byte) { return (byte | 0x02) == '>'; }  // '<' or '>'

// The first '<' or '>' at or after `position` (or `size`), eight bytes at a
// time: a byte is one of the two when it ORed with 0x02 equals 0x3E.
std::size_t find_markup_delimiter(const unsigned char* data, std::size_t size,
                                  std::size_t position) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  while (size - position >= 8) {
    std::uint64_t word;
    std::memcpy(&word, data + position, sizeof word);
    const std::uint64_t difference = (word | (kOnes * 0x02)) ^ (kOnes * '>');
    if ((difference - kOnes) & ~difference & kHighBitOfEveryByte) break;  // some byte is 0
    position += 8;
  }
  while (position < size && !is_markup_delimiter(data[position])) ++position;
  return position;
}

// A document is cut only just before a '<' or '>' and the pieces holding
// no byte >= 0x80 are copied. The output equals converting it whole because
// (1) no character of these charsets has '<' or '>' as a non-first byte, so
// no character spans a cut, and a sequence cut off before '<' is invalid in
// the whole document too (lead byte then '<'): both ways it becomes one
// U+FFFD and conversion resumes one byte on, at the same place; (2) every
// byte below 0x80 outside a multi-byte character is that ASCII character,
// since lead bytes are all >= 0x80; (3) the charsets are stateless, and
// glibc reports an invalid sequence before consuming any of it (the CP949
// exception is below). All were checked exhaustively against glibc 2.36.
std::size_t IconvConverter::convert_non_ascii_segments(std::string_view input,
                                                       std::string& output) {
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  const std::size_t size = input.size();
  std::size_t replacements = 0;
  reset();
  std::size_t position = 0;  // always at the start of input or at a delimiter
  while (position < size) {
    const std::size_t non_ascii = skip_ascii(data, size, position);
    if (non_ascii == size) {
      output.append(input.substr(position));
      break;
    }
    std::size_t start = non_ascii;
    while (start > position && !is_markup_delimiter(data[start - 1])) --start;
    if (start > position) --start;  // cut just before the delimiter
    const std::size_t end = find_markup_delimiter(data, size, non_ascii + 1);
    output.append(input.substr(position, start - position));
    replacements += convert_run(input.substr(start, end - start), 1, output);
    position = end;
  }
  flush(output);
  return replacements;
}

// ---------------------------------------------------------------------------
// Charset labels

// A charset as we decode it: the name we report and the name iconv knows
// it by (empty for the charsets decoded by hand).
struct Charset {
  std::string_view name;
  const char* iconv_name;
  std::size_t unit_size;  // bytes to skip past an invalid sequence
};

constexpr Charset kUtf8{"utf-8", "", 1};
constexpr Charset kWindows1252{"windows-1252", "", 1};
constexpr Charset kUtf16LittleEndian{"utf-16le", "UTF-16LE", 2};
constexpr Charset kUtf16BigEndian{"utf-16be", "UTF-16BE", 2};
constexpr Charset kUtf32LittleEndian{"utf-32le", "UTF-32LE", 4};
constexpr Charset kUtf32BigEndian{"utf-32be", "UTF-32BE", 4};
// "utf-16"/"utf-32" without a BOM: the byte order is sniffed from the body.
constexpr Charset kUtf16UnknownOrder{"utf-16", "", 2};
constexpr Charset kUtf32UnknownOrder{"utf-32", "", 4};

struct CharsetLabel {
  std::string_view key;  // lower case, letters and digits only (see label_key)
  Charset charset;
};

// Supersets replace the labelled charset where browsers do the same, so
// that documents using the vendor extensions (curly quotes in "iso-8859-1",
// rare hanzi in "gb2312") decode instead of turning into U+FFFD.
constexpr CharsetLabel kCharsetLabels[] = {
    {"utf8", kUtf8},
    {"unicode11utf8", kUtf8},
    {"unicode20utf8", kUtf8},
    {"xunicode20utf8", kUtf8},
    {"utf16", kUtf16UnknownOrder},
    {"ucs2", kUtf16UnknownOrder},
    {"unicode", kUtf16UnknownOrder},
    {"iso10646ucs2", kUtf16UnknownOrder},
    {"csunicode", kUtf16UnknownOrder},
    {"utf16le", kUtf16LittleEndian},
    {"utf16be", kUtf16BigEndian},
    {"unicodefffe", kUtf16BigEndian},
    {"utf32", kUtf32UnknownOrder},
    {"ucs4", kUtf32UnknownOrder},
    {"utf32le", kUtf32LittleEndian},
    {"utf32be", kUtf32BigEndian},
    {"usascii", kWindows1252},
    {"ascii", kWindows1252},
    {"ansix341968", kWindows1252},
    {"iso646us", kWindows1252},
    {"cp367", kWindows1252},
    {"iso88591", kWindows1252},
    {"latin1", kWindows1252},
    {"l1", kWindows1252},
    {"isoir100", kWindows1252},
    {"csisolatin1", kWindows1252},
    {"cp819", kWindows1252},
    {"ibm819", kWindows1252},
    {"windows1252", kWindows1252},
    {"cp1252", kWindows1252},
    {"xcp1252", kWindows1252},
    {"iso88592", {"iso-8859-2", "ISO-8859-2", 1}},
    {"latin2", {"iso-8859-2", "ISO-8859-2", 1}},
    {"iso88593", {"iso-8859-3", "ISO-8859-3", 1}},
    {"latin3", {"iso-8859-3", "ISO-8859-3", 1}},
    {"iso88594", {"iso-8859-4", "ISO-8859-4", 1}},
    {"latin4", {"iso-8859-4", "ISO-8859-4", 1}},
    {"iso88595", {"iso-8859-5", "ISO-8859-5", 1}},
    {"cyrillic", {"iso-8859-5", "ISO-8859-5", 1}},
    {"iso88596", {"iso-8859-6", "ISO-8859-6", 1}},
    {"arabic", {"iso-8859-6", "ISO-8859-6", 1}},
    {"iso88597", {"iso-8859-7", "ISO-8859-7", 1}},
    {"greek", {"iso-8859-7", "ISO-8859-7", 1}},
    {"iso88598", {"iso-8859-8", "ISO-8859-8", 1}},
    {"iso88598i", {"iso-8859-8", "ISO-8859-8", 1}},
    {"hebrew", {"iso-8859-8", "ISO-8859-8", 1}},
    {"iso88599", {"windows-1254", "CP1254", 1}},
    {"latin5", {"windows-1254", "CP1254", 1}},
    {"iso885910", {"iso-8859-10", "ISO-8859-10", 1}},
    {"latin6", {"iso-8859-10", "ISO-8859-10", 1}},
    {"iso885911", {"windows-874", "CP874", 1}},
    {"iso885913", {"iso-8859-13", "ISO-8859-13", 1}},
    {"latin7", {"iso-8859-13", "ISO-8859-13", 1}},
    {"iso885914", {"iso-8859-14", "ISO-8859-14", 1}},
    {"latin8", {"iso-8859-14", "ISO-8859-14", 1}},
    {"iso885915", {"iso-8859-15", "ISO-8859-15", 1}},
    {"latin9", {"iso-8859-15", "ISO-8859-15", 1}},
    {"iso885916", {"iso-8859-16", "ISO-8859-16", 1}},
    {"latin10", {"iso-8859-16", "ISO-8859-16", 1}},
    {"windows1250", {"windows-1250", "CP1250", 1}},
    {"cp1250", {"windows-1250", "CP1250", 1}},
    {"xcp1250", {"windows-1250", "CP1250", 1}},
    {"windows1251", {"windows-1251", "CP1251", 1}},
    {"cp1251", {"windows-1251", "CP1251", 1}},
    {"xcp1251", {"windows-1251", "CP1251", 1}},
    {"windows1253", {"windows-1253", "CP1253", 1}},
    {"cp1253", {"windows-1253", "CP1253", 1}},
    {"windows1254", {"windows-1254", "CP1254", 1}},
    {"cp1254", {"windows-1254", "CP1254", 1}},
    {"windows1255", {"windows-1255", "CP1255", 1}},
    {"cp1255", {"windows-1255", "CP1255", 1}},
    {"windows1256", {"windows-1256", "CP1256", 1}},
    {"cp1256", {"windows-1256", "CP1256", 1}},
    {"windows1257", {"windows-1257", "CP1257", 1}},
    {"cp1257", {"windows-1257", "CP1257", 1}},
    {"windows1258", {"windows-1258", "CP1258", 1}},
    {"cp1258", {"windows-1258", "CP1258", 1}},
    {"windows874", {"windows-874", "CP874", 1}},
    {"tis620", {"windows-874", "CP874", 1}},
    {"gb18030", {"gb18030", "GB18030", 1}},
    {"gbk", {"gb18030", "GB18030", 1}},
    {"gb2312", {"gb18030", "GB18030", 1}},
    {"gb231280", {"gb18030", "GB18030", 1}},
    {"csgb2312", {"gb18030", "GB18030", 1}},
    {"euccn", {"gb18030", "GB18030", 1}},
    {"xgbk", {"gb18030", "GB18030", 1}},
    {"cp936", {"gb18030", "GB18030", 1}},
    {"windows936", {"gb18030", "GB18030", 1}},
    {"chinese", {"gb18030", "GB18030", 1}},
    {"big5", {"big5", "BIG5-HKSCS", 1}},
    {"big5hkscs", {"big5", "BIG5-HKSCS", 1}},
    {"cnbig5", {"big5", "BIG5-HKSCS", 1}},
    {"csbig5", {"big5", "BIG5-HKSCS", 1}},
    {"xxbig5", {"big5", "BIG5-HKSCS", 1}},
    {"cp950", {"big5", "BIG5-HKSCS", 1}},
    {"shiftjis", {"shift_jis", "CP932", 1}},
    {"sjis", {"shift_jis", "CP932", 1}},
    {"xsjis", {"shift_jis", "CP932", 1}},
    {"mskanji", {"shift_jis", "CP932", 1}},
    {"csshiftjis", {"shift_jis", "CP932", 1}},
    {"windows31j", {"shift_jis", "CP932", 1}},
    {"cswindows31j", {"shift_jis", "CP932", 1}},
    {"cp932", {"shift_jis", "CP932", 1}},
    {"ms932", {"shift_jis", "CP932", 1}},
    {"eucjp", {"euc-jp", "EUC-JP", 1}},
    {"xeucjp", {"euc-jp", "EUC-JP", 1}},
    {"cseucpkdfmtjapanese", {"euc-jp", "EUC-JP", 1}},
    {"iso2022jp", {"iso-2022-jp", "ISO-2022-JP", 1}},
    {"csiso2022jp", {"iso-2022-jp", "ISO-2022-JP", 1}},
    {"euckr", {"euc-kr", "CP949", 1}},
    {"cseuckr", {"euc-kr", "CP949", 1}},
    {"ksc56011987", {"euc-kr", "CP949", 1}},
    {"ksc5601", {"euc-kr", "CP949", 1}},
    {"windows949", {"euc-kr", "CP949", 1}},
    {"cp949", {"euc-kr", "CP949", 1}},
    {"uhc", {"euc-kr", "CP949", 1}},
    {"korean", {"euc-kr", "CP949", 1}},
    {"koi8r", {"koi8-r", "KOI8-R", 1}},
    {"koi8", {"koi8-r", "KOI8-R", 1}},
    {"cskoi8r", {"koi8-r", "KOI8-R", 1}},
    {"koi8u", {"koi8-u", "KOI8-U", 1}},
    {"koi8ru", {"koi8-u", "KOI8-U", 1}},
    {"ibm866", {"ibm866", "CP866", 1}},
    {"cp866", {"ibm866", "CP866", 1}},
    {"macintosh", {"macintosh", "MACINTOSH", 1}},
    {"xmacroman", {"macintosh", "MACINTOSH", 1}},
};

// Reduces a label to lower-case letters and digits, so that "ISO_8859-1",
// "iso-8859-1" and "ISO8859-1" meet; an IANA year suffix (":1987") goes.
std::string label_key(std::string_view label) {
  std::string key;
  for (char character : label) {
    if (character == ':') break;
    const auto byte = static_cast<unsigned char>(character);
    if (byte >= 'A' && byte <= 'Z') key.push_back(static_cast<char>(byte - 'A' + 'a'));
    if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) key.push_back(character);
  }
  return key;
}

std::optional<Charset> find_charset(std::string_view label) {
  const std::string key = label_key(label);
  for (const CharsetLabel& entry : kCharsetLabels) {
    if (entry.key == key) return entry.charset;
  }
  return std::nullopt;
}

bool is_utf16_or_utf32(const Charset& charset) { return charset.unit_size > 1; }

// Multi-byte charsets for IconvConverter::convert_non_ascii_segments: their
// lead bytes are >= 0x80 and no trail byte is '<' (0x3C) or '>' (0x3E):
// GB18030 trails 0x30-0x39, 0x40-0x7E, 0x80-0xFE; BIG5-HKSCS 0x40-0x7E,
// 0xA1-0xFE; CP932 0x40-0x7E, 0x80-0xFC; EUC-JP >= 0xA1. Not ISO-2022-JP
// (escape sequences and shift state) nor UTF-16/32. Not CP949 either,
// although its trails (0x41-0x5A, 0x61-0x7A, 0x81-0xFE) qualify: glibc
// reports the unassigned pair A2 E8 as invalid only after consuming it, so
// our resync then swallows the next byte, and a cut there would change the
// output ("\xA2\xE8<" gives U+FFFD alone when converted whole).
bool is_markup_delimited_multibyte(const Charset& charset) {
  constexpr std::string_view kNames[] = {"GB18030", "BIG5-HKSCS", "CP932", "EUC-JP"};
  return std::find(std::begin(kNames), std::end(kNames), std::string_view(charset.iconv_name)) !=
         std::end(kNames);
}

// ---------------------------------------------------------------------------
// Single-byte charsets: a 256-entry table per charset, built from iconv the
// first time a document needs it. Not CP1255 and CP1258: glibc composes a
// base letter with a following combining mark there, so a byte's character
// depends on the next byte and those two stay with iconv.

constexpr const char* kTableCharsets[] = {
    "ISO-8859-2",  "ISO-8859-3",  "ISO-8859-4",  "ISO-8859-5",  "ISO-8859-6", "ISO-8859-7",
    "ISO-8859-8",  "ISO-8859-10", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16",
    "CP1250",      "CP1251",      "CP1253",      "CP1254",      "CP1257",     "CP874",
    "KOI8-R",      "KOI8-U",      "CP866",       "MACINTOSH"};
constexpr std::size_t kTableCharsetCount = std::size(kTableCharsets);

struct SingleByteTable {
  bool usable = false;          // iconv could open the charset
  bool ascii_is_identity = false;
  std::array<std::uint8_t, 256> length{};  // UTF-8 bytes of each byte; 0: invalid
  std::array<std::array<char, 4>, 256> utf8{};
};

std::optional<std::size_t> table_charset_index(const Charset& charset) {
  for (std::size_t index = 0; index < kTableCharsetCount; ++index) {
    if (std::string_view(kTableCharsets[index]) == charset.iconv_name) return index;
  }
  return std::nullopt;
}

void build_single_byte_table(const char* iconv_name, SingleByteTable& table) {
  std::optional<IconvConverter> converter = IconvConverter::open(iconv_name);
  if (!converter) return;
  std::string converted;
  for (unsigned int byte = 0; byte < 256; ++byte) {
    converted.clear();
    const char input = static_cast<char>(byte);
    if (converter->convert(std::string_view(&input, 1), 1, converted) > 0) continue;  // invalid
    if (converted.empty() || converted.size() > 4) return;  // not a single-byte charset after all
    table.length[byte] = static_cast<std::uint8_t>(converted.size());
    std::memcpy(table.utf8[byte].data(), converted.data(), converted.size());
  }
  table.ascii_is_identity = true;
  for (unsigned int byte = 0; byte < 0x80; ++byte) {
    if (table.length[byte] != 1 || static_cast<unsigned char>(table.utf8[byte][0]) != byte) {
      table.ascii_is_identity = false;
    }
  }
  table.usable = true;
}

const SingleByteTable& single_byte_table(std::size_t index) {
  static std::array<std::once_flag, kTableCharsetCount> built;
  static std::array<SingleByteTable, kTableCharsetCount> tables;
  std::call_once(built[index], [index] { build_single_byte_table(kTableCharsets[index], tables[index]); });
  return tables[index];
}

// Appends the decoding of `bytes`; returns how many bytes were invalid.
std::size_t append_with_table(std::string& output, std::string_view bytes,
                              const SingleByteTable& table) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t replacements = 0;
  std::size_t position = 0;
  while (position < size) {
    if (table.ascii_is_identity) {
      const std::size_t ascii_end = skip_ascii(data, size, position);
      output.append(bytes.substr(position, ascii_end - position));
      position = ascii_end;
    }
    for (; position < size && (data[position] >= 0x80 || !table.ascii_is_identity); ++position) {
      const unsigned char byte = data[position];
      if (table.length[byte] == 0) {
        append_utf8(output, kReplacementCharacter);
        ++replacements;
      } else {
        output.append(table.utf8[byte].data(), table.length[byte]);
      }
    }
  }
  return replacements;
}

// ---------------------------------------------------------------------------
// Finding the label

struct ByteOrderMark {
  Charset charset;
  std::size_t length;
};

std::optional<ByteOrderMark> find_byte_order_mark(std::string_view body) {
  // UTF-32 LE must be tested before UTF-16 LE: its BOM starts with FF FE.
  if (body.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return {{kUtf32LittleEndian, 4}};
  if (body.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return {{kUtf32BigEndian, 4}};
  if (body.starts_with(kUtf8ByteOrderMark)) return {{kUtf8, 3}};
  if (body.starts_with("\xFF\xFE")) return {{kUtf16LittleEndian, 2}};
  if (body.starts_with("\xFE\xFF")) return {{kUtf16BigEndian, 2}};
  return std::nullopt;
}

// Recognizes UTF-16/32 without a BOM from where the zero bytes fall in the
// first characters, which in a feed are ASCII ("<?xml", "<rss", "{").
std::optional<Charset> sniff_wide_charset(std::string_view body) {
  if (body.size() < 4) return std::nullopt;
  const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(body[index]); };
  if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0 && byte(3) != 0) return kUtf32BigEndian;
  if (byte(0) != 0 && byte(1) == 0 && byte(2) == 0 && byte(3) == 0) return kUtf32LittleEndian;
  if (byte(0) == 0 && byte(1) != 0 && byte(2) == 0 && byte(3) != 0) return kUtf16BigEndian;
  if (byte(0) != 0 && byte(1) == 0 && byte(2) != 0 && byte(3) == 0) return kUtf16LittleEndian;
  return std::nullopt;
}

char lower_ascii(char character) {
  return (character >= 'A' && character <= 'Z') ? static_cast<char>(character - 'A' + 'a')
                                                : character;
}

std::size_t find_case_insensitive(std::string_view haystack, std::string_view needle) {
  const auto found = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                                 [](char left, char right) {
                                   return lower_ascii(left) == lower_ascii(right);
                                 });
  return found == haystack.end() ? std::string_view::npos
                                 : static_cast<std::size_t>(found - haystack.begin());
}

bool is_space(char character) {
  return character == ' ' || character == '\t' || character == '\r' || character == '\n';
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The value after `name` and '=' in `text` (the start of a parameter or
// attribute), unquoted; empty when absent.
std::string_view value_after(std::string_view text, std::string_view name) {
  const std::size_t found = find_case_insensitive(text, name);
  if (found == std::string_view::npos) return {};
  text = trim_spaces(text.substr(found + name.size()));
  if (text.empty() || text.front() != '=') return {};
  text = trim_spaces(text.substr(1));
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    const char quote = text.front();
    text.remove_prefix(1);
    return text.substr(0, text.find(quote));
  }
  return text.substr(0, std::min(text.find(';'), text.find(' ')));
}

// "text/xml; charset=iso-8859-1" -> "iso-8859-1".
std::string_view http_charset(std::string_view content_type) {
  const std::size_t parameters = content_type.find(';');
  if (parameters == std::string_view::npos) return {};
  return trim_spaces(value_after(content_type.substr(parameters), "charset"));
}

// The encoding="..." of an XML declaration at the start of the body
// (leading white space tolerated: many feeds have a stray newline).
std::string_view xml_declaration_encoding(std::string_view body) {
  constexpr std::size_t kLongestDeclaration = 512;
  const std::string_view start = trim_spaces(body.substr(0, kLongestDeclaration));
  if (!start.starts_with("<?xml")) return {};
  const std::string_view declaration = start.substr(0, start.find("?>"));
  return trim_spaces(value_after(declaration, "encoding"));
}

// ---------------------------------------------------------------------------
// Decoding

// Decodes bytes declared (or presumed) UTF-8. Valid input, the common case,
// costs one validation pass and one copy.
void decode_utf8(std::string_view bytes, std::string_view why, DecodedText& result) {
  if (is_valid_utf8(bytes)) {
    result.utf8.assign(bytes);
    result.charset = kUtf8.name;
    return;
  }
  result.utf8.reserve(bytes.size() + bytes.size() / 8);
  if (append_utf8_with_windows1252_fallback(result.utf8, bytes)) {
    result.charset = kUtf8.name;
    result.notes.push_back(std::string(why) +
                           " but some bytes are not valid UTF-8; decoded those as windows-1252");
  } else {
    result.charset = kWindows1252.name;
    result.notes.push_back(std::string(why) + " but bytes are not valid UTF-8; decoded as windows-1252");
  }
}

// For labels we cannot honour: UTF-8 if the bytes are valid, else the
// windows-1252 fallback; a note is always left, since the label was wrong.
void decode_utf8_despite_label(std::string_view bytes, const std::string& why,
                               DecodedText& result) {
  const std::size_t notes_before = result.notes.size();
  decode_utf8(bytes, why, result);
  if (result.notes.size() == notes_before) result.notes.push_back(why + "; decoded as utf-8");
}

void note_replacements(std::size_t replacements, const Charset& charset, DecodedText& result) {
  if (replacements > 0) {
    result.notes.push_back(std::to_string(replacements) + " byte sequence(s) invalid in " +
                           std::string(charset.name) + " replaced with U+FFFD");
  }
}

void decode_with_iconv(std::string_view bytes, const Charset& charset, DecodedText& result) {
  if (const std::optional<std::size_t> index = table_charset_index(charset)) {
    const SingleByteTable& table = single_byte_table(*index);
    if (table.usable) {  // else iconv fails to open it below too, and says so
      result.utf8.reserve(bytes.size() + bytes.size() / 2);
      const std::size_t replacements = append_with_table(result.utf8, bytes, table);
      result.charset = charset.name;
      note_replacements(replacements, charset, result);
      return;
    }
  }
  std::optional<IconvConverter> converter = IconvConverter::open(charset.iconv_name);
  if (!converter) {
    decode_utf8_despite_label(bytes, "iconv cannot convert " + std::string(charset.name),
                              result);
    return;
  }
  result.utf8.reserve(bytes.size() + bytes.size() / 2);
  const std::size_t replacements =
      is_markup_delimited_multibyte(charset)
          ? converter->convert_non_ascii_segments(bytes, result.utf8)
          : converter->convert(bytes, charset.unit_size, result.utf8);
  result.charset = charset.name;
  note_replacements(replacements, charset, result);
}

// Picks the byte order of a UTF-16/32 label that did not say, from the body
// itself; big-endian is the default of RFC 2781 when nothing tells.
Charset resolve_byte_order(const Charset& charset, std::string_view body) {
  std::optional<Charset> sniffed = sniff_wide_charset(body);
  if (sniffed && sniffed->unit_size == charset.unit_size) return *sniffed;
  return charset.unit_size == 2 ? kUtf16BigEndian : kUtf32BigEndian;
}

void decode_as(std::string_view bytes, const Charset& charset, DecodedText& result) {
  if (charset.name == kUtf8.name) {
    decode_utf8(bytes, "declared utf-8", result);
  } else if (charset.name == kWindows1252.name) {
    result.utf8.reserve(bytes.size() + bytes.size() / 8);
    append_windows1252(result.utf8, bytes);
    result.charset = kWindows1252.name;
  } else if (*charset.iconv_name == '\0') {
    decode_with_iconv(bytes, resolve_byte_order(charset, bytes), result);
  } else {
    decode_with_iconv(bytes, charset, result);
  }
}

// A document without a BOM: the declared label decides, unless the bytes
// plainly contradict it (UTF-16 bytes under an 8-bit label or vice versa).
void decode_without_byte_order_mark(std::string_view body, std::string_view label,
                                    DecodedText& result) {
  const std::optional<Charset> sniffed = sniff_wide_charset(body);
  const std::optional<Charset> declared = label.empty() ? std::nullopt : find_charset(label);
  if (sniffed) {
    if (!label.empty() && !(declared && declared->unit_size == sniffed->unit_size)) {
      result.notes.push_back("declared " + std::string(label) + " but bytes are " +
                             std::string(sniffed->name));
    }
    decode_as(body, *sniffed, result);
  } else if (label.empty()) {
    decode_utf8(body, "no charset declared; presumed utf-8", result);
  } else if (!declared) {
    decode_utf8_despite_label(body, "unknown charset " + std::string(label), result);
  } else if (is_utf16_or_utf32(*declared)) {
    // Common: a serializer wrote encoding="utf-16" into a UTF-8 string.
    decode_utf8_despite_label(body, "declared " + std::string(label) + " for 8-bit bytes",
                              result);
  } else {
    decode_as(body, *declared, result);
  }
}

void strip_leading_byte_order_mark(std::string& text) {
  // A converted body can still open with U+FEFF (a doubled BOM, or UTF-16
  // whose BOM was sniffed past); the contract is BOM removed.
  while (std::string_view(text).starts_with(kUtf8ByteOrderMark)) text.erase(0, 3);
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t position = 0;
  while (true) {
    position = skip_ascii(data, size, position);
    if (position == size) return true;
    const std::size_t length = multibyte_sequence_length(data, size, position);
    if (length == 0) return false;
    position += length;
  }
}

DecodedText decode_to_utf8(std::string_view body, std::string_view http_content_type) {
  DecodedText result;
  if (const std::optional<ByteOrderMark> mark = find_byte_order_mark(body)) {
    decode_as(body.substr(mark->length), mark->charset, result);
  } else {
    // RFC 7303: the HTTP charset parameter outranks the XML declaration.
    std::string_view label = http_charset(http_content_type);
    if (label.empty()) label = xml_declaration_encoding(body);
    decode_without_byte_order_mark(body, label, result);
  }
  strip_leading_byte_order_mark(result.utf8);
  return result;
}

}  // namespace feedwatch::feed
