// libcurl's multi-socket model, mapped onto Asio:
//  - CURLMOPT_SOCKETFUNCTION says "watch socket S for IN/OUT" or "forget S";
//    we keep one SocketWatch per socket and async_wait in the asked direction.
//  - CURLMOPT_TIMERFUNCTION says "call me back in N ms"; one steady_timer.
//  - When a wait or the timer completes we call curl_multi_socket_action and
//    then collect finished transfers with curl_multi_info_read.
// Asio's epoll reactor re-arms the descriptor (EPOLL_CTL_MOD) for every wait,
// so a socket that still holds unread data is reported again: the level-style
// readiness curl expects.
#include "daemon/fetch/curl_multi_driver.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/fetch/curl_handles.h"

namespace feedwatch::fetch {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

enum class Direction { read, write };

// One socket curl asked us to watch. The descriptor borrows curl's fd: it is
// released, never closed, because curl closes its own sockets.
struct SocketWatch {
  SocketWatch(asio::io_context& loop, curl_socket_t socket)
      : socket(socket), descriptor(loop, socket) {}
  ~SocketWatch() { descriptor.release(); }
  SocketWatch(const SocketWatch&) = delete;
  SocketWatch& operator=(const SocketWatch&) = delete;

  bool& waiting(Direction direction) {
    return direction == Direction::read ? waiting_to_read : waiting_to_write;
  }

  curl_socket_t socket;
  asio::posix::stream_descriptor descriptor;
  int wanted = CURL_POLL_NONE;  // what curl last asked for: IN, OUT or INOUT
  bool waiting_to_read = false;
  bool waiting_to_write = false;
  bool forgotten = false;  // curl said REMOVE; late completions must not reach curl
};

using WatchPointer = std::shared_ptr<SocketWatch>;

int poll_bit(Direction direction) {
  return direction == Direction::read ? CURL_POLL_IN : CURL_POLL_OUT;
}
int select_bit(Direction direction) {
  return direction == Direction::read ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
}

}  // namespace

class CurlMultiDriver::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& loop, Completion on_complete);
  ~Impl();

  bool add(CURL* handle) { return curl_multi_add_handle(multi_.get(), handle) == CURLM_OK; }
  void remove(CURL* handle) { curl_multi_remove_handle(multi_.get(), handle); }

 private:
  static int socket_callback(CURL*, curl_socket_t socket, int what, void* self, void* socket_data);
  static int timer_callback(CURLM*, long timeout_ms, void* self);

  int on_socket(curl_socket_t socket, int what, void* socket_data);
  int on_timer(long timeout_ms);
  WatchPointer watch_for(curl_socket_t socket, void* socket_data);
  void forget(curl_socket_t socket);
  void arm(const WatchPointer& watch);
  void wait(const WatchPointer& watch, Direction direction);
  void on_ready(const WatchPointer& watch, Direction direction, const error_code& error);
  void act(curl_socket_t socket, int events);
  void deliver_finished();

  asio::io_context& loop_;
  Completion on_complete_;
  asio::steady_timer timer_;
  std::unordered_map<curl_socket_t, WatchPointer> watches_;
  CurlMulti multi_;
};

CurlMultiDriver::Impl::Impl(asio::io_context& loop, Completion on_complete)
    : loop_(loop), on_complete_(std::move(on_complete)), timer_(loop) {
  ensure_curl_initialised();
  multi_.reset(curl_multi_init());
  if (!multi_) throw std::bad_alloc();
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &Impl::socket_callback);
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &Impl::timer_callback);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
}

CurlMultiDriver::Impl::~Impl() {
  // Cleanup may still call the socket callback (closing cached connections),
  // so it runs while every member is alive.
  multi_.reset();
  while (!watches_.empty()) forget(watches_.begin()->first);
  timer_.cancel();
}

int CurlMultiDriver::Impl::socket_callback(CURL*, curl_socket_t socket, int what, void* self,
                                           void* socket_data) {
  return static_cast<Impl*>(self)->on_socket(socket, what, socket_data);
}

int CurlMultiDriver::Impl::timer_callback(CURLM*, long timeout_ms, void* self) {
  return static_cast<Impl*>(self)->on_timer(timeout_ms);
}

int CurlMultiDriver::Impl::on_socket(curl_socket_t socket, int what, void* socket_data) {
  if (what == CURL_POLL_REMOVE) {
    forget(socket);
    return 0;
  }
  try {
    WatchPointer watch = watch_for(socket, socket_data);
    watch->wanted = what;
    arm(watch);
  } catch (const boost::system::system_error&) {
    // Asio could not register the descriptor. Returning -1 would kill the
    // whole multi handle; unwatched, the transfer ends at its own timeout.
  }
  return 0;
}

WatchPointer CurlMultiDriver::Impl::watch_for(curl_socket_t socket, void* socket_data) {
  auto found = watches_.find(socket);
  if (found != watches_.end() && found->second.get() == socket_data) return found->second;
  // curl passes no socket_data for a socket it has not reported before, so an
  // entry we still hold under this number is a closed socket whose number the
  // kernel gave out again: drop it before registering the new one.
  if (found != watches_.end()) forget(socket);
  auto watch = std::make_shared<SocketWatch>(loop_, socket);
  watches_.emplace(socket, watch);
  curl_multi_assign(multi_.get(), socket, watch.get());
  return watch;
}

void CurlMultiDriver::Impl::forget(curl_socket_t socket) {
  auto found = watches_.find(socket);
  if (found == watches_.end()) return;
  WatchPointer watch = std::move(found->second);
  watches_.erase(found);
  watch->forgotten = true;
  // release() deregisters from the reactor and aborts pending waits, but
  // leaves the fd open for curl to close.
  watch->descriptor.release();
}

void CurlMultiDriver::Impl::arm(const WatchPointer& watch) {
  // A wait curl no longer wants is left to complete and be ignored: Asio can
  // only cancel both directions at once.
  for (Direction direction : {Direction::read, Direction::write}) {
    if ((watch->wanted & poll_bit(direction)) && !watch->waiting(direction)) wait(watch, direction);
  }
}

void CurlMultiDriver::Impl::wait(const WatchPointer& watch, Direction direction) {
  watch->waiting(direction) = true;
  auto wait_type = direction == Direction::read ? asio::posix::descriptor_base::wait_read
                                                : asio::posix::descriptor_base::wait_write;
  watch->descriptor.async_wait(
      wait_type, [self = weak_from_this(), watch, direction](const error_code& error) {
        if (auto driver = self.lock()) driver->on_ready(watch, direction, error);
      });
}

void CurlMultiDriver::Impl::on_ready(const WatchPointer& watch, Direction direction,
                                     const error_code& error) {
  watch->waiting(direction) = false;
  if (error == asio::error::operation_aborted || watch->forgotten) return;
  if (!(watch->wanted & poll_bit(direction))) return;  // curl changed its mind meanwhile
  if (error) {
    // Not re-armed: a descriptor the reactor rejects would fail again at once.
    act(watch->socket, CURL_CSELECT_ERR);
    return;
  }
  act(watch->socket, select_bit(direction));
  if (!watch->forgotten) arm(watch);
}

int CurlMultiDriver::Impl::on_timer(long timeout_ms) {
  if (timeout_ms < 0) {
    timer_.cancel();
    return 0;
  }
  // Even a zero timeout goes through the loop: curl forbids calling
  // curl_multi_socket_action from inside its own callbacks.
  timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  timer_.async_wait([self = weak_from_this()](const error_code& error) {
    if (error) return;
    if (auto driver = self.lock()) driver->act(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

void CurlMultiDriver::Impl::act(curl_socket_t socket, int events) {
  int running = 0;
  curl_multi_socket_action(multi_.get(), socket, events, &running);
  deliver_finished();
}

void CurlMultiDriver::Impl::deliver_finished() {
  // Collected first: the completion removes handles, which invalidates the
  // messages curl_multi_info_read hands out.
  std::vector<std::pair<CURL*, CURLcode>> finished;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
    if (message->msg == CURLMSG_DONE)
      finished.emplace_back(message->easy_handle, message->data.result);
  }
  for (auto [handle, result] : finished) on_complete_(handle, result);
}

CurlMultiDriver::CurlMultiDriver(asio::io_context& loop, Completion on_complete)
    : impl_(std::make_shared<Impl>(loop, std::move(on_complete))) {}

CurlMultiDriver::~CurlMultiDriver() = default;

bool CurlMultiDriver::add(CURL* handle) { return impl_->add(handle); }

void CurlMultiDriver::remove(CURL* handle) { impl_->remove(handle); }

}  // namespace feedwatch::fetch
