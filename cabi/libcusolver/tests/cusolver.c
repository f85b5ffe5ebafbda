/* A cuSOLVER client built with gcc against CUDA 12.9's own cusolverDn.h / cusolverSp.h /
 * cusolverRf.h, linked -lcusolver: what the library answers on cuda-as-hip without a GPU
 * (cabi/libcusolver/tests/c_abi.rs checks each line). */
#include <cusolverDn.h>
#include <cusolverRf.h>
#include <cusolverSp.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    cusolverStatus_t r = cusolverGetVersion(&version);
    printf("version %d %d\n", (int)r, version);
    cusolverDnHandle_t dn = NULL;
    r = cusolverDnCreate(&dn);
    printf("dn_create %d %d\n", (int)r, dn != NULL);
    cusolverSpHandle_t sp = NULL;
    printf("sp_create %d\n", (int)cusolverSpCreate(&sp));
    cusolverRfHandle_t rf = NULL;
    printf("rf_create %d\n", (int)cusolverRfCreate(&rf));
    int lwork = -1;
    float a[16] = {0};
    printf("potrf_null %d\n", (int)cusolverDnSpotrf_bufferSize(NULL, CUBLAS_FILL_MODE_LOWER, 4, a, 4, &lwork));
    printf("create_null %d\n", (int)cusolverDnCreate(NULL));
    printf("destroy_null %d\n", (int)cusolverDnDestroy(NULL));
    return 0;
}
