// nlohmann::json's callback parser could filter too, but each object it
// closes makes it scan the parent container for a discarded child: over an
// items array of a million objects that is quadratic. The SAX handler below
// builds the kept value itself and keeps no frame for a skipped container.
#include "feed/json_feed_document.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace feedwatch::feed {
namespace {

using Json = nlohmann::json;

// What a kept value is to the JSON Feed reader.
enum class Kind { kRoot, kItems, kItem, kAuthors, kAuthor, kTags, kScalar, kSkipped };

constexpr std::array<std::string_view, 5> kFeedScalars = {"version", "title", "home_page_url", "language",
                                                          "feed_url"};
constexpr std::array<std::string_view, 9> kItemScalars = {
    "id", "url", "external_url", "title", "summary", "content_text", "content_html", "date_published",
    "date_modified"};

bool is_one_of(std::string_view key, std::span<const std::string_view> names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

bool is_scalar(Json::value_t type) { return type != Json::value_t::object && type != Json::value_t::array; }

// A container being built: where it is, what it is, how many children so far.
struct Frame {
  Json* value;
  Kind kind;
  std::size_t children = 0;
  std::size_t dropped_tags = 0;
};

class FilteringBuilder : public nlohmann::json_sax<Json> {
 public:
  explicit FilteringBuilder(EntryAdmission& admission) : admission_(admission) {}

  Json take() { return std::move(root_); }

  bool null() override { return add(Json(nullptr)); }
  bool boolean(bool value) override { return add(Json(value)); }
  bool number_integer(number_integer_t value) override { return add(Json(value)); }
  bool number_unsigned(number_unsigned_t value) override { return add(Json(value)); }
  bool number_float(number_float_t value, const string_t&) override { return add(Json(value)); }
  bool string(string_t& value) override { return add(Json(std::move(value))); }
  bool binary(binary_t& value) override { return add(Json::binary(std::move(value))); }
  bool start_object(std::size_t) override { return open(Json::value_t::object); }
  bool start_array(std::size_t) override { return open(Json::value_t::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& key) override {
    if (skipped_depth_ == 0) key_ = std::move(key);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  // What a new child of the innermost kept container is, by its key or place.
  Kind child_kind(Frame& parent, Json::value_t type) {
    switch (parent.kind) {
      case Kind::kRoot: return feed_member_kind(type);
      case Kind::kItems:
        return type == Json::value_t::object && admission_.admit_entry() ? Kind::kItem : Kind::kSkipped;
      case Kind::kItem: return item_member_kind(type);
      case Kind::kAuthors:  // the reader names the first author only
        return parent.children == 0 && type == Json::value_t::object ? Kind::kAuthor : Kind::kSkipped;
      case Kind::kAuthor: return key_ == "name" && is_scalar(type) ? Kind::kScalar : Kind::kSkipped;
      case Kind::kTags: return tag_kind(parent, type);
      default: return Kind::kSkipped;
    }
  }

  Kind feed_member_kind(Json::value_t type) const {
    if (!frames_.front().value->is_object()) return Kind::kSkipped;  // not a feed: the reader says so
    if (key_ == "items") return type == Json::value_t::array ? Kind::kItems : Kind::kSkipped;
    return is_one_of(key_, kFeedScalars) && is_scalar(type) ? Kind::kScalar : Kind::kSkipped;
  }

  Kind item_member_kind(Json::value_t type) const {
    if (key_ == "authors") return type == Json::value_t::array ? Kind::kAuthors : Kind::kSkipped;
    if (key_ == "author") return type == Json::value_t::object ? Kind::kAuthor : Kind::kSkipped;
    if (key_ == "tags") return type == Json::value_t::array ? Kind::kTags : Kind::kSkipped;
    return is_one_of(key_, kItemScalars) && is_scalar(type) ? Kind::kScalar : Kind::kSkipped;
  }

  Kind tag_kind(Frame& tags, Json::value_t type) const {
    if (type != Json::value_t::string) return Kind::kSkipped;
    if (tags.value->size() < admission_.max_categories()) return Kind::kScalar;
    ++tags.dropped_tags;
    return Kind::kSkipped;
  }

  // Appends to the parent array or sets the parent's member key_.
  Json* insert(Frame& parent, Json value) {
    if (parent.value->is_array()) {
      parent.value->push_back(std::move(value));
      return &parent.value->back();
    }
    return &((*parent.value)[key_] = std::move(value));
  }

  bool add(Json value) {
    if (skipped_depth_ > 0) return true;
    if (frames_.empty()) {
      root_ = std::move(value);
      return true;
    }
    Frame& parent = frames_.back();
    if (child_kind(parent, value.type()) != Kind::kSkipped) insert(parent, std::move(value));
    ++parent.children;
    return true;
  }

  bool open(Json::value_t type) {
    if (skipped_depth_ > 0) {
      ++skipped_depth_;
      return true;
    }
    if (frames_.empty()) {
      root_ = Json(type);
      frames_.push_back({&root_, Kind::kRoot});
      return true;
    }
    Frame& parent = frames_.back();
    const Kind kind = child_kind(parent, type);
    ++parent.children;
    if (kind == Kind::kSkipped) {
      ++skipped_depth_;
      return true;
    }
    Json* value = insert(parent, Json(type));
    frames_.push_back({value, kind});
    return true;
  }

  bool close() {
    if (skipped_depth_ > 0) {
      --skipped_depth_;
      return true;
    }
    if (frames_.back().kind == Kind::kTags) admission_.count_dropped_categories(frames_.back().dropped_tags);
    frames_.pop_back();
    return true;
  }

  EntryAdmission& admission_;
  Json root_;
  std::vector<Frame> frames_;   // the kept containers from the root in
  std::size_t skipped_depth_ = 0;  // > 0: inside a container that is not kept
  std::string key_;              // the key of the value about to come
};

}  // namespace

std::optional<Json> read_json_feed_document(std::string_view text, EntryAdmission& admission) {
  FilteringBuilder builder(admission);
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) return std::nullopt;
  return builder.take();
}

}  // namespace feedwatch::feed
