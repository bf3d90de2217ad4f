// SPDX-License-Identifier: GPL-2.0-or-later
// The control library of the syscalltrack kernel module: thin, synchronous wrappers of the
// /dev/sct ioctls and read(). Protocol structs are encoded and decoded in TypeScript
// (harness/src/kmod/protocol.ts); this file only fills in the user pointers and checks every
// argument once, strictly (native/shared/js_args.h): count, types, fd range, exact buffer sizes.
#include <napi.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "js_args.h"
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

using sct_js::At;

int FdArg(const Napi::CallbackInfo& info, const char* fn) {
  return (int)sct_js::integer(At{info.Env(), fn, "fd"}, info[0], 0, INT32_MAX, "a file descriptor (0 or more)");
}

// A struct the call fills in place: a Buffer of exactly its size.
template <typename T>
T StructArg(const Napi::CallbackInfo& info, size_t i, const char* fn, const char* name, Napi::Buffer<uint8_t>* buf) {
  *buf = sct_js::buffer(At{info.Env(), fn, name}, info[i], sizeof(T));
  T t;
  memcpy(&t, buf->Data(), sizeof t);
  return t;
}

// An optional buffer of struct sct_counter (the retired generation's counters): undefined = none.
void RetiredArg(const Napi::CallbackInfo& info, size_t i, const char* fn, sct_load* l) {
  l->retired_ptr = 0;
  l->retired_cap = 0;
  if (info.Length() <= i || info[i].IsUndefined()) return;
  auto retired = sct_js::buffer(At{info.Env(), fn, "retired"}, info[i], 0, sizeof(sct_counter));
  l->retired_ptr = reinterpret_cast<uintptr_t>(retired.Data());
  l->retired_cap = retired.Length() / sizeof(sct_counter);
}

Napi::Value Open(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 0, 1, "open(path?)");
  std::string path = info.Length() > 0 && !info[0].IsUndefined() ? sct_js::string(At{info.Env(), "open", "path"}, info[0], true) : SCT_DEVICE;
  int fd = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw ErrnoError(info.Env(), "open", errno);
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 1, 1, "close(fd)");
  close(FdArg(info, "close"));
  return info.Env().Undefined();
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 1, 1, "version(fd)");
  int fd = FdArg(info, "version");
  auto out = Napi::Buffer<uint8_t>::New(info.Env(), sizeof(sct_version));
  memset(out.Data(), 0, out.Length());
  if (ioctl(fd, SCT_IOC_VERSION, out.Data()) != 0) throw ErrnoError(info.Env(), "ioctl(VERSION)", errno);
  return out;
}

// load(fd, hdr, rules, retired?) / clear(fd, hdr, retired?): hdr is a struct sct_load, updated in place.
Napi::Value LoadOrClear(const Napi::CallbackInfo& info, bool clear) {
  const char* fn = clear ? "clear" : "load";
  sct_js::usage(info, clear ? 2 : 3, clear ? 3 : 4, clear ? "clear(fd, hdr, retired?)" : "load(fd, hdr, rules, retired?)");
  int fd = FdArg(info, fn);
  Napi::Buffer<uint8_t> hdr;
  sct_load l = StructArg<sct_load>(info, 1, fn, "hdr", &hdr);
  if (!clear) {
    auto rules = sct_js::buffer(At{info.Env(), fn, "rules"}, info[2], 0);
    if (l.rules_len > rules.Length())
      At{info.Env(), fn, "hdr"}.invalid("says rules_len " + std::to_string(l.rules_len) + " but `rules` holds " + std::to_string(rules.Length()) + " bytes");
    l.rules_ptr = reinterpret_cast<uintptr_t>(rules.Data());
  }
  RetiredArg(info, clear ? 2 : 3, fn, &l);
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
  sct_js::usage(info, 3, 3, "list(fd, hdr, counters)");
  int fd = FdArg(info, "list");
  Napi::Buffer<uint8_t> hdr;
  sct_list l = StructArg<sct_list>(info, 1, "list", "hdr", &hdr);
  auto counters = sct_js::buffer(At{info.Env(), "list", "counters"}, info[2], 0, sizeof(sct_counter));
  l.cap = counters.Length() / sizeof(sct_counter);
  if (l.cap > SCT_MAX_RULES) l.cap = SCT_MAX_RULES;
  l.ptr = l.cap ? reinterpret_cast<uintptr_t>(counters.Data()) : 0;
  if (ioctl(fd, SCT_IOC_LIST, &l) != 0) throw ErrnoError(info.Env(), "ioctl(LIST)", errno);
  l.ptr = 0;
  memcpy(hdr.Data(), &l, sizeof l);
  return info.Env().Undefined();
}

Napi::Value Resume(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 2, 2, "resume(fd, tid)");
  int fd = FdArg(info, "resume");
  sct_resume r{};
  r.tid = (int)sct_js::integer(At{info.Env(), "resume", "tid"}, info[1], 0, INT32_MAX, "a thread id (0: every suspended thread)");
  int n = ioctl(fd, SCT_IOC_RESUME, &r);
  if (n < 0) throw ErrnoError(info.Env(), "ioctl(RESUME)", errno);
  return Napi::Number::New(info.Env(), n);
}

// readEvents(fd, maxEvents?): the events available now (never blocks; the fd is O_NONBLOCK).
Napi::Value ReadEvents(const Napi::CallbackInfo& info) {
  sct_js::usage(info, 1, 2, "readEvents(fd, maxEvents?)");
  int fd = FdArg(info, "readEvents");
  size_t max = info.Length() > 1 && !info[1].IsUndefined()
                   ? (size_t)sct_js::integer(At{info.Env(), "readEvents", "maxEvents"}, info[1], 1, 65536, "an event count between 1 and 65536")
                   : 256;
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
