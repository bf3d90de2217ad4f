/* shim: offsetof is a clang builtin */
#ifndef offsetof
#define offsetof(t, m) __builtin_offsetof(t, m)
#endif
