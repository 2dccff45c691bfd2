#include "rules/yaml_alias_budget.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace feedwatch::rules {
namespace {

// The size of a node with its aliases written out.
struct Size {
  std::size_t values = 0;
  std::size_t bytes = 0;

  Size& operator+=(const Size& other) {
    values += other.values;
    bytes += other.bytes;
    return *this;
  }
};

// Sizes every anchored node as its events go by, and adds an anchored
// node's size to the running total each time an alias names it. Once a
// problem is found the remaining events are ignored.
class AliasCounter : public YAML::EventHandler {
 public:
  explicit AliasCounter(const AliasBudget& budget) : budget_(budget) {}

  std::optional<AliasProblem> problem() const { return problem_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { close_leaf(anchor, Size{1, 0}); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    close_leaf(anchor, Size{1, value.size()});
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnMapEnd() override { close(); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (problem_) return;
    if (open_anchors_.count(anchor)) return report(mark, "the alias *" + name_of(anchor) +
                                                             " names a node that contains it, so it never ends");
    Size size = closed_[anchor];  // yaml-cpp has already refused an undefined anchor
    expanded_ += size;
    if (expanded_.values > budget_.values || expanded_.bytes > budget_.bytes) return report_over_budget(mark, anchor, size);
    add_to_parent(size);
  }

 private:
  struct OpenNode {
    YAML::anchor_t anchor;
    Size size;
  };

  void open(YAML::anchor_t anchor) {
    if (problem_) return;
    remember_name(anchor);
    if (anchor != YAML::NullAnchor) open_anchors_.insert(anchor);
    open_.push_back(OpenNode{anchor, Size{1, 0}});
  }

  void close() {
    if (problem_ || open_.empty()) return;
    OpenNode node = open_.back();
    open_.pop_back();
    open_anchors_.erase(node.anchor);
    record(node.anchor, node.size);
  }

  void close_leaf(YAML::anchor_t anchor, Size size) {
    if (problem_) return;
    remember_name(anchor);
    record(anchor, size);
  }

  void record(YAML::anchor_t anchor, Size size) {
    if (anchor != YAML::NullAnchor) closed_[anchor] = size;
    add_to_parent(size);
  }

  void add_to_parent(Size size) {
    if (!open_.empty()) open_.back().size += size;
  }

  // yaml-cpp reports an anchor's name just before the node it marks.
  void remember_name(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor && !pending_name_.empty()) names_[anchor] = pending_name_;
    pending_name_.clear();
  }

  std::string name_of(YAML::anchor_t anchor) const {
    auto found = names_.find(anchor);
    return found == names_.end() ? std::string("?") : found->second;
  }

  void report_over_budget(const YAML::Mark& mark, YAML::anchor_t anchor, Size size) {
    report(mark, "aliases expand to more than " + std::to_string(budget_.values) + " values or " +
                     std::to_string(budget_.bytes >> 20) + " MiB of text by here (*" + name_of(anchor) +
                     " stands for " + std::to_string(size.values) + " values, " + std::to_string(size.bytes) +
                     " bytes, each time it is used); write the values out where they are needed, "
                     "or name fewer of them through aliases");
  }

  void report(const YAML::Mark& mark, std::string message) { problem_ = AliasProblem{mark, std::move(message)}; }

  const AliasBudget& budget_;
  std::vector<OpenNode> open_;
  std::unordered_set<YAML::anchor_t> open_anchors_;
  std::unordered_map<YAML::anchor_t, Size> closed_;
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::string pending_name_;
  Size expanded_;
  std::optional<AliasProblem> problem_;
};

}  // namespace

std::optional<AliasProblem> find_alias_amplification(std::string_view text, const AliasBudget& budget) {
  std::istringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  AliasCounter counter(budget);
  parser.HandleNextDocument(counter);
  return counter.problem();
}

}  // namespace feedwatch::rules
