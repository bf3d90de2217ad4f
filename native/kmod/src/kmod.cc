// SPDX-License-Identifier: GPL-2.0-or-later
// The control library of the syscalltrack kernel module: thin, synchronous wrappers of the
// /dev/sct ioctls and read(). Protocol structs are encoded and decoded in TypeScript
// (harness/src/kmod/protocol.ts); this file only fills in the user pointers and checks sizes.
#include <napi.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sct/uapi.h"

static_assert(sizeof(sct_rule) == 72, "sct_rule layout");
static_assert(sizeof(sct_load) == 96, "sct_load layout");
static_assert(sizeof(sct_list) == 96, "sct_list layout");
static_assert(sizeof(sct_counter) == 24, "sct_counter layout");
static_assert(sizeof(sct_version) == 32, "sct_version layout");
static_assert(sizeof(sct_event) == 392, "sct_event layout");

namespace {

Napi::Error ErrnoError(Napi::Env env, const char* what, int err) {
  Napi::Error e = Napi::Error::New(env, std::string(what) + ": " + strerror(err));
  const char* code = nullptr;
  switch (err) {
    case EPERM: code = "EPERM"; break;
    case EACCES: code = "EACCES"; break;
    case ENOENT: code = "ENOENT"; break;
    case ENODEV: code = "ENODEV"; break;
    case ENXIO: code = "ENXIO"; break;
    case EINVAL: code = "EINVAL"; break;
    case EFAULT: code = "EFAULT"; break;
    case ENOMEM: code = "ENOMEM"; break;
    case ESRCH: code = "ESRCH"; break;
    case ENOTTY: code = "ENOTTY"; break;
    case EOPNOTSUPP: code = "EOPNOTSUPP"; break;
    case EBUSY: code = "EBUSY"; break;
    case EAGAIN: code = "EAGAIN"; break;
    default: code = "EIO"; break;
  }
  e.Set("code", code);
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", what);
  return e;
}

int FdArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), "fd expected");
  return info[i].As<Napi::Number>().Int32Value();
}

Napi::Buffer<uint8_t> BufArg(const Napi::CallbackInfo& info, size_t i, size_t min) {
  if (info.Length() <= i || !info[i].IsBuffer()) throw Napi::TypeError::New(info.Env(), "Buffer expected");
  auto b = info[i].As<Napi::Buffer<uint8_t>>();
  if (b.Length() < min) throw Napi::RangeError::New(info.Env(), "Buffer too small");
  return b;
}

Napi::Value Open(const Napi::CallbackInfo& info) {
  std::string path = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : SCT_DEVICE;
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ErrnoError(info.Env(), "open", errno);
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  close(FdArg(info, 0));
  return info.Env().Undefined();
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  auto out = Napi::Buffer<uint8_t>::New(info.Env(), sizeof(sct_version));
  memset(out.Data(), 0, out.Length());
  if (ioctl(FdArg(info, 0), SCT_IOC_VERSION, out.Data()) != 0) throw ErrnoError(info.Env(), "ioctl(VERSION)", errno);
  return out;
}

// load(fd, hdr, rules, retired) / clear(fd, hdr, retired): hdr is a struct sct_load, updated in place.
Napi::Value LoadOrClear(const Napi::CallbackInfo& info, bool clear) {
  int fd = FdArg(info, 0);
  auto hdr = BufArg(info, 1, sizeof(sct_load));
  sct_load l;
  memcpy(&l, hdr.Data(), sizeof l);
  size_t ri = 2;
  if (!clear) {
    auto rules = BufArg(info, 2, 0);
    l.rules_ptr = reinterpret_cast<uintptr_t>(rules.Data());
    if (l.rules_len > rules.Length()) throw Napi::RangeError::New(info.Env(), "rules_len exceeds the buffer");
    ri = 3;
  }
  if (info.Length() > ri && info[ri].IsBuffer()) {
    auto retired = info[ri].As<Napi::Buffer<uint8_t>>();
    l.retired_ptr = reinterpret_cast<uintptr_t>(retired.Data());
    l.retired_cap = retired.Length() / sizeof(sct_counter);
  } else {
    l.retired_ptr = 0;
    l.retired_cap = 0;
  }
  if (ioctl(fd, clear ? SCT_IOC_CLEAR : SCT_IOC_LOAD, &l) != 0) throw ErrnoError(info.Env(), clear ? "ioctl(CLEAR)" : "ioctl(LOAD)", errno);
  l.rules_ptr = 0;
  l.retired_ptr = 0;
  memcpy(hdr.Data(), &l, sizeof l);
  return info.Env().Undefined();
}

Napi::Value Load(const Napi::CallbackInfo& info) { return LoadOrClear(info, false); }
Napi::Value Clear(const Napi::CallbackInfo& info) { return LoadOrClear(info, true); }

// list(fd, hdr, counters): hdr is a struct sct_list, updated in place.
Napi::Value List(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  auto hdr = BufArg(info, 1, sizeof(sct_list));
  auto counters = BufArg(info, 2, 0);
  sct_list l;
  memcpy(&l, hdr.Data(), sizeof l);
  l.cap = counters.Length() / sizeof(sct_counter);
  if (l.cap > SCT_MAX_RULES) l.cap = SCT_MAX_RULES;
  l.ptr = l.cap ? reinterpret_cast<uintptr_t>(counters.Data()) : 0;
  if (ioctl(fd, SCT_IOC_LIST, &l) != 0) throw ErrnoError(info.Env(), "ioctl(LIST)", errno);
  l.ptr = 0;
  memcpy(hdr.Data(), &l, sizeof l);
  return info.Env().Undefined();
}

Napi::Value Resume(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  if (info.Length() < 2 || !info[1].IsNumber()) throw Napi::TypeError::New(info.Env(), "tid expected");
  sct_resume r{};
  r.tid = info[1].As<Napi::Number>().Int32Value();
  int n = ioctl(fd, SCT_IOC_RESUME, &r);
  if (n < 0) throw ErrnoError(info.Env(), "ioctl(RESUME)", errno);
  return Napi::Number::New(info.Env(), n);
}

// readEvents(fd, maxEvents): the events available now (never blocks; the fd is O_NONBLOCK).
Napi::Value ReadEvents(const Napi::CallbackInfo& info) {
  int fd = FdArg(info, 0);
  size_t max = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 256;
  if (max == 0) max = 1;
  std::string buf(max * sizeof(sct_event), '\0');
  ssize_t n = read(fd, buf.data(), buf.size());
  if (n < 0) {
    if (errno == EAGAIN) return Napi::Buffer<uint8_t>::Copy(info.Env(), nullptr, 0);
    throw ErrnoError(info.Env(), "read", errno);
  }
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<const uint8_t*>(buf.data()), n);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("open", Napi::Function::New(env, Open));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("version", Napi::Function::New(env, Version));
  exports.Set("load", Napi::Function::New(env, Load));
  exports.Set("clear", Napi::Function::New(env, Clear));
  exports.Set("list", Napi::Function::New(env, List));
  exports.Set("resume", Napi::Function::New(env, Resume));
  exports.Set("readEvents", Napi::Function::New(env, ReadEvents));
  Napi::Object sizes = Napi::Object::New(env);
  sizes.Set("rule", sizeof(sct_rule));
  sizes.Set("load", sizeof(sct_load));
  sizes.Set("list", sizeof(sct_list));
  sizes.Set("counter", sizeof(sct_counter));
  sizes.Set("version", sizeof(sct_version));
  sizes.Set("event", sizeof(sct_event));
  exports.Set("sizes", sizes);
  exports.Set("uapiVersion", SCT_UAPI_VERSION);
  return exports;
}

}  // namespace

NODE_API_MODULE(sct_kmod, Init)
