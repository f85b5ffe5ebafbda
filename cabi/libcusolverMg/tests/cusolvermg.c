/* A cuSOLVERMg client built with gcc against CUDA 12.9's own cusolverMg.h, linked -lcusolverMg:
 * what the library answers on cuda-as-hip without a GPU (cabi/libcusolverMg/tests/c_abi.rs checks
 * each line). */
#include <cusolverMg.h>
#include <stdio.h>

int main(void) {
    cusolverMgHandle_t h = NULL;
    cusolverStatus_t r = cusolverMgCreate(&h); /* each call before the printf that reads its output */
    printf("create %d %d\n", (int)r, h != NULL);
    int devices[2] = {0, 1};
    printf("select %d\n", (int)cusolverMgDeviceSelect(h, 1, devices));
    cudaLibMgGrid_t grid = NULL;
    r = cusolverMgCreateDeviceGrid(&grid, 1, 2, devices, CUDALIBMG_GRID_MAPPING_COL_MAJOR);
    printf("grid %d %d\n", (int)r, grid != NULL);
    cudaLibMgGrid_t two_rows = NULL;
    printf("grid_two_rows %d\n", (int)cusolverMgCreateDeviceGrid(&two_rows, 2, 1, devices, CUDALIBMG_GRID_MAPPING_COL_MAJOR));
    printf("grid_bad_mapping %d\n", (int)cusolverMgCreateDeviceGrid(&two_rows, 1, 1, devices, (cusolverMgGridMapping_t)7));
    cudaLibMgMatrixDesc_t desc = NULL;
    r = cusolverMgCreateMatrixDesc(&desc, 8, 8, 8, 2, CUDA_R_64F, grid);
    printf("desc %d %d\n", (int)r, desc != NULL);
    cudaLibMgMatrixDesc_t bad = NULL;
    printf("desc_half %d\n", (int)cusolverMgCreateMatrixDesc(&bad, 8, 8, 8, 2, CUDA_R_16F, grid));
    printf("desc_empty %d\n", (int)cusolverMgCreateMatrixDesc(&bad, 8, 0, 8, 2, CUDA_R_64F, grid));
    printf("desc_no_grid %d\n", (int)cusolverMgCreateMatrixDesc(&bad, 8, 8, 8, 2, CUDA_R_64F, (cudaLibMgGrid_t)devices));
    int64_t lwork = -1;
    r = cusolverMgPotrf_bufferSize(h, CUBLAS_FILL_MODE_LOWER, 8, NULL, 1, 1, desc, CUDA_R_64F, &lwork);
    printf("potrf_size %d %lld\n", (int)r, (long long)lwork);
    printf("potrf_size_null_handle %d\n", (int)cusolverMgPotrf_bufferSize(NULL, CUBLAS_FILL_MODE_LOWER, 8, NULL, 1, 1, desc, CUDA_R_64F, &lwork));
    printf("getrf_size_outside %d\n", (int)cusolverMgGetrf_bufferSize(h, 8, 8, NULL, 2, 1, desc, NULL, CUDA_R_64F, &lwork));
    int info = -1;
    printf("getrf_null_info %d\n", (int)cusolverMgGetrf(h, 8, 8, NULL, 1, 1, desc, NULL, CUDA_R_64F, NULL, 0, NULL));
    printf("syevd_null_w %d\n", (int)cusolverMgSyevd(h, CUSOLVER_EIG_MODE_VECTOR, CUBLAS_FILL_MODE_LOWER, 8, NULL, 1, 1, desc, NULL, CUDA_R_64F, CUDA_R_64F, NULL, 0, &info));
    r = cusolverMgDestroyMatrixDesc(desc);
    printf("destroy_desc %d %d\n", (int)r, (int)cusolverMgDestroyMatrixDesc(desc));
    r = cusolverMgDestroyGrid(grid);
    printf("destroy_grid %d %d\n", (int)r, (int)cusolverMgDestroyGrid(grid));
    r = cusolverMgDestroy(h);
    printf("destroy %d %d\n", (int)r, (int)cusolverMgDestroy(h));
    printf("destroy_null %d\n", (int)cusolverMgDestroy(NULL));
    return 0;
}
