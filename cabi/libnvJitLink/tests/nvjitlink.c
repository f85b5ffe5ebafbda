/* An nvJitLink client built against CUDA 12.9's nvJitLink.h (its inline functions call the
 * `__nvJitLink*_12_9` exports), as cuda.core and numba-cuda use it: two PTX modules, one calling
 * the other's function, linked into the "cubin" (here an AMD code object), and the refusals.
 * Prints `key result [values]` lines for tests/c_abi.rs. */
#include <nvJitLink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A program built against CUDA 12.4's header calls that release's name. */
extern nvJitLinkResult __nvJitLinkCreate_12_4(nvJitLinkHandle *, uint32_t, const char **);

static const char CUBE[] =
    ".version 7.0\n.target sm_80\n.address_size 64\n"
    ".visible .func (.param .b32 r) cube(.param .b32 x)\n{\n"
    "    .reg .b32 %r<4>;\n    ld.param.b32 %r1, [x];\n    mul.lo.s32 %r2, %r1, %r1;\n"
    "    mul.lo.s32 %r3, %r2, %r1;\n    st.param.b32 [r], %r3;\n    ret;\n}\n";

static const char CUBES[] =
    ".version 7.0\n.target sm_80\n.address_size 64\n"
    ".extern .func (.param .b32 r) cube(.param .b32 x);\n"
    ".visible .entry cubes(.param .u64 out)\n{\n"
    "    .reg .b32 %r<3>;\n    .reg .b64 %rd<3>;\n    ld.param.u64 %rd1, [out];\n"
    "    cvta.to.global.u64 %rd2, %rd1;\n    mov.u32 %r1, %tid.x;\n    {\n"
    "    .param .b32 x;\n    st.param.b32 [x], %r1;\n    .param .b32 r;\n"
    "    call.uni (r), cube, (x);\n    ld.param.b32 %r2, [r];\n    }\n"
    "    st.global.u32 [%rd2], %r2;\n    ret;\n}\n";

/* Not LTO-IR (NVIDIA's begins 0xed 0x43 0x4e 0x7f): given as LTO-IR, refused for what it is. */
static const char LTOIR[] = "\x7f" "NVVM";

/* Prints `KEY_info` or `KEY_errors`: result, size, the log with its newlines as '|'. */
static void show_log(const char *key, nvJitLinkHandle h, int error) {
  size_t size = 0;
  nvJitLinkResult r = error ? nvJitLinkGetErrorLogSize(h, &size) : nvJitLinkGetInfoLogSize(h, &size);
  char log[4096] = "";
  if (r == NVJITLINK_SUCCESS && size <= sizeof log)
    r = error ? nvJitLinkGetErrorLog(h, log) : nvJitLinkGetInfoLog(h, log);
  for (char *c = log; *c; c++)
    if (*c == '\n') *c = '|';
  printf("%s_%s %d %zu %s\n", key, error ? "errors" : "info", r, size, log);
}

/* Links `modules` (PTX) with `options`; shows each step under `key`. */
static void link(const char *key, const char **modules, int n, const char **options, int n_options) {
  nvJitLinkHandle h = NULL;
  nvJitLinkResult r = nvJitLinkCreate(&h, n_options, options);
  printf("%s_create %d\n", key, r);
  if (r != NVJITLINK_SUCCESS) return;
  for (int i = 0; i < n; i++)
    printf("%s_add%d %d\n", key, i,
           nvJitLinkAddData(h, NVJITLINK_INPUT_PTX, modules[i], strlen(modules[i]) + 1, "module"));
  printf("%s_complete %d\n", key, nvJitLinkComplete(h));
  size_t size = 0;
  r = nvJitLinkGetLinkedCubinSize(h, &size);
  unsigned char code[1 << 16];
  if (r == NVJITLINK_SUCCESS && size <= sizeof code) r = nvJitLinkGetLinkedCubin(h, code);
  if (r == NVJITLINK_SUCCESS)
    printf("%s_cubin 0 %02x%02x%02x%02x %x\n", key, code[0], code[1], code[2], code[3],
           code[18] | code[19] << 8);
  else
    printf("%s_cubin %d\n", key, r);
  show_log(key, h, 0);
  show_log(key, h, 1);
  r = nvJitLinkDestroy(&h);
  printf("%s_destroy %d %d\n", key, r, h == NULL);
}

int main(void) {
  unsigned major = 0, minor = 0;
  nvJitLinkResult r = nvJitLinkVersion(&major, &minor);
  printf("version %d %u %u\n", r, major, minor);

  const char *arch[] = {"-arch=sm_80"};
  const char *verbose[] = {"-arch=sm_80", "-verbose", "-O3"};
  const char *no_arch[] = {"-O3"};
  const char *unknown[] = {"-arch=sm_80", "--use_fast_math"};
  const char *both[] = {CUBES, CUBE};
  const char *alone[] = {CUBES};
  nvJitLinkHandle h = NULL;
  printf("no_arch %d\n", nvJitLinkCreate(&h, 1, no_arch));
  printf("unknown %d\n", nvJitLinkCreate(&h, 2, unknown));
  printf("create_null %d\n", nvJitLinkCreate(NULL, 1, arch));
  printf("add_no_link %d\n", nvJitLinkAddData(NULL, NVJITLINK_INPUT_PTX, CUBE, sizeof CUBE, NULL));

  link("link", both, 2, arch, 1);
  link("verbose", both, 2, verbose, 3);
  link("alone", alone, 1, arch, 1);

  /* Inputs refused with their reason, the link still usable; then a second destroy. */
  r = __nvJitLinkCreate_12_4(&h, 1, arch);
  printf("create_12_4 %d\n", r);
  printf("ltoir %d\n", nvJitLinkAddData(h, NVJITLINK_INPUT_LTOIR, LTOIR, sizeof LTOIR, "lto"));
  printf("wrong_type %d\n", nvJitLinkAddData(h, NVJITLINK_INPUT_FATBIN, CUBE, sizeof CUBE, "cube"));
  printf("bad_type %d\n", nvJitLinkAddData(h, (nvJitLinkInputType)9, CUBE, sizeof CUBE, "cube"));
  printf("missing_file %d\n", nvJitLinkAddFile(h, NVJITLINK_INPUT_PTX, "/nonexistent/cube.ptx"));
  printf("cubin_early %d\n", nvJitLinkGetLinkedCubinSize(h, &(size_t){0}));
  printf("ptx_size %d\n", nvJitLinkGetLinkedPtxSize(h, &(size_t){0}));
  show_log("refusals", h, 1);
  r = nvJitLinkDestroy(&h);
  printf("destroy %d %d\n", r, h == NULL);
  printf("destroy_again %d\n", nvJitLinkDestroy(&h));

  /* `cubes` (PTX) with `cube` from nvcc-style host code: an object whose .nv_fatbin holds its PTX,
   * then a static library of it (HOST_OBJECT / HOST_LIBRARY, made by the test). */
  const char *inputs[][2] = {{"object", getenv("HOST_OBJECT")}, {"library", getenv("HOST_LIBRARY")}};
  for (int i = 0; i < 2; i++) {
    if (!inputs[i][1]) continue;
    nvJitLinkCreate(&h, 1, arch);
    r = nvJitLinkAddData(h, NVJITLINK_INPUT_PTX, CUBES, sizeof CUBES, "cubes");
    nvJitLinkResult added = nvJitLinkAddFile(
        h, i == 0 ? NVJITLINK_INPUT_OBJECT : NVJITLINK_INPUT_LIBRARY, inputs[i][1]);
    nvJitLinkResult complete = nvJitLinkComplete(h);
    size_t size = 0;
    nvJitLinkGetLinkedCubinSize(h, &size);
    printf("%s %d %d %d %d\n", inputs[i][0], r, added, complete, size > 0);
    /* The same file under the other type: refused. */
    printf("%s_mistyped %d\n", inputs[i][0],
           nvJitLinkAddFile(h, i == 0 ? NVJITLINK_INPUT_LIBRARY : NVJITLINK_INPUT_OBJECT, inputs[i][1]));
    nvJitLinkDestroy(&h);
  }
  return 0;
}
