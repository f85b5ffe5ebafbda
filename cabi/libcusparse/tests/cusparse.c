/* A cuSPARSE client built with gcc against CUDA 12.9's own cusparse.h, linked -lcusparse: what the
 * library answers on cuda-as-hip without a GPU (cabi/libcusparse/tests/c_abi.rs checks each line). */
#include <cusparse.h>
#include <stdio.h>

int main(void) {
    cusparseHandle_t handle = NULL;
    printf("create %d %d\n", (int)cusparseCreate(&handle), handle != NULL);
    int version = 0;
    printf("version_null %d\n", (int)cusparseGetVersion(NULL, &version));
    printf("text %s\n", cusparseGetErrorString(CUSPARSE_STATUS_ZERO_PIVOT));
    cusparseMatDescr_t descr = NULL;
    printf("descr %d\n", (int)cusparseCreateMatDescr(&descr));
    printf("set_type %d\n", (int)cusparseSetMatType(descr, CUSPARSE_MATRIX_TYPE_TRIANGULAR));
    printf("set_base %d\n", (int)cusparseSetMatIndexBase(descr, CUSPARSE_INDEX_BASE_ONE));
    printf("get %d %d\n", (int)cusparseGetMatType(descr), (int)cusparseGetMatIndexBase(descr));
    printf("destroy %d\n", (int)cusparseDestroyMatDescr(descr));
    printf("stream_null %d\n", (int)cusparseSetStream(NULL, (cudaStream_t)0));
    return 0;
}
