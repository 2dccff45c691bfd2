#include "feed/rss_reader.h"

#include "feed/element_rules.h"
#include "feed/entry_fields.h"

namespace feedwatch::feed {
namespace {

bool is_named(pugi::xml_node node, std::string_view lower_name) {
  return node.type() == pugi::node_element && LowerCaseName(node.name()).view() == lower_name;
}

// A guid is also the item's link only if it is a permalink and looks like one.
bool is_permalink(pugi::xml_node guid, const std::string& value) {
  std::string_view flag = guid.attribute("isPermaLink").value();
  if (flag.empty()) flag = guid.attribute("ispermalink").value();
  if (flag == "false" || flag == "False" || flag == "FALSE") return false;
  return value.starts_with("http://") || value.starts_with("https://");
}

// Some feeds leave <link/> empty and put the URL in an attribute.
std::string link_text(XmlFeedContext& c, pugi::xml_node e) {
  std::string link = c.text(e);
  if (link.empty()) link = c.attribute(e, "href");
  if (link.empty()) link = c.attribute(e, "rdf:resource");
  return link;
}

void title(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.title, kPrimary, Markup::kGuessHtml); }
void link(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (f.link.wants(kPrimary)) offer_link(c, e, f.link, kPrimary, link_text(c, e));
}
void guid(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  std::string value = c.text(e);
  if (is_permalink(e, value)) offer_link(c, e, f.link, kLastResort, value);
  f.id.offer(kPrimary, std::move(value));
}
// feedparser's precedence, which feeds rely on: whichever of <description>
// and <summary> comes first is the summary, the other one the content.
void description(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (f.descriptions_seen++ == 0) offer_text(c, e, f.summary, kPrimary, Markup::kHtml);
  else offer_text(c, e, f.content, kFallback, Markup::kHtml);
}
void abstract(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.summary, kPrimary, Markup::kHtml); }
void fullitem(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.content, kSecondary, Markup::kHtml); }
void author(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.author, kPrimary, Markup::kText); }
void category(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { f.add_category(c.construct(e, Markup::kText)); }
void pub_date(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kPrimary, c.text(e)); }
// <tags>one, two</tags>: a made-up element common enough to honour.
void tags(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  std::string list = c.construct(e, Markup::kText);
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string_view tag = std::string_view(list).substr(start, comma - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    f.add_category(std::string(tag));
    start = comma + 1;
  }
}

constexpr ElementRule kItemRules[] = {
    {Vocabulary::kCore, "title", title},         {Vocabulary::kCore, "link", link},
    {Vocabulary::kCore, "guid", guid},           {Vocabulary::kCore, "description", description},
    {Vocabulary::kCore, "summary", description}, {Vocabulary::kCore, "abstract", abstract},
    {Vocabulary::kCore, "fullitem", fullitem},   {Vocabulary::kCore, "author", author},
    {Vocabulary::kCore, "category", category},   {Vocabulary::kCore, "pubdate", pub_date},
    {Vocabulary::kCore, "tags", tags},
};

// rdf:about (RSS 1.0) names the item; CDF puts link and date in attributes.
void read_item_attributes(XmlFeedContext& c, pugi::xml_node item, EntryFields& f) {
  for (pugi::xml_attribute attribute : item.attributes()) {
    LowerCaseName name(attribute.name());
    if (name.view() == "about") f.id.offer(kSecondary, attribute_text(attribute, nullptr));
    else if (name.view() == "href") offer_link(c, item, f.link, kSecondary, c.attribute(item, attribute.name()));
    else if (name.view() == "lastmod") offer_date(f.updated, kSecondary, c.attribute(item, attribute.name()));
  }
}

Entry read_item(XmlFeedContext& context, pugi::xml_node item, const NamespaceScope& parent_scope) {
  EntryFields fields = context.admission().entry_fields();
  read_item_attributes(context, item, fields);
  NamespaceScope scope(item, parent_scope);
  for (pugi::xml_node child = item.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    ElementName name = scope.classify(child);
    if (name.vocabulary == Vocabulary::kCore) apply_rule(kItemRules, name, context, child, fields);
    else apply_extension_rule(name, context, child, fields);
  }
  return context.admission().finish(fields);
}

// The channel's own title, link and language (not those of <image>).
void read_channel_head(XmlFeedContext& context, pugi::xml_node channel, Feed& feed) {
  FeedHeadFields head;
  std::string href = context.attribute(channel, "href");
  if (href.empty()) href = context.attribute(channel, "HREF");
  if (!href.empty()) head.link.offer(kSecondary, context.absolute_link(channel, href));
  NamespaceScope scope = context.scope(channel);
  for (pugi::xml_node child = channel.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    ElementName name = scope.classify(child);
    LowerCaseName lower(name.local_name);
    bool core = name.vocabulary == Vocabulary::kCore, dublin_core = name.vocabulary == Vocabulary::kDublinCore;
    int rank = core ? kPrimary : kSecondary;
    if ((core || dublin_core) && lower.view() == "title" && head.title.wants(rank))
      head.title.offer(rank, context.construct(child, Markup::kGuessHtml));
    else if (core && lower.view() == "link" && head.link.wants(kPrimary))
      head.link.offer(kPrimary, context.absolute_link(child, link_text(context, child)));
    else if (name.vocabulary == Vocabulary::kAtom && lower.view() == "link" && is_alternate_link(child))
      head.link.offer(kFallback, context.absolute_link(child, context.attribute(child, "href")));
    else if ((core || dublin_core) && lower.view() == "language")
      head.language.offer(rank, context.text(child));
  }
  feed.title = head.title.take();
  feed.link = head.link.take();
  feed.language = head.language.take();
  if (feed.link && feed.link->empty()) feed.link.reset();
}

void read_items_under(XmlFeedContext& context, pugi::xml_node parent, Feed& feed) {
  const NamespaceScope parent_scope = context.scope(parent);
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling())
    if (is_named(child, "item") && !context.is_unfinished(child) && context.admission().admit_entry())
      feed.entries.push_back(read_item(context, child, parent_scope));
}

}  // namespace

std::string_view rss_format(pugi::xml_node root) {
  LowerCaseName name(root.name());
  if (name.view() == "rdf") return "rss1.0";
  if (name.view() == "channel") return "rss0.91";  // CDF: the closest format we name
  if (name.view() != "rss") return {};
  std::string_view version = root.attribute("version").value();
  if (version == "0.91" || version == "0.90" || version == "0.9") return "rss0.91";
  if (version == "0.92") return "rss0.92";
  return "rss2.0";
}

void read_rss(pugi::xml_node root, XmlFeedContext& context, Feed& feed) {
  pugi::xml_node channel = is_named(root, "channel") ? root : pugi::xml_node();
  for (pugi::xml_node child = root.first_child(); child && !channel; child = child.next_sibling())
    if (is_named(child, "channel")) channel = child;
  if (channel) read_channel_head(context, channel, feed);
  if (channel && channel != root) read_items_under(context, channel, feed);
  read_items_under(context, root, feed);
}

}  // namespace feedwatch::feed
