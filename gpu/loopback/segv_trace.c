/* A crash's native frames, for the GPU suite's Python runs (scripts/gpu-suite.sh preloads it into
 * every program it runs through the shim): on SIGSEGV, SIGBUS or SIGILL, the faulting address and,
 * for the faulting instruction and each frame, the library it is in and its offset there (and the
 * nearest exported symbol), on stderr; then the signal's default action. Python's faulthandler
 * shows only Python's frames, and NVIDIA's static runtime (inside cuda-python's and CuPy's
 * modules) has no symbols: a library and an offset say whether a crash is in the shim's code.
 * Diagnostics only: what it calls in the handler (backtrace, dladdr, dprintf) is not
 * async-signal-safe, which a process that is about to die can afford. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <ucontext.h>

static void frame(const char *what, void *pc) {
    Dl_info info;
    if (dladdr(pc, &info) && info.dli_fname) {
        dprintf(2, "segv_trace: %s %p = %s+0x%lx (%s+0x%lx)\n", what, pc, info.dli_fname,
                (unsigned long)((char *)pc - (char *)info.dli_fbase),
                info.dli_sname ? info.dli_sname : "?",
                info.dli_saddr ? (unsigned long)((char *)pc - (char *)info.dli_saddr) : 0UL);
    } else {
        dprintf(2, "segv_trace: %s %p (in no loaded object)\n", what, pc);
    }
}

static void on_fault(int sig, siginfo_t *si, void *context) {
    ucontext_t *uc = context;
    dprintf(2, "segv_trace: signal %d, address %p\n", sig, si->si_addr);
    void *pc = (void *)uc->uc_mcontext.gregs[REG_RIP];
    frame("pc", pc);
    /* A call through a NULL or stray function pointer (an unfilled slot of a driver table) faults
     * at the target, where nothing unwinds: the caller is the return address on top of the stack. */
    Dl_info info;
    if (!dladdr(pc, &info)) frame("caller", *(void **)uc->uc_mcontext.gregs[REG_RSP]);
    void *frames[48];
    int n = backtrace(frames, 48);
    for (int i = 0; i < n; i++) frame("frame", frames[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

__attribute__((constructor)) static void install(void) {
    void *warm[1];
    backtrace(warm, 1); /* loads libgcc's unwinder now, not inside the handler */
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
}
