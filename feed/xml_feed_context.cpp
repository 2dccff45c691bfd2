#include "feed/xml_feed_context.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace feedwatch::feed {

XmlFeedContext::XmlFeedContext(const Document& document, DeclaredEntities declared, pugi::xml_node root,
                               const ParseLimits& limits)
    : declared_(std::move(declared)), admission_(limits), root_namespace_(feed::root_namespace(root)) {
  document_base_ = document.url;
  // Content-Location may itself be relative to the URL it was served from.
  if (!document.content_location.empty())
    document_base_ = resolver_.resolve(document.url, document.content_location);
}

void XmlFeedContext::set_damage(std::string_view pristine, std::size_t error_offset) {
  pristine_ = pristine;
  error_offset_ = std::min(error_offset, pristine.size());
  damaged_ = true;
}

// Only the last element of each level can be open when parsing stopped; of
// those, one whose end tag appears before the error position was finished.
bool XmlFeedContext::is_unfinished(pugi::xml_node element) const {
  if (!damaged_) return false;
  for (pugi::xml_node node = element; node.parent(); node = node.parent())
    if (node != node.parent().last_child()) return false;
  std::size_t start = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(element.offset_debug(), 0)),
                               error_offset_);
  std::string end_tag = std::string("</") + element.name();
  return pristine_.substr(start, error_offset_ - start).find(end_tag) == std::string_view::npos;
}

std::string XmlFeedContext::absolute_link(pugi::xml_node element, std::string link) {
  if (link.empty() || UrlResolver::is_absolute(link)) return link;
  std::vector<pugi::xml_node> with_base;
  for (pugi::xml_node node = element; node && node.type() == pugi::node_element; node = node.parent())
    if (node.attribute("xml:base")) with_base.push_back(node);
  std::string base = document_base_;
  for (auto it = with_base.rbegin(); it != with_base.rend(); ++it)
    base = resolver_.resolve(base, attribute(*it, "xml:base"));
  return resolver_.resolve(base, link);
}

}  // namespace feedwatch::feed
