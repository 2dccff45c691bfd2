#include "feed/xml_tree_budget.h"

#include <cassert>
#include <cstdlib>

#include <pugixml.hpp>

namespace feedwatch::feed {
namespace {

// The calling thread's budget while an XmlTreeBudget lives.
struct ThreadBudget {
  bool active = false;
  bool exhausted = false;
  std::size_t remaining = 0;
};

thread_local ThreadBudget thread_budget;

void* allocate(std::size_t size) {
  ThreadBudget& budget = thread_budget;
  if (budget.active) {
    if (size > budget.remaining) {
      budget.exhausted = true;
      return nullptr;
    }
    budget.remaining -= size;
  }
  return std::malloc(size);
}

void deallocate(void* pointer) { std::free(pointer); }

// pugixml's own defaults are malloc and free, so a tree allocated before
// this runs is freed correctly either way. Installed during static
// initialization, before any thread can be using pugixml.
[[maybe_unused]] const bool kInstalled = [] {
  pugi::set_memory_management_functions(allocate, deallocate);
  return true;
}();

}  // namespace

XmlTreeBudget::XmlTreeBudget(std::size_t bytes) {
  assert(!thread_budget.active);
  thread_budget = {true, false, bytes};
}

XmlTreeBudget::~XmlTreeBudget() { thread_budget = {}; }

bool XmlTreeBudget::exhausted() const { return thread_budget.exhausted; }

}  // namespace feedwatch::feed
