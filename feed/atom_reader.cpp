#include "feed/atom_reader.h"

#include "feed/element_rules.h"
#include "feed/entry_fields.h"

namespace feedwatch::feed {
namespace {

// The first alternate link wins; Atom 0.3 links may carry the URL as text.
void link(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (!is_alternate_link(e) || !f.link.wants(kPrimary)) return;
  std::string href = c.attribute(e, "href");
  if (href.empty()) href = c.text(e);
  offer_link(c, e, f.link, kPrimary, std::move(href));
}
void title(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.title, kPrimary, atom_markup(e)); }
void summary(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_text(c, e, f.summary, kPrimary, atom_markup(e)); }
// <content src="..."/> points elsewhere and holds no text of its own.
void content(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (!e.attribute("src")) offer_text(c, e, f.content, kPrimary, atom_markup(e));
}
void id(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { f.id.offer(kPrimary, c.text(e)); }
void author(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  if (f.author.wants(kPrimary)) f.author.offer(kPrimary, atom_person_name(c, e));
}
void category(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) {
  std::string term = c.attribute(e, "term");
  f.add_category(term.empty() ? c.construct(e, Markup::kText) : std::move(term));
}
void published(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kPrimary, c.text(e)); }
void issued(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kSecondary, c.text(e)); }
void created(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.published, kFallback, c.text(e)); }
void updated(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.updated, kPrimary, c.text(e)); }
void modified(XmlFeedContext& c, pugi::xml_node e, EntryFields& f) { offer_date(f.updated, kSecondary, c.text(e)); }

constexpr ElementRule kEntryRules[] = {
    {Vocabulary::kCore, "title", title},         {Vocabulary::kCore, "link", link},
    {Vocabulary::kCore, "id", id},               {Vocabulary::kCore, "summary", summary},
    {Vocabulary::kCore, "content", content},     {Vocabulary::kCore, "author", author},
    {Vocabulary::kCore, "category", category},   {Vocabulary::kCore, "published", published},
    {Vocabulary::kCore, "issued", issued},       {Vocabulary::kCore, "created", created},
    {Vocabulary::kCore, "updated", updated},     {Vocabulary::kCore, "modified", modified},
};

Entry read_entry(XmlFeedContext& context, pugi::xml_node entry, const NamespaceScope& feed_scope) {
  EntryFields fields = context.admission().entry_fields();
  NamespaceScope scope(entry, feed_scope);
  for (pugi::xml_node child = entry.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    ElementName name = scope.classify(child);
    // Atom elements under another Atom namespace URI are still Atom here.
    if (name.vocabulary == Vocabulary::kAtom) name.vocabulary = Vocabulary::kCore;
    if (name.vocabulary == Vocabulary::kCore) apply_rule(kEntryRules, name, context, child, fields);
    else apply_extension_rule(name, context, child, fields);
  }
  return context.admission().finish(fields);
}

// xml:lang of the feed element (or inherited from nothing: Atom has no
// <language> of its own, though some feeds add one).
std::optional<std::string> feed_language(XmlFeedContext& context, pugi::xml_node root) {
  std::string language = context.attribute(root, "xml:lang");
  if (!language.empty()) return language;
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && LowerCaseName(child.name()).view() == "language")
      return context.text(child);
  return std::nullopt;
}

void read_head(XmlFeedContext& context, pugi::xml_node root, Feed& feed) {
  EntryFields head;
  NamespaceScope scope = context.scope(root);
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    ElementName name = scope.classify(child);
    LowerCaseName lower(name.local_name);
    bool atom = name.vocabulary == Vocabulary::kCore || name.vocabulary == Vocabulary::kAtom;
    if (atom && lower.view() == "title") title(context, child, head);
    else if (atom && lower.view() == "link") link(context, child, head);
    else if (name.vocabulary == Vocabulary::kDublinCore && lower.view() == "title")
      offer_text(context, child, head.title, kSecondary, Markup::kText);
  }
  feed.title = head.title.take();
  feed.link = head.link.take();
  feed.language = feed_language(context, root);
}

}  // namespace

std::string_view atom_format(pugi::xml_node root, std::string_view root_namespace) {
  if (LowerCaseName(root.name()).view() != "feed") return {};
  if (root_namespace == kAtom03Namespace || std::string_view(root.attribute("version").value()) == "0.3")
    return "atom0.3";
  return "atom1.0";
}

void read_atom(pugi::xml_node root, XmlFeedContext& context, Feed& feed) {
  read_head(context, root, feed);
  const NamespaceScope feed_scope = context.scope(root);
  for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && LowerCaseName(child.name()).view() == "entry" &&
        !context.is_unfinished(child) && context.admission().admit_entry())
      feed.entries.push_back(read_entry(context, child, feed_scope));
}

}  // namespace feedwatch::feed
