#include "events.h"

#include <sys/eventfd.h>
#include <time.h>

namespace sct {

constexpr size_t kBatch = 256;  // wake the flusher early at this many events

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void EventQueue::push(Event e) {
  if (!e.time) e.time = now_ns();
  size_t n;
  {
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back(std::move(e));
    n = q_.size();
  }
  if ((n == 1 || n == kBatch) && wake_fd_ >= 0) eventfd_write(wake_fd_, 1);
}

void EventQueue::warn(pid_t pid, std::string msg) {
  Event e;
  e.kind = EV_WARNING;
  e.pid = e.tid = pid;
  e.message = std::move(msg);
  push(std::move(e));
}

std::vector<Event> EventQueue::take() {
  std::lock_guard<std::mutex> g(mu_);
  std::vector<Event> out;
  out.swap(q_);
  return out;
}

bool EventQueue::empty() {
  std::lock_guard<std::mutex> g(mu_);
  return q_.empty();
}

}  // namespace sct
