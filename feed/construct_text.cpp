#include "feed/construct_text.h"

#include <cstdint>

#include "feed/html_text.h"
#include "feed/text_builder.h"
#include "feed/xml_namespaces.h"

namespace feedwatch::feed {
namespace {

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Visits the nodes below `root` in document order without recursion. The
// visitor's enter(node) returns whether to descend; leave(node) follows.
template <typename Visitor>
void walk_below(pugi::xml_node root, Visitor& visitor) {
  pugi::xml_node node = root.first_child();
  while (node) {
    bool entered = visitor.enter(node);
    if (entered && node.first_child()) {
      node = node.first_child();
      continue;
    }
    if (entered) visitor.leave(node);
    while (!node.next_sibling()) {
      node = node.parent();
      if (node == root) return;
      visitor.leave(node);
    }
    node = node.next_sibling();
  }
}

// Rebuilds the construct as one string of HTML: text decoded once, CDATA as
// is, child elements as bare tags (their attributes carry no text).
struct HtmlSerializer {
  const DeclaredEntities* declared;
  std::string out;

  bool enter(pugi::xml_node node) {
    switch (node.type()) {
      case pugi::node_pcdata: decode_entities(node.value(), out, declared); return false;
      case pugi::node_cdata: out.append(node.value()); return false;
      case pugi::node_element:
        out.push_back('<');
        out.append(local_name(node.name()));
        out.push_back('>');
        return true;
      default: return false;
    }
  }
  void leave(pugi::xml_node node) {
    out.append("</");
    out.append(local_name(node.name()));
    out.push_back('>');
  }
};

// Walks inline XHTML: text is decoded once and never re-read as markup.
struct XhtmlTextCollector {
  const DeclaredEntities* declared;
  TextBuilder out;

  bool enter(pugi::xml_node node) {
    switch (node.type()) {
      case pugi::node_pcdata: decode_entities(node.value(), out, declared); return false;
      case pugi::node_cdata: out.append(node.value()); return false;
      case pugi::node_element: return enter_element(node);
      default: return false;
    }
  }
  void leave(pugi::xml_node node) {
    if (is_block_element(LowerCaseName(node.name()).view())) out.separate();
  }

 private:
  bool enter_element(pugi::xml_node node) {
    // The parser drops white-space-only text between elements; what stood
    // before the '<' (still in the in-place buffer) tells whether words split.
    const char* name = node.name();
    if (name[-1] == '<' && is_space(name[-2])) out.separate();
    LowerCaseName lower(name);
    if (is_hidden_element(lower.view())) return false;
    if (is_block_element(lower.view())) out.separate();
    return true;
  }
};

// The usual construct is one CDATA section or one run of text. It is read
// in place when it holds no reference, else decoded once into a buffer
// reserved at its size (escaped HTML: a reference in every tag); only mixed
// content is rebuilt by walking the tree.
std::string_view construct_html(pugi::xml_node element, const DeclaredEntities* declared, std::string& buffer) {
  pugi::xml_node child = element.first_child();
  if (child && !child.next_sibling()) {
    std::string_view value = child.value();
    if (child.type() == pugi::node_cdata) return value;
    if (child.type() == pugi::node_pcdata) {
      if (value.find('&') == std::string_view::npos) return value;
      buffer.reserve(value.size());
      decode_entities(value, buffer, declared);
      return buffer;
    }
  }
  HtmlSerializer serializer{declared, {}};
  walk_below(element, serializer);
  buffer = std::move(serializer.out);
  return buffer;
}

std::string html_construct(pugi::xml_node element, Markup markup, const DeclaredEntities* declared) {
  std::string buffer;
  const std::string_view html = construct_html(element, declared, buffer);
  bool as_html = markup == Markup::kHtml || (markup == Markup::kGuessHtml && looks_like_html(html));
  TextBuilder text;
  text.reserve(html.size());
  append_html_text(html, text, as_html ? EntityHandling::kDecode : EntityHandling::kKeep, declared);
  return text.take();
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

// Lenient: skips white space and anything else outside the alphabet.
std::string decode_base64(std::string_view encoded) {
  std::string decoded;
  decoded.reserve(encoded.size() * 3 / 4);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (char c : encoded) {
    int value = base64_value(c);
    if (value < 0) continue;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      decoded.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return decoded;
}

std::string base64_construct(pugi::xml_node element, const DeclaredEntities* declared) {
  std::string decoded = decode_base64(element_text(element, declared));
  TextBuilder text;
  append_html_text(decoded, text, looks_like_html(decoded) ? EntityHandling::kDecode : EntityHandling::kKeep,
                   declared);
  return text.take();
}

std::string lower_trimmed(const char* value) {
  std::string text(trim(value));
  for (char& c : text) c = to_lower(c);
  return text;
}

bool is_xml_media_type(std::string_view type) {
  return type.ends_with("+xml") || type.ends_with("/xml");
}

}  // namespace

std::string construct_text(pugi::xml_node element, Markup markup, const DeclaredEntities* declared) {
  switch (markup) {
    case Markup::kXhtml: {
      XhtmlTextCollector collector{declared, {}};
      walk_below(element, collector);
      return collector.out.take();
    }
    case Markup::kBase64: return base64_construct(element, declared);
    default: return html_construct(element, markup, declared);
  }
}

std::string element_text(pugi::xml_node element, const DeclaredEntities* declared) {
  std::string text;
  for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata) decode_entities(child.value(), text, declared);
    if (child.type() == pugi::node_cdata) text.append(child.value());
  }
  // Most values (ids, links, dates) carry no surrounding white space: no copy then.
  const std::string_view trimmed = trim(text);
  if (trimmed.size() == text.size()) return text;
  return std::string(trimmed);
}

std::string attribute_text(pugi::xml_attribute attribute, const DeclaredEntities* declared) {
  std::string text;
  decode_entities(trim(attribute.value()), text, declared);
  return text;
}

// Atom 1.0: text | html | xhtml | a media type (XML inline, text/* as text,
// anything else base64). Atom 0.3 adds mode="xml|escaped|base64".
Markup atom_markup(pugi::xml_node element) {
  std::string type = lower_trimmed(element.attribute("type").value());
  std::string mode = lower_trimmed(element.attribute("mode").value());
  bool html_type = type == "html" || type == "text/html";
  if (mode == "base64") return Markup::kBase64;
  if (mode == "escaped") return html_type || type.empty() ? Markup::kHtml : Markup::kText;
  if (type.empty() || type == "text" || type == "text/plain") return Markup::kText;
  if (html_type) return Markup::kHtml;
  if (type == "xhtml" || is_xml_media_type(type)) return Markup::kXhtml;
  if (type.starts_with("text/") || type.find('/') == std::string::npos) return Markup::kText;
  return Markup::kBase64;
}

}  // namespace feedwatch::feed
