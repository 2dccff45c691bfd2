// Status and Result<T>: how the state store reports expected failures (a row
// that is not there, a conflicting write, a schema from a newer feedwatch, an
// SQLite error) as values instead of exceptions. Plain values; no sharing.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace feedwatch::state {

enum class StatusCode {
  kOk,
  kNotFound,            // what the call names does not exist (a delivery, a folder)
  kConflict,            // the write contradicts what is stored (a reused alert id, a constraint)
  kIncompatibleSchema,  // the database was written by a newer feedwatch
  kDatabaseError,       // SQLite failed: I/O, a full disk, corruption, busy past the timeout
  kFileChanged,         // the database file was deleted or replaced while it was open
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != StatusCode::kOk);
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Names the database, feed, alert or notifier concerned; empty on success.
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status saying why there is none. REQUIRES for value(): ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : outcome_(std::in_place_index<0>, std::move(value)) {}
  Result(Status error) : outcome_(std::in_place_index<1>, std::move(error)) {
    assert(!std::get<1>(outcome_).ok());
  }

  bool ok() const { return outcome_.index() == 0; }
  T& value() & { return std::get<0>(outcome_); }
  const T& value() const& { return std::get<0>(outcome_); }
  // By value, so `for (auto& x : f().value())` does not dangle.
  T value() && { return std::get<0>(std::move(outcome_)); }
  Status status() const { return ok() ? Status() : std::get<1>(outcome_); }

 private:
  std::variant<T, Status> outcome_;
};

}  // namespace feedwatch::state
