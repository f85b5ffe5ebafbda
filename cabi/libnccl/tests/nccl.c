/* An NCCL client built with gcc against NCCL 2.27.7's own nccl.h, linked -lnccl: what the library
 * answers on cuda-as-hip without a GPU (cabi/libnccl/tests/c_abi.rs checks each line). */
#include <nccl.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    ncclResult_t r = ncclGetVersion(&version);
    printf("version %d %d\n", (int)r, version);
    printf("text %s\n", ncclGetErrorString(ncclInvalidUsage));
    ncclComm_t comm = NULL;
    int devs[1] = {0};
    r = ncclCommInitAll(&comm, 1, devs);
    printf("init_all %d %d\n", (int)r, comm != NULL);
    int count = -1;
    printf("count_null %d\n", (int)ncclCommCount(NULL, &count));
    printf("destroy_null %d\n", (int)ncclCommDestroy(NULL));
    float x = 1.0f;
    printf("all_reduce_null %d\n",
           (int)ncclAllReduce(&x, &x, 1, ncclFloat32, ncclSum, NULL, (cudaStream_t)0));
    return 0;
}
