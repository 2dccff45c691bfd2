#include "daemon/cli/run_command.h"

#include <boost/asio.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "daemon/config/config_loader.h"
#include "daemon/service/config_reloader.h"
#include "daemon/service/feed_service.h"
#include "daemon/service/http_endpoint.h"
#include "daemon/service/systemd_notifier.h"
#include "daemon/state/state_store.h"
#include "feed/feed_json.h"

namespace feedwatch::cli {
namespace {

namespace asio = boost::asio;
using service::ActiveConfiguration;

constexpr auto kStopDeadline = std::chrono::seconds(9);  // systemd's stop timeout is longer
constexpr auto kStatusEvery = std::chrono::seconds(30);

// Loads and validates everything a cycle needs. Logs nothing: on a reload
// it runs on the reloader's thread, which may outlive the logger.
service::PreparedConfiguration prepare(const std::string& config_path) {
  service::PreparedConfiguration prepared;
  auto loaded = config::load_config(config_path);
  for (const auto& error : loaded.errors) prepared.problems.push_back(error.to_string());
  if (!loaded.ok()) return prepared;
  auto rules = config::load_rule_set(loaded.config);
  prepared.problems.insert(prepared.problems.end(), rules.problems.begin(), rules.problems.end());
  if (!rules.problems.empty() || !rules.compiled) return prepared;
  prepared.active = std::make_shared<ActiveConfiguration>(
      ActiveConfiguration{std::move(loaded.config), std::move(rules)});
  return prepared;
}

// Prepares a configuration and logs every problem.
std::shared_ptr<const ActiveConfiguration> load_active(const std::string& config_path) {
  auto prepared = prepare(config_path);
  for (const auto& problem : prepared.problems) spdlog::error("{}", problem);
  return prepared.active;
}

// Logs go to stderr (stdout carries alerts for the stdout notifier); under
// systemd the journal stamps the time itself.
void set_up_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("feedwatch");
  logger->set_pattern(std::getenv("JOURNAL_STREAM") ? "%l: %v" : "%Y-%m-%dT%H:%M:%S %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

void add_state_readers(service::Metrics& metrics, state::StateStore& store) {
  auto outbox_samples = [&store](state::DeliveryState wanted) {
    std::vector<service::Sample> samples;
    auto counts = store.outbox().counts();
    if (!counts.ok()) return samples;
    for (const auto& count : counts.value()) {
      if (count.state != wanted) continue;
      samples.push_back({service::prometheus_label("notifier", count.notifier),
                         static_cast<double>(count.count)});
    }
    return samples;
  };
  metrics.add_reader("feedwatch_alerts_delivered_total", "Alerts delivered, per notifier.",
                     "counter", [=] { return outbox_samples(state::DeliveryState::kDelivered); });
  metrics.add_reader("feedwatch_alerts_failed_total", "Alerts given up on, per notifier.",
                     "counter", [=] { return outbox_samples(state::DeliveryState::kFailed); });
  metrics.add_reader("feedwatch_outbox_depth", "Alerts waiting for delivery, per notifier.",
                     "gauge", [=] { return outbox_samples(state::DeliveryState::kPending); });
  metrics.add_reader("feedwatch_feeds", "Configured feeds seen by the database, by state.", "gauge",
                     [&store] {
                       double ok = 0, failing = 0, disabled = 0;
                       if (auto feeds = store.feeds().load_all(); feeds.ok()) {
                         for (const auto& feed : feeds.value()) {
                           (feed.disabled() ? disabled : feed.consecutive_failures ? failing : ok) += 1;
                         }
                       }
                       return std::vector<service::Sample>{{"state=\"ok\"", ok},
                                                           {"state=\"failing\"", failing},
                                                           {"state=\"disabled\"", disabled}};
                     });
}

std::string status_line(const service::ServiceSnapshot& snapshot) {
  std::string line = std::to_string(snapshot.feeds) + " feeds (" +
                     std::to_string(snapshot.failing_feeds) + " failing), " +
                     std::to_string(snapshot.pending_deliveries) + " alerts pending";
  if (snapshot.last_cycle_unix > 0) {
    line += ", last fetch " + feed::format_rfc3339(snapshot.last_cycle_unix);
  }
  return line;
}

// Everything `feedwatch run` keeps alive on its loop.
class Daemon {
 public:
  Daemon(asio::io_context& loop, std::string config_path, service::FeedService& feeds)
      : loop_(loop),
        config_path_(std::move(config_path)),
        feeds_(feeds),
        reloader_(loop, [path = config_path_] { return prepare(path); },
                  [this](service::PreparedConfiguration prepared) { reloaded(std::move(prepared)); }),
        signals_(loop, SIGINT, SIGTERM, SIGHUP),
        status_timer_(loop),
        watchdog_timer_(loop),
        deadline_(loop) {}

  bool reload_in_progress() const { return reloader_.busy(); }

  void start() {
    feeds_.start();
    wait_for_signal();
    ping_watchdog();
    report_status();
    systemd_.ready(status_line(feeds_.snapshot()));
    spdlog::info("feedwatch running: {}", status_line(feeds_.snapshot()));
  }

 private:
  void wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        reload();
        return wait_for_signal();
      }
      stop(signal);
    });
  }

  // The new configuration is prepared off the loop (its rules may take
  // seconds to compile); the old one runs until reloaded() swaps it in.
  void reload() {
    systemd_.reloading();
    if (reloader_.busy()) {
      spdlog::info("SIGHUP: a reload is still being prepared; {} is read again after it", config_path_);
    } else {
      spdlog::info("SIGHUP: reloading {}", config_path_);
    }
    reloader_.request();
  }

  void reloaded(service::PreparedConfiguration prepared) {
    for (const auto& problem : prepared.problems) spdlog::error("{}", problem);
    if (prepared.active) {
      feeds_.reload(std::move(prepared.active));
    } else {
      spdlog::error("the new configuration is invalid (errors above); still running the old one");
    }
    systemd_.ready(status_line(feeds_.snapshot()));
  }

  void stop(int signal) {
    spdlog::info("{}: stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    systemd_.stopping();
    status_timer_.cancel();
    watchdog_timer_.cancel();
    deadline_.expires_after(kStopDeadline);
    deadline_.async_wait([this](boost::system::error_code error) {
      if (!error) loop_.stop();
    });
    feeds_.stop([this] { loop_.stop(); });
  }

  void ping_watchdog() {
    auto interval = systemd_.watchdog_interval();
    if (!interval) return;
    systemd_.watchdog_ping();
    watchdog_timer_.expires_after(*interval);
    watchdog_timer_.async_wait([this](boost::system::error_code error) {
      if (!error) ping_watchdog();
    });
  }

  void report_status() {
    systemd_.status(status_line(feeds_.snapshot()));
    status_timer_.expires_after(kStatusEvery);
    status_timer_.async_wait([this](boost::system::error_code error) {
      if (!error) report_status();
    });
  }

  asio::io_context& loop_;
  std::string config_path_;
  service::FeedService& feeds_;
  service::ConfigReloader reloader_;
  service::SystemdNotifier systemd_;
  asio::signal_set signals_;
  asio::steady_timer status_timer_;
  asio::steady_timer watchdog_timer_;
  asio::steady_timer deadline_;
};

service::HttpRoutes routes_for(service::Metrics& metrics, service::FeedService& feeds) {
  return {
      {"/metrics",
       [&metrics] {
         return service::HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                                      metrics.render_prometheus()};
       }},
      {"/healthz",
       [&feeds] {
         auto snapshot = feeds.snapshot();
         bool healthy = snapshot.running && snapshot.overdue_deliveries == 0;
         std::string body = healthy ? "ok: " : snapshot.running ? "outbox not draining: " : "stopping: ";
         return service::HttpResponse{healthy ? 200 : 503, "text/plain; charset=utf-8",
                                      body + status_line(snapshot) + "\n"};
       }},
  };
}

// `feedwatch run` or `once` until the loop stops; `reload_abandoned` says
// whether a reload was still being prepared then.
int run_daemon(const RunCommandOptions& options, bool* reload_abandoned) {
  set_up_logging("info");
  auto active = load_active(options.config_path);
  if (!active) {
    spdlog::error("the configuration is invalid (see above); `feedwatch check` lists every problem");
    return 1;
  }
  spdlog::set_level(spdlog::level::from_str(active->config.log_level));
  asio::io_context loop;
  service::Metrics metrics;
  auto created = service::FeedService::create(loop, active, metrics);
  if (auto* failure = std::get_if<std::string>(&created)) {
    spdlog::error("{}", *failure);
    return 1;
  }
  auto& feeds = *std::get<std::unique_ptr<service::FeedService>>(created);
  if (options.once) {
    // Workers post their results back to the loop; without this guard the
    // loop could run out of work (and return) while a body is processed.
    auto keep_running = asio::make_work_guard(loop);
    feeds.run_once(options.all_feeds, [&loop] { loop.stop(); });
    loop.run();
    return 0;
  }
  auto metrics_store = state::StateStore::open(active->config.state_path);
  if (!metrics_store.ok()) {
    spdlog::error("{}", metrics_store.status().message());
    return 1;
  }
  add_state_readers(metrics, metrics_store.value());
  std::unique_ptr<service::HttpEndpoint> endpoint;
  if (active->config.listen) {
    auto started = service::HttpEndpoint::start(loop, *active->config.listen, routes_for(metrics, feeds));
    if (auto* failure = std::get_if<std::string>(&started)) {
      spdlog::error("{} (the `listen` setting)", *failure);
      return 1;
    }
    endpoint = std::move(std::get<std::unique_ptr<service::HttpEndpoint>>(started));
    spdlog::info("serving /metrics and /healthz on {}", *active->config.listen);
  }
  Daemon daemon(loop, options.config_path, feeds);
  daemon.start();
  loop.run();
  *reload_abandoned = daemon.reload_in_progress();
  spdlog::info("stopped");
  return 0;
}

// A reload's thread may still be deep in Vectorscan's compiler: exiting the
// usual way would run static destructors under it. Everything of ours is
// closed by now; only the output buffers are left to flush.
[[noreturn]] void exit_leaving_reload_behind(int status) {
  spdlog::info("the reload still being prepared was abandoned");
  spdlog::shutdown();
  std::cout.flush();
  std::fflush(nullptr);
  std::quick_exit(status);
}

}  // namespace

int run_daemon_command(const RunCommandOptions& options) {
  bool reload_abandoned = false;
  int status = run_daemon(options, &reload_abandoned);
  if (reload_abandoned) exit_leaving_reload_behind(status);
  return status;
}

}  // namespace feedwatch::cli
