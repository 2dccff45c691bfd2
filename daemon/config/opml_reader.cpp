#include "daemon/config/opml_reader.h"

#include <pugixml.hpp>
#include <yaml-cpp/yaml.h>

#include <string>

namespace feedwatch::config {
namespace {

std::string position_of(std::string_view text, std::ptrdiff_t offset) {
  int line = 1, column = 1;
  for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(text.size()); ++i) {
    if (text[static_cast<std::size_t>(i)] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", col " + std::to_string(column);
}

}  // namespace

std::variant<std::vector<OpmlFeed>, OpmlError> read_opml(std::string_view text) {
  pugi::xml_document document;
  auto parsed = document.load_buffer(text.data(), text.size());
  if (!parsed) {
    return OpmlError{position_of(text, parsed.offset) + ": " + parsed.description()};
  }
  auto root = document.child("opml");
  if (!root) return OpmlError{"not an OPML file: the root element is not <opml>"};
  std::vector<OpmlFeed> feeds;
  // XPath walks every depth without recursion in our code.
  for (const auto& match : root.select_nodes("//outline[@xmlUrl]")) {
    auto outline = match.node();
    std::string title = outline.attribute("title").as_string();
    if (title.empty()) title = outline.attribute("text").as_string();
    feeds.push_back({outline.attribute("xmlUrl").as_string(), std::move(title)});
  }
  return feeds;
}

std::string opml_feeds_as_yaml(const std::vector<OpmlFeed>& feeds) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "feeds" << YAML::Value << YAML::BeginSeq;
  for (const auto& feed : feeds) {
    out << YAML::BeginMap << YAML::Key << "url" << YAML::Value << feed.url;
    if (!feed.title.empty()) out << YAML::Key << "name" << YAML::Value << feed.title;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace feedwatch::config
