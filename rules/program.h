// Evaluates a rule's postfix boolean program (rule_compiler.h) given the
// truth of each leaf, stopping as soon as the result is known: an AND stops
// at its first false child, an OR at its first true one. Header-only so the
// compiler and the matcher share it; pure, so thread-safe.
#pragma once

#include <cstdint>

#include "rules/rule_compiler.h"

namespace feedwatch::rules {

inline bool is_operator(const Instruction& instruction) {
  return instruction.op == OpCode::kAnd || instruction.op == OpCode::kOr || instruction.op == OpCode::kNot;
}

// How many instructions the subtree whose root is `instruction` spans; the
// subtree ends at its root. The root's previous sibling ends just before it.
inline std::uint32_t subtree_size(const Instruction& instruction) {
  return is_operator(instruction) ? instruction.key : 1;
}

// The truth of the subtree whose root is code[root]. Children are visited
// last first (the postfix order read backwards); the result does not depend
// on the order. leaf_value(const Instruction&) -> bool answers for kTerm,
// kNear and kRegex.
template <typename LeafValue>
bool evaluate_subtree(const Instruction* code, std::uint32_t root, LeafValue& leaf_value) {
  const Instruction& node = code[root];
  switch (node.op) {
    case OpCode::kAnd:
    case OpCode::kOr: {
      bool decisive = node.op == OpCode::kOr;  // the child value that settles the result
      std::uint32_t child = root - 1;
      for (std::uint32_t n = 0; n < node.operand; ++n) {
        // Most children are leaves: test them here rather than through a call.
        const Instruction& next = code[child];
        bool value = is_operator(next) ? evaluate_subtree(code, child, leaf_value) : leaf_value(next);
        if (value == decisive) return decisive;
        child -= subtree_size(next);
      }
      return !decisive;
    }
    case OpCode::kNot:
      return !evaluate_subtree(code, root - 1, leaf_value);
    default:
      return leaf_value(node);
  }
}

template <typename LeafValue>
bool evaluate_program(Program program, LeafValue&& leaf_value) {
  if (program.empty()) return false;
  return evaluate_subtree(program.data(), static_cast<std::uint32_t>(program.size() - 1), leaf_value);
}

}  // namespace feedwatch::rules
