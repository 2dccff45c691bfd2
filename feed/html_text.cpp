#include "feed/html_text.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string>

namespace feedwatch::feed {
namespace {

// A set of lower-case element names. A lookup compares the name only with
// the few that share its first letter (nine at most), lengths first: tags
// are looked up for every tag of every HTML construct.
template <std::size_t Count>
class ElementNameSet {
 public:
  explicit constexpr ElementNameSet(const std::array<std::string_view, Count>& names) : names_(names) {
    for (std::size_t index = 0; index < Count; ++index) {
      Range& range = ranges_[static_cast<std::size_t>(names[index][0] - 'a')];
      if (range.end == 0) range.begin = index;
      range.end = index + 1;
    }
  }

  bool contains(std::string_view name) const {
    if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
    const Range range = ranges_[static_cast<std::size_t>(name[0] - 'a')];
    for (std::size_t index = range.begin; index < range.end; ++index)
      if (names_[index] == name) return true;
    return false;
  }

 private:
  struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::array<std::string_view, Count> names_;
  std::array<Range, 26> ranges_{};
};

// Elements that break words, grouped by first letter. MathML tokens are
// among them: <mi>a</mi><mo>+</mo> reads "a + b", not "a+b".
constexpr ElementNameSet kBlockElements(std::to_array<std::string_view>(
    {"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
     "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
     "h3", "h4", "h5", "h6", "header", "hr", "html", "img", "li", "main", "math", "mi", "mn", "mo",
     "mrow", "ms", "mtext", "nav", "ol", "option", "p", "pre", "section", "summary", "svg", "table",
     "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul"}));

constexpr ElementNameSet kHiddenElements(
    std::to_array<std::string_view>({"head", "noscript", "script", "style", "template"}));

constexpr std::size_t kLongestTagName = 15;

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_name_char(char c) {
  return is_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_' || c == '.';
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::size_t position, std::string_view prefix) {
  if (text.size() - position < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (to_lower(text[position + i]) != prefix[i]) return false;
  return true;
}

// Position just past the '>' closing the tag whose attributes start at
// `position`, honouring quoted attribute values; npos when there is none.
std::size_t find_tag_end(std::string_view html, std::size_t position) {
  while (position < html.size()) {
    char c = html[position];
    if (c == '>') return position + 1;
    if (c == '=') {
      ++position;
      while (position < html.size() && (html[position] == ' ' || html[position] == '\t' || html[position] == '\n'))
        ++position;
      if (position < html.size() && (html[position] == '"' || html[position] == '\'')) {
        std::size_t close = html.find(html[position], position + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        position = close + 1;
      }
      continue;
    }
    ++position;
  }
  return std::string_view::npos;
}

// Skips the content of a hidden element up to and past its end tag.
std::size_t skip_hidden_content(std::string_view html, std::size_t position, std::string_view name) {
  while ((position = html.find("</", position)) != std::string_view::npos) {
    if (starts_with_ignoring_case(html, position + 2, name)) {
      std::size_t end = html.find('>', position);
      return end == std::string_view::npos ? html.size() : end + 1;
    }
    position += 2;
  }
  return html.size();
}

// The parser's state: where it is and where the text goes.
class HtmlTextExtractor {
 public:
  HtmlTextExtractor(std::string_view html, TextBuilder& out, EntityHandling entities,
                    const DeclaredEntities* declared)
      : html_(html), out_(out), entities_(entities), declared_(declared) {}

  // Text runs are appended in bulk by the builder, which stops at the bytes
  // that may start markup; each stop is either markup, a reference, or a
  // literal '<' or '&'.
  void run() {
    const bool decode = entities_ == EntityHandling::kDecode;
    while (position_ < html_.size()) {
      position_ += out_.append_until_markup(html_.substr(position_), decode);
      if (position_ == html_.size()) return;
      if (html_[position_] == '<' && markup()) continue;
      if (html_[position_] == '&' && reference()) continue;
      out_.append(html_.substr(position_, 1));
      ++position_;
    }
  }

 private:
  // Consumes one piece of markup starting at '<'; false if it is a literal '<'.
  bool markup() {
    std::string_view rest = html_.substr(position_);
    if (rest.size() < 2) return false;
    if (rest.substr(0, 4) == "<!--") return comment();
    if (is_letter(rest[1])) return tag(position_ + 1, false);
    if (rest[1] == '/' && rest.size() > 2 && is_letter(rest[2])) return tag(position_ + 2, true);
    if ((rest[1] == '!' && rest.size() > 2 && is_letter(rest[2])) || rest[1] == '?') return declaration();
    return false;
  }

  bool comment() {
    std::size_t end = html_.find("-->", position_ + 4);
    position_ = end == std::string_view::npos ? html_.size() : end + 3;
    return true;
  }

  // <!DOCTYPE ...>, <?xml ...?>: dropped when closed, literal text otherwise.
  bool declaration() {
    std::size_t end = html_.find('>', position_);
    if (end == std::string_view::npos) return false;
    position_ = end + 1;
    return true;
  }

  bool tag(std::size_t name_start, bool closing) {
    std::size_t name_end = name_start;
    while (name_end < html_.size() && is_name_char(html_[name_end])) ++name_end;
    std::size_t tag_end = find_tag_end(html_, name_end);
    if (tag_end == std::string_view::npos) return false;
    std::array<char, kLongestTagName + 1> lower{};
    std::size_t length = std::min(name_end - name_start, kLongestTagName + 1);
    for (std::size_t i = 0; i < length && i < lower.size(); ++i) lower[i] = to_lower(html_[name_start + i]);
    std::string_view name(lower.data(), std::min(length, lower.size()));
    position_ = tag_end;
    if (is_block_element(name)) out_.separate();
    bool self_closing = html_[tag_end - 2] == '/';
    if (!closing && !self_closing && is_hidden_element(name)) position_ = skip_hidden_content(html_, position_, name);
    return true;
  }

  bool reference() {
    scratch_.clear();
    std::size_t consumed = decode_reference(html_.substr(position_), scratch_, declared_);
    if (consumed == 0) return false;
    out_.append(scratch_);
    position_ += consumed;
    return true;
  }

  std::string_view html_;
  TextBuilder& out_;
  EntityHandling entities_;
  const DeclaredEntities* declared_;
  std::size_t position_ = 0;
  std::string scratch_;
};

}  // namespace

bool is_block_element(std::string_view name) { return kBlockElements.contains(name); }

bool is_hidden_element(std::string_view name) { return kHiddenElements.contains(name); }

void append_html_text(std::string_view html, TextBuilder& out, EntityHandling entities,
                      const DeclaredEntities* declared) {
  HtmlTextExtractor(html, out, entities, declared).run();
}

bool looks_like_html(std::string_view text) {
  for (std::size_t position = text.find_first_of("<&"); position != std::string_view::npos;
       position = text.find_first_of("<&", position + 1)) {
    if (text[position] == '<' && position + 2 < text.size() && text[position + 1] == '/' &&
        is_letter(text[position + 2]))
      return true;
    if (text[position] == '&') {
      std::string ignored;
      if (decode_reference(text.substr(position), ignored) > 0) return true;
    }
  }
  return false;
}

}  // namespace feedwatch::feed
