// A value-or-error result for the rule engine, standing in for C++23's
// std::expected: expected failures (a bad query, a bad rule file) are values,
// never exceptions. A plain value type; thread-safety as for its members.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace feedwatch::rules {

// Wraps an error so that Expected<T, E> can be built from it even when T and E
// are the same type.
template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<E> make_unexpected(E error) {
  return Unexpected<E>{std::move(error)};
}

template <typename T, typename E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> error) : state_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // REQUIRES: has_value().
  T& value() & { assert(has_value()); return std::get<0>(state_); }
  const T& value() const& { assert(has_value()); return std::get<0>(state_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !has_value().
  const E& error() const { assert(!has_value()); return std::get<1>(state_); }
  E& error() { assert(!has_value()); return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace feedwatch::rules
