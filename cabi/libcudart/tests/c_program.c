/* A C program built against CUDA 12.9's cuda_runtime_api.h and linked -lcudart, as any CUDA
 * runtime program is. Run against cuda-as-hip's libraries on a machine without an AMD GPU, it
 * prints one line per check; the Rust test reads them. */
#include <cuda_runtime_api.h>
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    int n = -1;
    printf("cudaGetDeviceCount %d\n", (int)cudaGetDeviceCount(&n));
    printf("last_error %d\n", (int)cudaGetLastError());
    printf("last_error_again %d\n", (int)cudaGetLastError());
    int v = 0;
    int r = cudaRuntimeGetVersion(&v);
    printf("cudaRuntimeGetVersion %d %d\n", r, v);
    v = 0;
    r = cudaDriverGetVersion(&v);
    printf("cudaDriverGetVersion %d %d\n", r, v);
    printf("cudaGetErrorName %s\n", cudaGetErrorName(cudaErrorNoDevice));
    printf("cudaGetErrorString %s\n", cudaGetErrorString(cudaErrorInvalidValue));
    printf("unknown_name %s\n", cudaGetErrorName((cudaError_t)12345));
    printf("null_count %d\n", (int)cudaGetDeviceCount(NULL));
    printf("peek %d %d\n", (int)cudaPeekAtLastError(), (int)cudaPeekAtLastError());
    int value = 0;
    printf("unknown_attribute %d\n", (int)cudaDeviceGetAttribute(&value, (enum cudaDeviceAttr)9999, 0));
    printf("unknown_memcpy_kind %d\n", (int)cudaMemcpy(NULL, NULL, 0, (enum cudaMemcpyKind)77));

    /* The driver's functions, by name, from the runtime. */
    void *fn = NULL;
    enum cudaDriverEntryPointQueryResult status = 99;
    r = cudaGetDriverEntryPoint("cuDriverGetVersion", &fn, cudaEnableDefault, &status);
    int driver_version = 0;
    int called = fn != NULL && ((int (*)(int *))fn)(&driver_version) == 0;
    printf("entry_point %d %d %d %d\n", r, (int)status, called, driver_version);
    r = cudaGetDriverEntryPoint("cuNoSuchFunction", &fn, cudaEnableDefault, &status);
    printf("entry_unknown %d %d %d\n", r, (int)status, fn == NULL);
    printf("per_thread_export %d\n", dlsym(RTLD_DEFAULT, "cudaStreamSynchronize_ptsz") != NULL);
    struct cudaDeviceProp prop;
    printf("cudaGetDeviceProperties %d\n", (int)cudaGetDeviceProperties(&prop, 0));
    return 0;
}
