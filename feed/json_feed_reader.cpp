#include "feed/json_feed_reader.h"

#include <nlohmann/json.hpp>

#include "feed/date_parser.h"
#include "feed/entry_admission.h"
#include "feed/entry_fields.h"
#include "feed/html_text.h"
#include "feed/json_escapes.h"
#include "feed/json_feed_document.h"
#include "feed/url_resolver.h"

namespace feedwatch::feed {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kVersionPrefix = "https://jsonfeed.org/version/";

std::optional<std::string> string_member(const Json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end()) return std::nullopt;
  if (found->is_string()) return found->get<std::string>();
  if (found->is_number_integer()) return std::to_string(found->get<long long>());
  return std::nullopt;
}

std::optional<std::string> plain_text(const std::optional<std::string>& text, bool is_html) {
  if (!text) return std::nullopt;
  TextBuilder builder;
  append_html_text(*text, builder, is_html ? EntityHandling::kDecode : EntityHandling::kKeep);
  return builder.take();
}

std::optional<UnixSeconds> date_member(const Json& item, const char* key) {
  std::optional<std::string> text = string_member(item, key);
  return text ? parse_date(*text) : std::nullopt;
}

// 1.1 has "authors": [{"name"}]; 1.0 has "author": {"name"}.
std::optional<std::string> author_name(const Json& item) {
  auto authors = item.find("authors");
  if (authors != item.end() && authors->is_array() && !authors->empty() && authors->front().is_object())
    return string_member(authors->front(), "name");
  auto author = item.find("author");
  if (author != item.end() && author->is_object()) return string_member(*author, "name");
  return std::nullopt;
}

void read_tags(const Json& item, Entry& entry) {
  auto tags = item.find("tags");
  if (tags == item.end() || !tags->is_array()) return;
  for (const Json& tag : *tags)
    if (tag.is_string() && !tag.get<std::string>().empty()) entry.categories.push_back(tag.get<std::string>());
}

class JsonFeedReader {
 public:
  explicit JsonFeedReader(const Document& document) : base_(document.url) {}

  Feed read(const Json& root, std::string_view format) {
    Feed feed;
    feed.format = std::string(format);
    feed.title = plain_text(string_member(root, "title"), false);
    if (auto home = string_member(root, "home_page_url")) feed.link = absolute(*home);
    feed.language = string_member(root, "language");
    if (auto feed_url = string_member(root, "feed_url")) base_ = resolver_.resolve(base_, *feed_url);
    auto items = root.find("items");
    if (items != root.end() && items->is_array())
      for (const Json& item : *items)
        if (item.is_object()) feed.entries.push_back(read_item(item));
    return feed;
  }

 private:
  Entry read_item(const Json& item) {
    EntryFields fields;
    if (auto id = string_member(item, "id")) fields.id.offer(kPrimary, *id);
    if (auto url = string_member(item, "url")) fields.link.offer(kPrimary, absolute(*url));
    if (auto url = string_member(item, "external_url")) fields.link.offer(kFallback, absolute(*url));
    if (auto title = plain_text(string_member(item, "title"), false)) fields.title.offer(kPrimary, *title);
    if (auto summary = plain_text(string_member(item, "summary"), false)) fields.summary.offer(kPrimary, *summary);
    if (auto text = plain_text(string_member(item, "content_text"), false)) fields.content.offer(kPrimary, *text);
    if (auto html = plain_text(string_member(item, "content_html"), true)) fields.content.offer(kSecondary, *html);
    if (auto date = date_member(item, "date_published")) fields.published.offer(kPrimary, *date);
    if (auto date = date_member(item, "date_modified")) fields.updated.offer(kPrimary, *date);
    if (auto author = author_name(item)) fields.author.offer(kPrimary, *author);
    Entry entry = fields.finish();
    read_tags(item, entry);
    return entry;
  }

  std::string absolute(const std::string& link) { return resolver_.resolve(base_, link); }

  std::string base_;
  UrlResolver resolver_;
};

}  // namespace

ParseResult read_json_feed(std::string& text, const Document& document, const ParseLimits& limits) {
  replace_lone_surrogate_escapes(text);
  EntryAdmission admission(limits);
  std::optional<Json> root = read_json_feed_document(text, admission);
  if (!root) return ParseFailure{"not a feed: the document is neither XML nor valid JSON"};
  std::optional<std::string> version = root->is_object() ? string_member(*root, "version") : std::nullopt;
  if (!version || !version->starts_with(kVersionPrefix))
    return ParseFailure{"not a feed: JSON without a JSON Feed \"version\" (https://jsonfeed.org/version/1.1)"};
  std::string_view format = version->ends_with("/1.1") ? "json1.1" : "json1.0";
  Feed feed = JsonFeedReader(document).read(*root, format);
  admission.report(feed);
  return feed;
}

}  // namespace feedwatch::feed
