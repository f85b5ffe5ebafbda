/* A cuRAND client built with gcc against CUDA 12.9's own curand.h, linked -lcurand: what the
 * host API answers on cuda-as-hip without a GPU (cabi/libcurand/tests/c_abi.rs checks each line). */
#include <curand.h>
#include <stdio.h>

int main(void) {
    int version = 0;
    curandStatus_t st = curandGetVersion(&version);
    printf("version %d %d\n", (int)st, version);
    int major = -1;
    st = curandGetProperty(MAJOR_VERSION, &major);
    printf("major %d %d\n", (int)st, major);
    curandGenerator_t gen = NULL;
    st = curandCreateGenerator(&gen, CURAND_RNG_PSEUDO_PHILOX4_32_10);
    printf("create %d %d\n", (int)st, gen != NULL);
    printf("bad_type %d\n", (int)curandCreateGenerator(NULL, (curandRngType_t)12345));
    printf("seed_null %d\n", (int)curandSetPseudoRandomGeneratorSeed(NULL, 1234ULL));
    float out[4];
    printf("uniform_null %d\n", (int)curandGenerateUniform(NULL, out, 4));
    printf("binomial %d\n", (int)curandGenerateBinomial(NULL, (unsigned int *)out, 4, 8, 0.5));
    return 0;
}
