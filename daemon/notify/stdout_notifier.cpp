#include "daemon/notify/stdout_notifier.h"

#include <unistd.h>

#include <cstring>
#include <utility>

#include "daemon/notify/file_descriptor.h"
#include "daemon/notify/json_line.h"

namespace feedwatch::notify {
namespace {

DeliveryOutcome write_line(const std::string& notifier, const std::string& line) {
  int error = write_fully(STDOUT_FILENO, line);
  if (error == 0) return DeliveryOutcome::success("notifier " + notifier + ": written to stdout");
  // Transient: whoever redirected stdout may fix it, and nothing is lost.
  return DeliveryOutcome::transient("notifier " + notifier +
                                    ": cannot write to stdout: " + std::strerror(error) +
                                    "; check where the daemon's standard output goes");
}

}  // namespace

StdoutNotifier::StdoutNotifier(boost::asio::io_context& loop, std::string name,
                               std::chrono::milliseconds timeout)
    : name_(std::move(name)), timeout_(timeout), worker_(loop) {}

void StdoutNotifier::deliver(const AlertDelivery& alert, Completion on_done) {
  DeliveryOutcome timed_out = DeliveryOutcome::transient(
      "notifier " + name_ +
      ": stdout did not take the alert within the timeout; is its reader "
      "stuck?");
  worker_.run(
      [name = name_, line = to_json_line(alert.payload_json)] { return write_line(name, line); },
      timeout_, std::move(timed_out), std::move(on_done));
}

}  // namespace feedwatch::notify
