/*
 * assert.h - assert(expr): if expr is false, print where and abort.
 * Defining NDEBUG before including this header turns assert off.  There
 * is deliberately no include guard: the C standard lets a program include
 * assert.h again after changing NDEBUG.
 */
#undef assert

void __assert_fail(const char *expr, const char *file, int line,
                   const char *func) __attribute__((noreturn));

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
    ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif
