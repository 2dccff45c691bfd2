// What the state tests share: a store opened on a fresh file, failing the
// test (with SQLite's message) when it cannot be opened.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>

#include "daemon/state/state_store.h"
#include "tests/support/temporary_folder.h"

namespace feedwatch::state {

using feedwatch::testing::TemporaryFolder;

inline StateStore open_store(const std::filesystem::path& path) {
  Result<StateStore> store = StateStore::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

}  // namespace feedwatch::state
