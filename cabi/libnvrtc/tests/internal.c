/* NVIDIA's libnvrtc.so.12 exports __nvrtcCPEx, nvrtcCreateProgram's internal form (its six
 * arguments, then an int and two pointers that nvrtcCreateProgram passes as zeros). */
#include <nvrtc.h>
#include <stdio.h>

extern nvrtcResult __nvrtcCPEx(nvrtcProgram *, const char *, const char *, int, const char *const *,
                               const char *const *, int, const void *, const void *);

int main(void) {
    nvrtcProgram prog = NULL;
    nvrtcResult r = __nvrtcCPEx(&prog, "__global__ void k() {}", "k.cu", 0, NULL, NULL, 0, NULL, NULL);
    printf("create %d %d\n", (int)r, prog != NULL);
    printf("destroy %d\n", (int)nvrtcDestroyProgram(&prog));
    printf("null_prog %d\n", (int)__nvrtcCPEx(NULL, "", "k.cu", 0, NULL, NULL, 0, NULL, NULL));
    nvrtcProgram other = NULL;
    r = __nvrtcCPEx(&other, "", "k.cu", 0, NULL, NULL, 1, NULL, NULL);
    printf("extension %d %d\n", (int)r, other == NULL);
    return 0;
}
