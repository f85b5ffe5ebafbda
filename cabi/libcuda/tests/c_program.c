/* A C program built against CUDA 12.9's cuda.h and linked -lcuda, as any CUDA program is; it
 * dlopens libnvrtc.so as cudarc does. Run against cuda-as-hip's libraries on a machine without
 * an AMD GPU, it prints one line per check; the Rust test reads them. */
#include <cuda.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef int (*create_t)(void **, const char *, const char *, int, const char *const *, const char *const *);
typedef int (*compile_t)(void *, int, const char *const *);
typedef int (*size_t_fn)(void *, size_t *);
typedef int (*get_t)(void *, char *);

int main(void) {
    printf("cuInit %d\n", (int)cuInit(0));
    const char *text = NULL;
    int r = cuGetErrorString(CUDA_ERROR_NO_DEVICE, &text);
    printf("cuGetErrorString %d %s\n", r, text ? text : "(null)");
    int version = 0;
    r = cuDriverGetVersion(&version);
    printf("cuDriverGetVersion %d %d\n", r, version);
    int value = 0;
    printf("unknown_attribute %d\n", (int)cuDeviceGetAttribute(&value, (CUdevice_attribute)9999, 0));
    printf("null_count %d\n", (int)cuDeviceGetCount(NULL));

    /* cuGetProcAddress: by name, CUDA version and stream flavour. */
    void *fn = NULL;
    CUdriverProcAddressQueryResult status = 99;
    r = cuGetProcAddress("cuMemAlloc", &fn, 12090, CU_GET_PROC_ADDRESS_DEFAULT, &status);
    printf("proc_memalloc %d %d %d\n", r, (int)status, fn == dlsym(RTLD_DEFAULT, "cuMemAlloc_v2"));
    r = cuGetProcAddress("cuMemcpyHtoD", &fn, 12090, CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM, &status);
    printf("proc_ptds %d %d %d\n", r, (int)status, fn == dlsym(RTLD_DEFAULT, "cuMemcpyHtoD_v2_ptds"));
    r = cuGetProcAddress("cuCtxCreate", &fn, 11040, CU_GET_PROC_ADDRESS_DEFAULT, &status);
    printf("proc_ctxcreate_11040 %d %d %d\n", r, (int)status, fn == dlsym(RTLD_DEFAULT, "cuCtxCreate_v3"));
    r = cuGetProcAddress("cuNoSuchFunction", &fn, 12090, CU_GET_PROC_ADDRESS_DEFAULT, &status);
    printf("proc_unknown %d %d %d\n", r, (int)status, fn == NULL);
    r = cuGetProcAddress("cuGraphAddNode", &fn, 11000, CU_GET_PROC_ADDRESS_DEFAULT, &status);
    printf("proc_too_old %d %d %d\n", r, (int)status, fn == NULL);
    r = cuGetProcAddress("cuDriverGetVersion", &fn, 12090, CU_GET_PROC_ADDRESS_DEFAULT, &status);
    version = 0;
    int called = r == 0 ? ((CUresult (*)(int *))fn)(&version) : -1;
    printf("proc_call %d %d %d\n", r, called, version);
    /* NVIDIA's private tables: an unknown UUID, then CUDART_INTERFACE and its size slot. */
    const void *table = NULL;
    CUuuid id = {{0}};
    int unknown = (int)cuGetExportTable(&table, &id);
    const CUuuid cudart = {{0x6b, (char)0xd5, (char)0xfb, 0x6c, 0x5b, (char)0xf4, (char)0xe7, 0x4a,
                            (char)0x89, (char)0x87, (char)0xd9, 0x39, 0x12, (char)0xfd, (char)0x9d, (char)0xf9}};
    int known = (int)cuGetExportTable(&table, &cudart);
    printf("export_table %d %d %zu\n", unknown, known, known == 0 ? *(const size_t *)table : 0);

    void *nvrtc = dlopen("libnvrtc.so", RTLD_NOW);
    if (!nvrtc) { printf("dlopen_nvrtc failed %s\n", dlerror()); return 1; }
    create_t create = (create_t)dlsym(nvrtc, "nvrtcCreateProgram");
    compile_t compile = (compile_t)dlsym(nvrtc, "nvrtcCompileProgram");
    size_t_fn size = (size_t_fn)dlsym(nvrtc, "nvrtcGetPTXSize");
    get_t get = (get_t)dlsym(nvrtc, "nvrtcGetPTX");
    void *prog = NULL;
    const char *src = "extern \"C\" __global__ void scale(float *x) { x[threadIdx.x] *= 2.0f; }";
    r = create(&prog, src, "scale.cu", 0, NULL, NULL);
    const char *opts[] = {"--gpu-architecture=compute_80"};
    r = r ? r : compile(prog, 1, opts);
    size_t n = 0;
    r = r ? r : size(prog, &n);
    static char code[1 << 20];
    r = r ? r : (n <= sizeof code ? get(prog, code) : 1);
    unsigned machine = n > 20 ? (unsigned char)code[18] | (unsigned char)code[19] << 8 : 0;
    printf("nvrtc %d %zu %#x %s\n", r, n, machine, memcmp(code, "\177ELF", 4) == 0 ? "ELF" : "not-ELF");
    return 0;
}
