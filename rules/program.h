// Evaluates a rule's postfix boolean program (rule_compiler.h) given the
// truth of each leaf. Header-only so the compiler and the matcher share it;
// thread-safe as long as each thread passes its own stack.
#pragma once

#include <cstdint>
#include <vector>

#include "rules/rule_compiler.h"

namespace feedwatch::rules {

// leaf_value(const Instruction&) -> bool answers for kTerm, kNear and kRegex.
template <typename LeafValue>
bool evaluate_program(Program program, std::vector<std::uint8_t>& stack, LeafValue&& leaf_value) {
  stack.clear();
  for (const Instruction& instruction : program) {
    switch (instruction.op) {
      case OpCode::kAnd:
      case OpCode::kOr: {
        bool is_and = instruction.op == OpCode::kAnd;
        bool result = is_and;
        for (std::uint32_t i = 0; i < instruction.operand; ++i) {
          bool value = stack.back() != 0;
          stack.pop_back();
          result = is_and ? (result && value) : (result || value);
        }
        stack.push_back(result ? 1 : 0);
        break;
      }
      case OpCode::kNot:
        stack.back() = stack.back() != 0 ? 0 : 1;
        break;
      default:
        stack.push_back(leaf_value(instruction) ? 1 : 0);
        break;
    }
  }
  return !stack.empty() && stack.back() != 0;
}

}  // namespace feedwatch::rules
