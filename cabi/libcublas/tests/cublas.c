/* A cuBLAS client built with gcc against CUDA 12.9's own cublas_v2.h: what the library answers on
 * cuda-as-hip without a GPU (cabi/libcublas/tests/c_abi.rs checks each line). */
#include <cublas_v2.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    cublasStatus_t st = cublasGetVersion(NULL, &version);
    printf("version %d %d\n", (int)st, version);
    int minor = -1;
    st = cublasGetProperty(MINOR_VERSION, &minor);
    printf("minor %d %d\n", (int)st, minor);
    printf("name %s\n", cublasGetStatusName(CUBLAS_STATUS_INVALID_VALUE));
    cublasHandle_t handle = NULL;
    st = cublasCreate(&handle);
    printf("create %d %d\n", (int)st, handle != NULL);
    printf("set_stream_null %d\n", (int)cublasSetStream(NULL, (cudaStream_t)0));
    float a[4] = {1, 2, 3, 4}, c[4] = {0};
    const float one = 1.0f;
    st = cublasSgemm(NULL, CUBLAS_OP_N, CUBLAS_OP_T, 2, 2, 2, &one, a, 2, a, 2, &one, c, 2);
    printf("sgemm_null %d\n", (int)st);
    st = cublasGemmEx(NULL, CUBLAS_OP_N, CUBLAS_OP_N, 2, 2, 2, &one, a, CUDA_R_16F, 2, a, CUDA_R_16F,
                      2, &one, c, CUDA_R_32F, 2, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    printf("gemm_ex_null %d\n", (int)st);
    /* No handle: this reaches hipBLAS (or finds none). */
    printf("set_vector_null %d\n", (int)cublasSetVector(4, sizeof(float), NULL, 1, NULL, 1));
    printf("logger %d\n", (int)cublasLoggerConfigure(1, 0, 0, NULL));
    return 0;
}
