/* A CUDA call from an atexit handler, as libraries that release their context at exit make it:
 * glibc destroys the main thread's thread-local storage before it runs the handlers, so the call
 * comes after the shim's thread-locals are gone (cabi/libcuda/tests/c_abi.rs runs it traced). */
#include <cuda.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit(void) {
    int version = 0;
    CUresult r = cuDriverGetVersion(&version);
    printf("at_exit %d %d\n", (int)r, version > 0);
    fflush(stdout);
}

int main(void) {
    int version = 0;
    CUresult r = cuDriverGetVersion(&version);
    printf("main %d %d\n", (int)r, version > 0);
    atexit(at_exit);
    return 0;
}
