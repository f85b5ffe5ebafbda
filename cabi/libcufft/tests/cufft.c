/* A cuFFT client built with gcc against CUDA 12.9's own cufft.h / cufftXt.h, linked -lcufft: what
 * the library answers on cuda-as-hip without a GPU (cabi/libcufft/tests/c_abi.rs checks each line). */
#include <cufftXt.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    cufftResult r = cufftGetVersion(&version);
    printf("version %d %d\n", (int)r, version);
    cufftHandle plan = -1;
    r = cufftCreate(&plan);
    printf("create %d %d\n", (int)r, plan > 0);
    size_t size = 0;
    printf("plan1d %d\n", (int)cufftMakePlan1d(plan, 1024, CUFFT_R2C, 1, &size));
    printf("set_stream %d\n", (int)cufftSetStream(plan, (cudaStream_t)0));
    printf("destroy %d\n", (int)cufftDestroy(plan));
    printf("destroy_again %d\n", (int)cufftDestroy(plan));
    printf("exec_unknown %d\n", (int)cufftExecZ2Z(4242, NULL, NULL, CUFFT_INVERSE));
    printf("jit %d\n", (int)cufftXtSetJITCallback(1, "cb", NULL, 0, CUFFT_CB_LD_COMPLEX, NULL));
    return 0;
}
