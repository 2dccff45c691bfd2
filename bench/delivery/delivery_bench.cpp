// delivery_bench: alert delivery throughput and latency through the real
// path — alerts committed to a SQLite outbox by a producer thread (as the
// processing pool does), drained by the DeliveryService into a
// WebhookNotifier (libcurl multi on the loop) posting to a loopback webhook
// receiver — against a baseline posting the same bodies one at a time with
// blocking curl_easy_perform. "Match" is the instant the alert's transaction
// commits to the outbox (steady clock, in process); "receipt" is when the
// receiver has read the whole request. Usage: delivery_bench [--alerts N] [--quick]
#include <curl/curl.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/notify/delivery_service.h"
#include "daemon/notify/webhook_notifier.h"
#include "daemon/notify/webhook_signature.h"
#include "daemon/state/state_store.h"
#include "daemon/state/transaction.h"
#include "tests/support/webhook_receiver.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
using feedwatch::test::WebhookReceiver;

constexpr int kBatch = 50;  // alerts per commit, like one feed's new entries
constexpr const char* kSecret = "bench-secret";

std::string payload_for(int index, const std::string& alert_id) {
  return R"({"version":1,"alert_id":")" + alert_id +
         R"(","rule":"chip-export-controls","severity":"high","matched":["export controls","nvidia"],)"
         R"("feed":{"url":"https://news.example/rss","title":"Example News"},)"
         R"("entry":{"id":"https://news.example/a/)" + std::to_string(index) +
         R"(","link":"https://news.example/a/)" + std::to_string(index) +
         R"(","title":"US widens export controls on AI chips, part )" + std::to_string(index) +
         R"(","published":"2026-01-02T03:04:05Z","author":null,"categories":["policy"],)"
         R"("summary":"The Commerce Department said on Tuesday that the rules now cover more accelerators and the equipment used to make them."},)"
         R"("also_in":[],"detected_at":"2026-01-02T03:05:00Z"})";
}

std::string alert_id_for(int index) {
  char id[32];
  std::snprintf(id, sizeof id, "fw-bench%012d", index);
  return id;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Run {
  double seconds = 0;
  std::vector<double> latencies_ms;
};

// The real path: producer thread → outbox → DeliveryService → WebhookNotifier.
Run run_feedwatch(const fs::path& folder, int alerts) {
  WebhookReceiver receiver;
  receiver.set_secret(kSecret);
  auto store = feedwatch::state::StateStore::open(folder / "bench.db");
  if (!store.ok()) throw std::runtime_error(store.status().message());
  boost::asio::io_context loop;
  feedwatch::config::WebhookSettings settings;
  settings.url = receiver.url("/hook");
  settings.secret = kSecret;
  feedwatch::notify::NotifierSet notifiers;
  notifiers.available.emplace(
      "hook", std::make_unique<feedwatch::notify::WebhookNotifier>(loop, "hook", settings, 10s));
  feedwatch::notify::DeliveryOptions options;
  options.retry = {1s, 4s, 1h};
  feedwatch::notify::DeliveryService service(loop, store.value().outbox(), std::move(notifiers), options);
  service.start();

  std::mutex mutex;
  std::map<std::string, Clock::time_point> committed_at;
  auto started = Clock::now();
  std::thread producer([&] {
    auto writer = feedwatch::state::StateStore::open(folder / "bench.db");
    if (!writer.ok()) std::abort();
    auto now = static_cast<feedwatch::state::UnixSeconds>(std::time(nullptr));
    for (int first = 0; first < alerts; first += kBatch) {
      auto transaction = feedwatch::state::Transaction::begin(writer.value().connection());
      if (!transaction.ok()) std::abort();
      std::vector<std::string> ids;
      for (int i = first; i < std::min(alerts, first + kBatch); ++i) {
        feedwatch::state::NewAlert alert{alert_id_for(i), "chip-export-controls",
                                         "story-" + std::to_string(i), payload_for(i, alert_id_for(i)),
                                         {"hook"}};
        if (!writer.value().outbox().enqueue(alert, now).ok()) std::abort();
        ids.push_back(alert.alert_id);
      }
      if (!transaction.value().commit().ok()) std::abort();
      auto at = Clock::now();
      {
        std::lock_guard lock(mutex);
        for (const auto& id : ids) committed_at[id] = at;
      }
      boost::asio::post(loop, [&service] { service.poke(); });
    }
  });
  auto deadline = Clock::now() + 300s;
  while (Clock::now() < deadline) {
    loop.run_for(10ms);
    auto counters = service.counters();
    if (counters["hook"].delivered >= static_cast<std::uint64_t>(alerts)) break;
  }
  auto finished = Clock::now();
  producer.join();

  Run run;
  run.seconds = std::chrono::duration<double>(finished - started).count();
  std::map<std::string, Clock::time_point> first_receipt;
  std::size_t bad_signatures = 0;
  for (const auto& request : receiver.requests()) {
    first_receipt.emplace(request.header("idempotency-key"), request.received_at);
    bad_signatures += request.signature_valid != std::optional<bool>(true);
  }
  for (const auto& [id, at] : committed_at) {
    auto receipt = first_receipt.find(id);
    if (receipt == first_receipt.end()) continue;
    run.latencies_ms.push_back(std::chrono::duration<double, std::milli>(receipt->second - at).count());
  }
  if (first_receipt.size() != static_cast<std::size_t>(alerts) || bad_signatures != 0) {
    std::cerr << "delivery_bench: received " << first_receipt.size() << " of " << alerts
              << " alerts, " << bad_signatures << " bad signatures\n";
    std::exit(1);
  }
  return run;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// Baseline: the same signed bodies, one blocking curl_easy_perform at a time
// on one reused handle (keep-alive), no outbox. Latency here is per request.
Run run_baseline(int alerts) {
  WebhookReceiver receiver;
  CURL* handle = curl_easy_init();
  std::string url = receiver.url("/hook");
  Run run;
  auto started = Clock::now();
  for (int i = 0; i < alerts; ++i) {
    std::string body = payload_for(i, alert_id_for(i));
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, ("Idempotency-Key: " + alert_id_for(i)).c_str());
    headers = curl_slist_append(headers, (std::string(feedwatch::notify::kSignatureHeader) + ": " +
                                          feedwatch::notify::webhook_signature(kSecret, body)).c_str());
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &discard);
    auto before = Clock::now();
    CURLcode code = curl_easy_perform(handle);
    run.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
      std::cerr << "delivery_bench: baseline POST failed: " << curl_easy_strerror(code) << "\n";
      std::exit(1);
    }
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  curl_easy_cleanup(handle);
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  int alerts = 10000;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "--quick") alerts = 500;
    else if (argument == "--alerts" && i + 1 < argc) alerts = std::atoi(argv[++i]);
    else {
      std::cerr << "usage: delivery_bench [--alerts N] [--quick]\n";
      return 2;
    }
  }
  if (alerts <= 0) return 2;
  // The daemon logs each delivery at info; a terminal would set the pace.
  spdlog::set_level(spdlog::level::warn);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::string pattern = (fs::temp_directory_path() / "fw-delivery-bench-XXXXXX").string();
  fs::path folder = ::mkdtemp(pattern.data());

  Run feedwatch_run = run_feedwatch(folder, alerts);
  long rss_after_feedwatch = peak_rss_kib();
  Run baseline = run_baseline(alerts);
  fs::remove_all(folder);

  double feedwatch_rate = alerts / feedwatch_run.seconds;
  double baseline_rate = alerts / baseline.seconds;
  std::printf("alerts: %d (committed in batches of %d by a producer thread, then delivered)\n", alerts, kBatch);
  std::printf("feedwatch (outbox -> DeliveryService -> WebhookNotifier, %zu in flight): %.0f alerts/s, "
              "%.2f s; match-to-receipt p50 %.1f ms, p99 %.1f ms\n",
              feedwatch::notify::WebhookNotifier::kConcurrency, feedwatch_rate, feedwatch_run.seconds,
              percentile(feedwatch_run.latencies_ms, 0.5), percentile(feedwatch_run.latencies_ms, 0.99));
  std::printf("baseline (blocking curl_easy_perform, one at a time, no outbox): %.0f alerts/s, %.2f s; "
              "per-request p50 %.2f ms, p99 %.2f ms\n",
              baseline_rate, baseline.seconds, percentile(baseline.latencies_ms, 0.5),
              percentile(baseline.latencies_ms, 0.99));
  std::printf("ratio feedwatch/baseline alerts/s: %.2f\n", feedwatch_rate / baseline_rate);
  std::printf("peak RSS: %.1f MiB (process, receiver included, after the feedwatch run)\n",
              rss_after_feedwatch / 1024.0);
  return 0;
}
