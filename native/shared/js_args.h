// Strict reading of JS arguments, shared by both addons (native/src, native/kmod/src): every value
// an entry point takes from JS goes through here, so a missing field, a wrong type or a number out
// of range is a TypeError or RangeError that names the function, the field's path, what was
// expected and what was given (`launch: expected `rules[3].action.errno` to be an errno between 1
// and 4095, got `0` (number)`), with code SCT_USAGE. Nothing falls back to a default: a field is
// optional only where `undefined` means "not set", and then a present value is still checked.
// This is the one check of the binding's argument shapes; the TS wrappers do not repeat it.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sct_js {

// How a value is shown in a message: `-1` (number), `"x"` (string), a Uint8Array of 3 bytes...
inline std::string describe(Napi::Value v) {
  if (v.IsUndefined()) return "`undefined` (undefined)";
  if (v.IsNull()) return "`null` (null)";
  if (v.IsBoolean()) return std::string("`") + (v.As<Napi::Boolean>().Value() ? "true" : "false") + "` (boolean)";
  if (v.IsNumber()) return "`" + v.ToString().Utf8Value() + "` (number)";
  if (v.IsBigInt()) return "`" + v.ToString().Utf8Value() + "n` (bigint)";
  if (v.IsString()) {
    std::string s = v.As<Napi::String>().Utf8Value(), quoted;
    if (s.size() > 40) {
      size_t cut = 37;
      while (cut > 0 && (s[cut] & 0xC0) == 0x80) cut--;  // not inside a UTF-8 sequence
      s = s.substr(0, cut) + "...";
    }
    for (unsigned char c : s) {  // as JSON.stringify writes it: a NUL shows as \u0000
      const char* named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : nullptr;
      if (c == '"' || c == '\\') quoted += {'\\', (char)c};
      else if (named) quoted += named;
      else if (c < 0x20) quoted += "\\u00" + std::string{"0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
      else quoted += (char)c;
    }
    return "`\"" + quoted + "\"` (string)";
  }
  if (v.IsSymbol()) return "a symbol";
  if (v.IsTypedArray()) {
    // By its constructor's name: Node's napi_is_buffer says yes to every typed array.
    Napi::Value ctor = v.As<Napi::Object>().Get("constructor");
    Napi::Value name = ctor.IsFunction() ? ctor.As<Napi::Object>().Get("name") : ctor;
    std::string kind = name.IsString() ? name.As<Napi::String>().Utf8Value() : "typed array";
    return "a " + kind + " of " + std::to_string(v.As<Napi::TypedArray>().ByteLength()) + " bytes";
  }
  if (v.IsArray()) return "an array of " + std::to_string(v.As<Napi::Array>().Length());
  if (v.IsFunction()) return "a function";
  return "an object";
}

// Where a value sits: the entry point and the field's path (`rules[3].action.errno`, `fd`).
struct At {
  Napi::Env env;
  std::string fn;
  std::string field;
  At key(const std::string& k) const { return {env, fn, field.empty() ? k : field + "." + k}; }
  At index(uint32_t i) const { return {env, fn, field + "[" + std::to_string(i) + "]"}; }

  Napi::Error error(Napi::Error e) const {
    e.Set("code", Napi::String::New(env, "SCT_USAGE"));
    return e;
  }
  std::string message(const std::string& expected, Napi::Value got) const {
    return fn + ": expected `" + field + "` to be " + expected + ", got " + describe(got);
  }
  // The wrong kind of value (or none): TypeError.
  [[noreturn]] void type(const std::string& expected, Napi::Value got) const { throw error(Napi::TypeError::New(env, message(expected, got))); }
  // The right kind, out of range (a negative fd, a fraction, a bigint too wide): RangeError.
  [[noreturn]] void range(const std::string& expected, Napi::Value got) const { throw error(Napi::RangeError::New(env, message(expected, got))); }
  // A value that is wrong together with another one: RangeError with the caller's own words.
  [[noreturn]] void invalid(const std::string& why) const { throw error(Napi::RangeError::New(env, fn + ": `" + field + "` " + why)); }
};

// A whole number in [min, max] (at most 2^53, what a double holds exactly). `what` reads after
// "to be": "a file descriptor (0 or more)".
inline int64_t integer(const At& at, Napi::Value v, int64_t min, int64_t max, const std::string& what) {
  if (!v.IsNumber()) at.type(what, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < (double)min || d > (double)max) at.range(what, v);
  return (int64_t)d;
}

inline double number(const At& at, Napi::Value v, double min, double max, const std::string& what) {
  if (!v.IsNumber()) at.type(what, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max)) at.range(what, v);
  return d;
}

// A bigint that fits 64 bits, signed or unsigned (-2^63 .. 2^64-1): its two's-complement bits.
inline int64_t bigint64(const At& at, Napi::Value v) {
  const char* what = "a bigint between -2^63 and 2^64-1";
  if (!v.IsBigInt()) at.type(what, v);
  bool lossless = false;
  int64_t s = v.As<Napi::BigInt>().Int64Value(&lossless);
  if (lossless) return s;
  uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);  // lossy for every negative value
  if (!lossless) at.range(what, v);
  return (int64_t)u;
}

inline bool boolean(const At& at, Napi::Value v) {
  if (!v.IsBoolean()) at.type("a boolean", v);
  return v.As<Napi::Boolean>().Value();
}

// A string without NUL bytes (it becomes a C string); `nonempty` refuses "".
inline std::string string(const At& at, Napi::Value v, bool nonempty = false) {
  const char* what = nonempty ? "a non-empty string" : "a string";
  if (!v.IsString()) at.type(what, v);
  std::string s = v.As<Napi::String>().Utf8Value();
  if (nonempty && s.empty()) at.range(what, v);
  if (s.find('\0') != std::string::npos) at.range(std::string(what) + " without NUL bytes", v);
  return s;
}

inline Napi::Array array(const At& at, Napi::Value v, const std::string& what) {
  if (!v.IsArray()) at.type(what, v);
  return v.As<Napi::Array>();
}

inline Napi::Object object(const At& at, Napi::Value v) {
  if (!v.IsObject() || v.IsArray() || v.IsFunction()) at.type("an object", v);
  return v.As<Napi::Object>();
}

inline Napi::Function function(const At& at, Napi::Value v) {
  if (!v.IsFunction()) at.type("a function", v);
  return v.As<Napi::Function>();
}

inline Napi::Uint8Array uint8array(const At& at, Napi::Value v) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) at.type("a Uint8Array", v);
  return v.As<Napi::Uint8Array>();
}

inline std::vector<uint8_t> bytes(const At& at, Napi::Value v) {
  Napi::Uint8Array u8 = uint8array(at, v);
  return std::vector<uint8_t>(u8.Data(), u8.Data() + u8.ByteLength());
}

// A Buffer whose length is exactly `size` (size > 0), or a multiple of `unit` (unit > 0).
inline Napi::Buffer<uint8_t> buffer(const At& at, Napi::Value v, size_t size, size_t unit = 0) {
  std::string what = size ? "a Buffer of " + std::to_string(size) + " bytes"
                          : unit > 1 ? "a Buffer whose length is a multiple of " + std::to_string(unit) : std::string("a Buffer");
  if (!v.IsBuffer()) at.type(what, v);
  auto b = v.As<Napi::Buffer<uint8_t>>();
  if ((size && b.Length() != size) || (unit && b.Length() % unit)) at.range(what, v);
  return b;
}

// The elements of an array, each checked by `each(at.index(i), value)`.
template <typename F>
auto elements(const At& at, Napi::Array a, F each) -> std::vector<decltype(each(at, a.Get(0u)))> {
  std::vector<decltype(each(at, a.Get(0u)))> out;
  for (uint32_t i = 0; i < a.Length(); i++) out.push_back(each(at.index(i), a.Get(i)));
  return out;
}

// Fields of one JS object, read by name; optional ones give std::nullopt only for `undefined`.
class Fields {
 public:
  Fields(const At& at, Napi::Object o) : at_(at), o_(o) {}
  Fields(const At& at, Napi::Value v) : at_(at), o_(object(at, v)) {}
  At at(const char* key) const { return at_.key(key); }
  Napi::Value get(const char* key) const { return o_.Get(key); }
  bool has(const char* key) const { return !o_.Get(key).IsUndefined(); }
  Fields sub(const char* key) const { return Fields(at(key), get(key)); }

  int64_t integer(const char* key, int64_t min, int64_t max, const std::string& what) const { return sct_js::integer(at(key), get(key), min, max, what); }
  std::optional<int64_t> opt_integer(const char* key, int64_t min, int64_t max, const std::string& what) const {
    if (!has(key)) return std::nullopt;
    return integer(key, min, max, what);
  }
  double number(const char* key, double min, double max, const std::string& what) const { return sct_js::number(at(key), get(key), min, max, what); }
  int64_t bigint64(const char* key) const { return sct_js::bigint64(at(key), get(key)); }
  std::optional<int64_t> opt_bigint64(const char* key) const {
    if (!has(key)) return std::nullopt;
    return bigint64(key);
  }
  bool boolean(const char* key) const { return sct_js::boolean(at(key), get(key)); }
  bool opt_boolean(const char* key) const { return has(key) && boolean(key); }
  std::string string(const char* key, bool nonempty = false) const { return sct_js::string(at(key), get(key), nonempty); }
  std::vector<uint8_t> bytes(const char* key) const { return sct_js::bytes(at(key), get(key)); }
  Napi::Array array(const char* key, const std::string& what) const { return sct_js::array(at(key), get(key), what); }
  Napi::Function function(const char* key) const { return sct_js::function(at(key), get(key)); }

 private:
  At at_;
  Napi::Object o_;
};

// node-pty's first check: the number of arguments, before any of them is read.
inline void usage(const Napi::CallbackInfo& info, size_t min, size_t max, const char* signature) {
  size_t n = info.Length();
  if (n < min || n > max) {
    Napi::Error e = Napi::TypeError::New(info.Env(), std::string("Usage: ") + signature + "; got " + std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
    e.Set("code", Napi::String::New(info.Env(), "SCT_USAGE"));
    throw e;
  }
}

}  // namespace sct_js
