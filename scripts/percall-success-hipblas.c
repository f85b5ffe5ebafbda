/* Benchmark-only stand-in for libhipblas (scripts/bench-percall.sh, "success path" table): the
 * real hipBLAS cannot make a handle without a GPU, so this one answers HIPBLAS_STATUS_SUCCESS for
 * the calls measured, on any handle. It has no rocBLAS, so cuda-as-hip binds it with the newest
 * table (hipBLAS 7.2.4's). Never used by a test. */
typedef int hipblasStatus_t;

hipblasStatus_t hipblasSetStream(void *handle, void *stream) {
    (void)handle, (void)stream;
    return 0;
}

hipblasStatus_t hipblasSgemm(void *handle, int transa, int transb, int m, int n, int k,
                             const float *alpha, const float *a, int lda, const float *b, int ldb,
                             const float *beta, float *c, int ldc) {
    (void)handle, (void)transa, (void)transb, (void)m, (void)n, (void)k, (void)alpha, (void)a;
    (void)lda, (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
    return 0;
}
