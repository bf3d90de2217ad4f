/* shim: BPF has no libc. clang lowers __builtin_memcpy/memcmp only for sizes known at compile
 * time; the interpreter's calls have run-time sizes, so these are bounded loops (the bound is the
 * format's longest string) that the verifier can walk. */
#ifndef SCT_WATCH_SHIM_STRING_H
#define SCT_WATCH_SHIM_STRING_H
static __always_inline void *memcpy(void *d, const void *s, unsigned long n)
{
	for (unsigned long i = 0; i < n && i < 4096; i++)
		((char *)d)[i] = ((const char *)s)[i];
	return d;
}
static __always_inline int memcmp(const void *a, const void *b, unsigned long n)
{
	for (unsigned long i = 0; i < n && i < 4096; i++)
		if (((const unsigned char *)a)[i] != ((const unsigned char *)b)[i])
			return ((const unsigned char *)a)[i] - ((const unsigned char *)b)[i];
	return 0;
}
static __always_inline unsigned long strnlen(const char *s, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n && i < 4096 && s[i]; i++)
		;
	return i;
}
#endif
