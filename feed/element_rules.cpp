#include "feed/element_rules.h"

#include "feed/date_parser.h"

namespace feedwatch::feed {
namespace {

void dc_title(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.title, kSecondary, Markup::kGuessHtml); }
void dc_creator(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.author, kSecondary, Markup::kText); }
void dc_subject(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { f.add_category(c.construct(e, Markup::kText)); }
void dc_date(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.updated, kSecondary, c.text(e)); }
void dc_description(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.summary, kSecondary, Markup::kHtml); }
void dcterms_issued(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kSecondary, c.text(e)); }
void dcterms_modified(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.updated, kSecondary, c.text(e)); }
void content_encoded(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.content, kPrimary, Markup::kHtml); }
void xhtml_body(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.content, kSecondary, Markup::kXhtml); }

// media:title and media:description say type="plain" or type="html".
Markup media_markup(pugi::xml_node e) {
  std::string_view type = e.attribute("type").value();
  return type == "html" ? Markup::kHtml : Markup::kText;
}
void media_title(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.title, kFallback, media_markup(e)); }
void media_description(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.summary, kFallback, media_markup(e)); }
void media_category(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { f.add_category(c.construct(e, Markup::kText)); }
void media_group(XmlFeedContext& c, pugi::xml_node e, EntryFields& f);

void itunes_author(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.author, kFallback, Markup::kText); }
void itunes_summary(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.summary, kLastResort, Markup::kText); }
// <itunes:category text="Technology"><itunes:category text="Gadgets"/></...>
void itunes_category(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  f.add_category(c.attribute(e, "text"));
  for (pugi::xml_node sub = e.first_child(); sub; sub = sub.next_sibling())
    if (sub.type() == pugi::node_element && LowerCaseName(sub.name()).view() == "category")
      f.add_category(c.attribute(sub, "text"));
}

void atom_link(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (is_alternate_link(e) && f.link.wants(kSecondary)) offer_link(c, e, f.link, kSecondary, c.attribute(e, "href"));
}
void atom_author(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (f.author.wants(kFallback)) f.author.offer(kFallback, atom_person_name(c, e));
}
void atom_published(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kFallback, c.text(e)); }
void atom_updated(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.updated, kFallback, c.text(e)); }

constexpr ElementRule kExtensionRules[] = {
    {Vocabulary::kDublinCore, "title", dc_title},
    {Vocabulary::kDublinCore, "creator", dc_creator},
    {Vocabulary::kDublinCore, "author", dc_creator},
    {Vocabulary::kDublinCore, "subject", dc_subject},
    {Vocabulary::kDublinCore, "date", dc_date},
    {Vocabulary::kDublinCore, "description", dc_description},
    {Vocabulary::kDublinCoreTerms, "issued", dcterms_issued},
    {Vocabulary::kDublinCoreTerms, "modified", dcterms_modified},
    {Vocabulary::kContent, "encoded", content_encoded},
    {Vocabulary::kXhtml, "body", xhtml_body},
    {Vocabulary::kMedia, "title", media_title},
    {Vocabulary::kMedia, "description", media_description},
    {Vocabulary::kMedia, "category", media_category},
    {Vocabulary::kMedia, "group", media_group},
    {Vocabulary::kMedia, "content", media_group},
    {Vocabulary::kItunes, "author", itunes_author},
    {Vocabulary::kItunes, "summary", itunes_summary},
    {Vocabulary::kItunes, "category", itunes_category},
    {Vocabulary::kAtom, "link", atom_link},
    {Vocabulary::kAtom, "author", atom_author},
    {Vocabulary::kAtom, "published", atom_published},
    {Vocabulary::kAtom, "updated", atom_updated},
};

// The media elements a <media:group> or <media:content> holds; groups inside
// groups are not followed (no recursion on hostile nesting).
constexpr ElementRule kMediaGroupRules[] = {
    {Vocabulary::kMedia, "title", media_title},
    {Vocabulary::kMedia, "description", media_description},
    {Vocabulary::kMedia, "category", media_category},
};

void media_group(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  NamespaceScope scope = c.scope(e);
  for (pugi::xml_node child = e.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element) apply_rule(kMediaGroupRules, scope.classify(child), c, child, f);
}

}  // namespace

bool apply_rule(std::span<const ElementRule> rules, const ElementName& name, XmlFeedContext& context,
                pugi::xml_node element, EntryFields& fields) {
  LowerCaseName lower(name.local_name);
  for (const ElementRule& rule : rules) {
    if (rule.vocabulary == name.vocabulary && rule.name == lower.view()) {
      rule.handler(context, element, fields);
      return true;
    }
  }
  return false;
}

bool apply_extension_rule(const ElementName& name, XmlFeedContext& context, pugi::xml_node element,
                          EntryFields& fields) {
  return apply_rule(kExtensionRules, name, context, element, fields);
}

void offer_date(Ranked<UnixSeconds>& field, int rank, const std::string& text) {
  if (!field.wants(rank) || text.empty()) return;
  if (std::optional<UnixSeconds> seconds = parse_date(text)) field.offer(rank, *seconds);
}

void offer_text(XmlFeedContext& context, pugi::xml_node element, Ranked<std::string>& field, int rank,
                Markup markup) {
  if (field.wants(rank)) field.offer(rank, context.construct(element, markup));
}

void offer_link(XmlFeedContext& context, pugi::xml_node element, Ranked<std::string>& field, int rank,
                std::string link) {
  if (!field.wants(rank) || link.empty()) return;
  field.offer(rank, context.absolute_link(element, std::move(link)));
}

std::string atom_person_name(XmlFeedContext& context, pugi::xml_node person) {
  std::string email;
  for (pugi::xml_node child = person.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    LowerCaseName name(child.name());
    if (name.view() == "name") return context.construct(child, Markup::kText);
    if (name.view() == "email") email = context.text(child);
  }
  return email.empty() ? context.construct(person, Markup::kText) : email;
}

bool is_alternate_link(pugi::xml_node link) {
  std::string_view rel = link.attribute("rel").value();
  return rel.empty() || rel == "alternate";
}

}  // namespace feedwatch::feed
