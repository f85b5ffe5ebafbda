/* Benchmark-only stand-in for libamdhip64.so.5 (scripts/bench-percall.sh, "success path" table).
 * Without a GPU every real HIP call below fails, so the real runtime can only show the error path;
 * this library answers hipSuccess so the success path can be counted too. It is never used by a
 * test: the acceptance rows of BENCHMARKS.md run on the real HIP 5.2.3 runtime. */
typedef int hipError_t;

hipError_t hipRuntimeGetVersion(int *v) { *v = 50221153; return 0; } /* HIP 5.2.21153 */
hipError_t hipDriverGetVersion(int *v) { *v = 50221153; return 0; }
hipError_t hipInit(unsigned flags) { (void)flags; return 0; }
hipError_t hipGetDeviceCount(int *n) { *n = 1; return 0; }
hipError_t hipDeviceGetAttribute(int *v, int attr, int dev) { (void)attr; (void)dev; *v = 64; return 0; }
hipError_t hipCtxGetCurrent(void **ctx) { *ctx = 0; return 0; }
hipError_t hipStreamQuery(void *stream) { (void)stream; return 0; }
const char *hipGetErrorString(hipError_t e) { (void)e; return "no error"; }
hipError_t hipGetLastError(void) { return 0; }
