#include "daemon/fetch/fetch_admission.h"

#include <catch2/catch.hpp>
#include <vector>

using feedwatch::fetch::FetchAdmission;

namespace {

std::vector<FetchAdmission::Id> admit_all(FetchAdmission& admission) {
  std::vector<FetchAdmission::Id> admitted;
  while (auto id = admission.admit()) admitted.push_back(*id);
  return admitted;
}

}  // namespace

TEST_CASE("No more than per_host fetches run for one host, in FIFO order", "[fetch]") {
  FetchAdmission admission(10, 2);
  for (FetchAdmission::Id id = 1; id <= 5; ++id) admission.enqueue(id, "a.example");
  CHECK(admit_all(admission) == std::vector<FetchAdmission::Id>{1, 2});
  admission.finish("a.example");
  CHECK(admit_all(admission) == std::vector<FetchAdmission::Id>{3});
  CHECK(admission.running() == 2);
  CHECK(admission.queued() == 2);
}

TEST_CASE("No more than concurrency fetches run in all", "[fetch]") {
  FetchAdmission admission(3, 2);
  for (FetchAdmission::Id id = 1; id <= 6; ++id) admission.enqueue(id, "host" + std::to_string(id));
  CHECK(admit_all(admission).size() == 3);
  admission.finish("host1");
  CHECK(admit_all(admission) == std::vector<FetchAdmission::Id>{4});
}

TEST_CASE("Hosts take turns, so a host with many feeds does not starve the others", "[fetch]") {
  FetchAdmission admission(1, 1);
  for (FetchAdmission::Id id = 1; id <= 3; ++id) admission.enqueue(id, "busy.example");
  admission.enqueue(10, "quiet.example");
  std::vector<FetchAdmission::Id> order;
  for (int step = 0; step < 4; ++step) {
    auto id = admission.admit();
    REQUIRE(id);
    order.push_back(*id);
    admission.finish(*id == 10 ? "quiet.example" : "busy.example");
  }
  CHECK(order == std::vector<FetchAdmission::Id>{1, 10, 2, 3});
}

TEST_CASE("file URLs, which have no host, are limited only by concurrency", "[fetch]") {
  FetchAdmission admission(4, 1);
  for (FetchAdmission::Id id = 1; id <= 6; ++id) admission.enqueue(id, "");
  CHECK(admit_all(admission).size() == 4);
}

TEST_CASE("Clearing the queue keeps running fetches counted", "[fetch]") {
  FetchAdmission admission(1, 1);
  admission.enqueue(1, "a");
  admission.enqueue(2, "a");
  REQUIRE(admission.admit() == FetchAdmission::Id{1});
  admission.clear_queue();
  CHECK(admission.queued() == 0);
  CHECK(admission.running() == 1);
  admission.finish("a");
  CHECK_FALSE(admission.admit());
  CHECK(admission.running() == 0);
}
