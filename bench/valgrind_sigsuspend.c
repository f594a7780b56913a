/* Loaded with LD_PRELOAD under valgrind only. Valgrind 3.19 rejects
 * sigsuspend() on a mask that lives in read-only memory, which Swift's
 * runtime passes; handing it a copy on the stack lets the server start
 * under callgrind. Built by bench/profile.sh with the toolchain's clang. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    int (*real)(const sigset_t *) = (int (*)(const sigset_t *))dlsym(RTLD_NEXT, "sigsuspend");
    return real(&copy);
}
