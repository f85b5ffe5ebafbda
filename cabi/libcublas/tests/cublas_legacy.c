/* A client of cuBLAS's legacy API (CUDA 12.9's own cublas.h: no handle, char options, results
 * returned, errors through cublasGetError), built with gcc; what the library answers on
 * cuda-as-hip without a GPU (cabi/libcublas/tests/c_abi.rs checks each line). */
#include <cublas.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    cublasStatus st = cublasGetVersion(&version);
    printf("version %d %d\n", (int)st, version);
    /* Before cublasInit: every call fails NOT_INITIALIZED (1), reported once by cublasGetError. */
    float x[4] = {1, 2, 3, 4};
    float dot = cublasSdot(4, x, 1, x, 1);
    int first = cublasGetError(), second = cublasGetError();
    printf("dot_uninit %g %d %d\n", dot, first, second);
    cublasSgemm('N', 'T', 2, 2, 2, 1.0f, x, 2, x, 2, 0.0f, x, 2);
    printf("sgemm_uninit %d\n", (int)cublasGetError());
    cuComplex z = cublasCdotu(2, (const cuComplex *)x, 1, (const cuComplex *)x, 1);
    printf("cdotu_uninit %g %g %d\n", z.x, z.y, (int)cublasGetError());
    int imax = cublasIsamax(4, x, 1);
    printf("isamax_uninit %d %d\n", imax, (int)cublasGetError());
    void *p = NULL;
    printf("alloc_uninit %d\n", (int)cublasAlloc(4, 4, &p));
    printf("free_uninit %d\n", (int)cublasFree(p));
    printf("stream_uninit %d\n", (int)cublasSetKernelStream((cudaStream_t)0));
    printf("shutdown_uninit %d\n", (int)cublasShutdown());
    /* No GPU: cublasInit cannot make the handle (NOT_INITIALIZED, as cublasCreate). */
    printf("init %d\n", (int)cublasInit());
    printf("after_init %d\n", (int)cublasGetError());
    return 0;
}
