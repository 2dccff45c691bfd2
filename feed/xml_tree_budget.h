// Bounds the memory pugixml may allocate for the tree of one document, so a
// document of tiny elements (`<a/>x<a/>x...`: 64 bytes a node for every two
// or three bytes of text) cannot cost twenty times its size. pugixml takes
// its allocation functions process-wide; this file installs ones that charge
// the calling thread's active budget, if any (a thread without one, such as
// one reading OPML, allocates as before). A parse that meets the limit stops
// there with pugi::status_out_of_memory, keeping the tree built so far.
#pragma once

#include <cstddef>

namespace feedwatch::feed {

// Active on the constructing thread until destroyed; not nestable.
class XmlTreeBudget {
 public:
  explicit XmlTreeBudget(std::size_t bytes);
  ~XmlTreeBudget();
  XmlTreeBudget(const XmlTreeBudget&) = delete;
  XmlTreeBudget& operator=(const XmlTreeBudget&) = delete;

  // Whether an allocation was refused.
  bool exhausted() const;
};

}  // namespace feedwatch::feed
