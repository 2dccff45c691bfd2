// Front door of the parser: decodes the charset, tells JSON from XML, parses
// XML in place with pugixml (without parse_escapes: our readers decode
// references themselves, once per layer of markup) and hands the tree to the
// reader of its format. Damage is reported with where it happened.
#include "feed/feed_parser.h"

#include <algorithm>
#include <string>

#include <pugixml.hpp>

#include "feed/atom_reader.h"
#include "feed/charset.h"
#include "feed/json_feed_reader.h"
#include "feed/rss_reader.h"
#include "feed/xml_entities.h"
#include "feed/xml_feed_context.h"
#include "feed/xml_tree_budget.h"

namespace feedwatch::feed {
namespace {

constexpr unsigned int kParseOptions = pugi::parse_cdata | pugi::parse_eol | pugi::parse_doctype;

struct StatusMessage {
  pugi::xml_parse_status status;
  const char* message;
};

constexpr StatusMessage kStatusMessages[] = {
    {pugi::status_end_element_mismatch, "mismatched tag"},
    {pugi::status_unrecognized_tag, "malformed tag"},
    {pugi::status_bad_start_element, "malformed start tag"},
    {pugi::status_bad_end_element, "malformed end tag"},
    {pugi::status_bad_attribute, "malformed attribute"},
    {pugi::status_bad_cdata, "unterminated CDATA section"},
    {pugi::status_bad_comment, "malformed comment"},
    {pugi::status_bad_doctype, "malformed DOCTYPE"},
    {pugi::status_bad_pi, "malformed processing instruction"},
    {pugi::status_bad_pcdata, "malformed text"},
    {pugi::status_no_document_element, "no document element"},
};

std::string status_message(const pugi::xml_parse_result& result, std::size_t text_size,
                           const ParseLimits& limits) {
  if (result.status == pugi::status_out_of_memory)
    return "markup too dense to read further (its tree would take more than " +
           std::to_string(limits.max_xml_tree_amplification) + " times the document's size)";
  if (result.offset >= static_cast<std::ptrdiff_t>(text_size) - 1 &&
      (result.status == pugi::status_end_element_mismatch || result.status == pugi::status_bad_end_element))
    return "the document ends early";
  for (const StatusMessage& entry : kStatusMessages)
    if (entry.status == result.status) return entry.message;
  return result.description();
}

// "line 88, col 3" (1-based) of a byte offset.
std::string position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  std::size_t line_start = before.rfind('\n');
  std::size_t column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return "line " + std::to_string(line) + ", col " + std::to_string(column);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view skip_leading_space(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

// An HTML page served where a feed was expected: the most common non-feed.
bool looks_like_html_page(std::string_view text, pugi::xml_node root) {
  std::string_view root_name = root ? root.name() : "";
  if (starts_with_ignoring_case(root_name, "html")) return true;
  std::string_view head = skip_leading_space(text).substr(0, 512);
  return starts_with_ignoring_case(head, "<!doctype html") || starts_with_ignoring_case(head, "<html");
}

DeclaredEntities declared_entities(const pugi::xml_document& document, std::size_t expansion_budget) {
  for (pugi::xml_node node = document.first_child(); node; node = node.next_sibling())
    if (node.type() == pugi::node_doctype) return DeclaredEntities::parse(node.value(), expansion_budget);
  return {};
}

ParseFailure entity_expansion_refused(std::size_t budget, const ParseLimits& limits) {
  return ParseFailure{"refused: the entities its DOCTYPE declares would expand to more than " +
                      std::to_string(budget) + " bytes of text, the limit for this document (" +
                      std::to_string(limits.max_entity_amplification) + " times its size, at least " +
                      std::to_string(limits.entity_expansion_allowance) + " and at most " +
                      std::to_string(limits.max_entity_expansion) +
                      " bytes): an entity expansion attack, or a broken feed for its publisher to fix"};
}

std::string describe_damage(const pugi::xml_parse_result& result, const std::string& pristine,
                            std::size_t entries, const ParseLimits& limits) {
  return position_of(pristine, static_cast<std::size_t>(result.offset)) + ": " +
         status_message(result, pristine.size(), limits) + "; " + std::to_string(entries) +
         (entries == 1 ? " entry" : " entries") + " parsed before it";
}

// Parses `text` in place, the tree held to its budget.
pugi::xml_parse_result parse_tree(pugi::xml_document& tree, std::string& text, const ParseLimits& limits) {
  XmlTreeBudget budget(limits.xml_tree_budget(text.size()));
  return tree.load_buffer_inplace(text.data(), text.size(), kParseOptions, pugi::encoding_utf8);
}

ParseResult read_xml_feed(std::string& text, const Document& document, const ParseLimits& limits) {
  pugi::xml_document tree;
  pugi::xml_parse_result result = parse_tree(tree, text, limits);
  pugi::xml_node root = tree.document_element();
  if (looks_like_html_page(text, root)) return ParseFailure{"not a feed: the document is an HTML page"};
  if (!root) return ParseFailure{"not a feed: no XML document element (" + std::string(result.description()) + ")"};
  const std::size_t expansion_budget = limits.entity_expansion_budget(text.size());
  XmlFeedContext context(document, declared_entities(tree, expansion_budget), root, limits);
  Feed feed;
  feed.format = std::string(atom_format(root, context.root_namespace()));
  if (feed.format.empty()) feed.format = std::string(rss_format(root));
  if (feed.format.empty())
    return ParseFailure{"not a feed: the document element is <" + std::string(root.name()) +
                        ">, not <rss>, <rdf:RDF> or <feed>"};
  // In-place parsing changed the buffer; the original text is rebuilt only
  // on this rare path, to place the damage and find unfinished entries.
  std::string pristine;
  if (!result) {
    pristine = decode_to_utf8(document.body, document.content_type).utf8;
    context.set_damage(pristine, static_cast<std::size_t>(result.offset));
  }
  if (feed.format.starts_with("atom")) read_atom(root, context, feed);
  else read_rss(root, context, feed);
  if (context.entity_budget_exceeded()) return entity_expansion_refused(expansion_budget, limits);
  if (!result) feed.errors.push_back(describe_damage(result, pristine, feed.entries.size(), limits));
  context.admission().report(feed);
  return feed;
}

}  // namespace

ParseResult parse_feed(const Document& document, const ParseLimits& limits) {
  if (skip_leading_space(document.body).empty()) return ParseFailure{"not a feed: the document is empty"};
  DecodedText decoded = decode_to_utf8(document.body, document.content_type);
  std::string_view start = skip_leading_space(decoded.utf8);
  if (start.empty()) return ParseFailure{"not a feed: the document is empty"};
  if (start.front() == '{' || start.front() == '[') return read_json_feed(decoded.utf8, document, limits);
  if (start.front() != '<') return ParseFailure{"not a feed: the document is neither XML nor JSON"};
  return read_xml_feed(decoded.utf8, document, limits);
}

}  // namespace feedwatch::feed
