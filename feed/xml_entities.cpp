#include "feed/xml_entities.h"

#include <cstdint>

#include "feed/html_named_entities.h"

namespace feedwatch::feed {
namespace {

constexpr std::size_t kLongestEntityName = 32;

// HTML maps numeric references in 0x80..0x9F to windows-1252, because that is
// what the authors meant (&#150; is an en dash on every page that uses it).
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

bool is_alpha_numeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char32_t sanitize_code_point(std::uint64_t value) {
  if (value >= 0x80 && value <= 0x9F) return kWindows1252High[value - 0x80];
  if (value == 0 || value > 0x10FFFF) return 0xFFFD;
  return static_cast<char32_t>(value);
}

// "&#38;", "&#x26;", "&#X26;"; the ';' may be missing, as browsers allow.
std::size_t decode_numeric(std::string_view raw, std::string& out) {
  std::size_t position = 2;
  int base = 10;
  if (position < raw.size() && (raw[position] == 'x' || raw[position] == 'X')) {
    base = 16;
    ++position;
  }
  std::size_t digits_start = position;
  std::uint64_t value = 0;
  for (int digit; position < raw.size(); ++position) {
    digit = base == 16 ? hex_value(raw[position]) : (raw[position] >= '0' && raw[position] <= '9' ? raw[position] - '0' : -1);
    if (digit < 0) break;
    if (value <= 0x10FFFF) value = value * base + digit;
  }
  if (position == digits_start) return 0;
  if (position < raw.size() && raw[position] == ';') ++position;
  append_utf8(out, sanitize_code_point(value));
  return position;
}

std::size_t decode_named(std::string_view raw, std::string& out, const DeclaredEntities* declared) {
  std::size_t end = 1;
  while (end < raw.size() && end <= kLongestEntityName && (is_alpha_numeric(raw[end]) || raw[end] == '_' ||
                                                            raw[end] == '-' || raw[end] == '.'))
    ++end;
  if (end == 1 || end >= raw.size() || raw[end] != ';') return 0;
  std::string_view name = raw.substr(1, end - 1);
  if (declared != nullptr && declared->expand(name, out)) return end + 1;
  auto text = find_html_named_entity(name);
  if (!text) return 0;
  out.append(*text);
  return end + 1;
}

void skip_spaces(std::string_view text, std::size_t& position) {
  while (position < text.size() && (text[position] == ' ' || text[position] == '\t' ||
                                    text[position] == '\n' || text[position] == '\r'))
    ++position;
}

// &lt; &gt; &amp; &quot;: escaped HTML is full of them, so they are matched
// before the general path (name scan, declared entities, table lookup).
// Only when the document declares no entities, which could shadow them.
std::size_t decode_common_xml_entity(std::string_view raw, std::string& out) {
  struct Common {
    std::string_view reference;
    char character;
  };
  static constexpr Common kCommon[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}};
  for (const Common& common : kCommon) {
    if (raw.starts_with(common.reference)) {
      out.push_back(common.character);
      return common.reference.size();
    }
  }
  return 0;
}

}  // namespace

std::size_t decode_reference(std::string_view raw, std::string& out, const DeclaredEntities* declared) {
  if (raw.size() < 3 || raw[0] != '&') return 0;
  if (raw[1] == '#') return decode_numeric(raw, out);
  if (declared == nullptr) {
    if (std::size_t consumed = decode_common_xml_entity(raw, out)) return consumed;
  }
  return decode_named(raw, out, declared);
}

void decode_entities(std::string_view raw, std::string& out, const DeclaredEntities* declared) {
  std::size_t position = 0;
  while (position < raw.size()) {
    std::size_t ampersand = raw.find('&', position);
    if (ampersand == std::string_view::npos) ampersand = raw.size();
    out.append(raw.data() + position, ampersand - position);
    if (ampersand == raw.size()) break;
    std::size_t consumed = decode_reference(raw.substr(ampersand), out, declared);
    if (consumed == 0) {
      out.push_back('&');
      consumed = 1;
    }
    position = ampersand + consumed;
  }
}

void decode_entities(std::string_view raw, TextBuilder& out, const DeclaredEntities* declared) {
  if (raw.find('&') == std::string_view::npos) {
    out.append(raw);
    return;
  }
  thread_local std::string scratch;
  scratch.clear();
  decode_entities(raw, scratch, declared);
  out.append(scratch);
}

bool DeclaredEntities::expand(std::string_view name, std::string& out) const {
  auto found = entities_.find(name);
  if (found == entities_.end()) return false;
  const std::string& value = found->second;
  if (budget_exceeded_ || value.size() > expansion_budget_ - expanded_bytes_) {
    budget_exceeded_ = true;
    return true;
  }
  expanded_bytes_ += value.size();
  out.append(value);
  return true;
}

// Reads each `<!ENTITY name "value">` (or 'value'); parameter entities
// (`<!ENTITY % ...>`) and external ones (SYSTEM/PUBLIC) are ignored.
DeclaredEntities DeclaredEntities::parse(std::string_view doctype, std::size_t expansion_budget) {
  DeclaredEntities result;
  result.expansion_budget_ = expansion_budget;
  constexpr std::string_view kMarker = "<!ENTITY";
  std::size_t position = 0;
  while ((position = doctype.find(kMarker, position)) != std::string_view::npos) {
    position += kMarker.size();
    skip_spaces(doctype, position);
    std::size_t name_start = position;
    while (position < doctype.size() && (is_alpha_numeric(doctype[position]) || doctype[position] == '_' ||
                                          doctype[position] == '-' || doctype[position] == '.' ||
                                          doctype[position] == ':'))
      ++position;
    std::string_view name = doctype.substr(name_start, position - name_start);
    skip_spaces(doctype, position);
    if (name.empty() || position >= doctype.size()) continue;
    char quote = doctype[position];
    if (quote != '"' && quote != '\'') continue;
    std::size_t value_end = doctype.find(quote, position + 1);
    if (value_end == std::string_view::npos) break;
    std::string value;
    decode_entities(doctype.substr(position + 1, value_end - position - 1), value, nullptr);
    result.entities_.emplace(std::string(name), std::move(value));
    position = value_end + 1;
  }
  return result;
}

}  // namespace feedwatch::feed
