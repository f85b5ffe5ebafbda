// Hand-written (not generated, not AMD's or NVIDIA's code): hipBLASLt on NVIDIA's cuBLASLt, the
// loopback that lets the GPU suite run cuda-as-hip's cuBLASLt layer on an NVIDIA GPU.
//
// Why: the other ROCm libraries have NVIDIA backends of AMD's own (hipBLAS's nvidia_detail/…),
// which the suite compiles into its loopbacks (scripts/gpu-suite.sh); hipBLASLt has none. This file
// is the stand-in: it exports, with C linkage, hipBLASLt's functions as AMD's hipblaslt.h 7.2.4
// declares them for the AMD platform, and implements each on cuBLASLt (<cublasLt.h>), translating
// hipBLASLt's numbers into cuBLASLt's and back. scripts/gpu-suite.sh links it, on the machine's
// libcublasLt, as libhipblaslt.so.1.2 beside the HIP loopback (hip-sys reads hipBLASLt's release
// from that file name). Only the calls cuda-as-hip's cuBLASLt layer (cuda-as-hip/src/cublaslt) and
// cudarc's cublaslt module make are here: handles, matmul descriptors, matrix layouts, preferences,
// their attributes, the heuristic and the matmul.
//
// What is translated:
//   - status codes: hipblasStatus_t (hipblas-common.h) numbers its codes 0..11, cublasStatus_t
//     sparsely (0, 1, 3, 7, 8, 11, 13..16);
//   - compute types: hipblasComputeType_t (0..10, hipblas-common.h) → cublasComputeType_t (64..77);
//   - attribute names: hipBLASLt numbers each descriptor's attributes in an order of its own;
//   - enum-valued attribute values: operations (hipBLAS's HIPBLAS_OP_N/T/C = 111/112/113 ↔
//     CUBLAS_OP_N/T/C = 0/1/2); epilogues, pointer modes and orders share cuBLASLt's numbers for the
//     values both have (hipBLASLt's _EXT epilogues and COL16_4R* orders have no cuBLASLt
//     counterpart: HIPBLAS_STATUS_NOT_SUPPORTED); data types (hipDataType = cudaDataType) and
//     scale modes pass unchanged;
//   - algorithms: cuBLASLt's cublasLtMatmulAlgo_t is 64 bytes, hipBLASLt's 24 ({uint8_t data[16];
//     size_t max_workspace_bytes;}). Each algorithm a heuristic returns is kept in a process-wide
//     registry (equal ones once); the hipBLASLt algorithm carries a tag and its index in `data`,
//     and hipblasLtMatmul looks it up.
// Handles and descriptors are cuBLASLt's pointers, passed through as hipBLASLt's opaque ones; on
// the loopback hipStream_t is cudaStream_t (the HIP loopback's streams are CUDA streams).
#include <cublasLt.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

// hipBLASLt's types and values this file needs, declared here (hipblaslt.h needs HIP's AMD headers).
// They mirror hipblaslt.h 7.2.4's AMD-platform ABI (and hipblas-common.h's enums): enums are C
// ints, handles and descriptors pointers, the algorithm and heuristic result as laid out there.
typedef enum {
  HIPBLAS_STATUS_SUCCESS = 0,
  HIPBLAS_STATUS_NOT_INITIALIZED = 1,
  HIPBLAS_STATUS_ALLOC_FAILED = 2,
  HIPBLAS_STATUS_INVALID_VALUE = 3,
  HIPBLAS_STATUS_MAPPING_ERROR = 4,
  HIPBLAS_STATUS_EXECUTION_FAILED = 5,
  HIPBLAS_STATUS_INTERNAL_ERROR = 6,
  HIPBLAS_STATUS_NOT_SUPPORTED = 7,
  HIPBLAS_STATUS_ARCH_MISMATCH = 8,
  HIPBLAS_STATUS_HANDLE_IS_NULLPTR = 9,
  HIPBLAS_STATUS_INVALID_ENUM = 10,
  HIPBLAS_STATUS_UNKNOWN = 11,
} hipblasStatus_t;

// hipblasOperation_t (hipBLAS's numbers).
enum { HIPBLAS_OP_N = 111, HIPBLAS_OP_T = 112, HIPBLAS_OP_C = 113 };

// hipblasComputeType_t: 0..10 as listed in hip_to_cuda_compute below; 100..103 are the FNUZ fp8
// compute types of AMD's Instinct GPUs, which NVIDIA's have no counterpart of.
typedef int hipblasComputeType_t;
// hipDataType: cudaDataType's numbers (passed unchanged).
typedef int hipDataType;

// The attribute enums: hipblasLtMatmulDescAttributes_t, hipblasLtMatrixLayoutAttribute_t and
// hipblasLtMatmulPreferenceAttributes_t (values in the tables below).
typedef int hipblasLtMatmulDescAttributes_t;
typedef int hipblasLtMatrixLayoutAttribute_t;
typedef int hipblasLtMatmulPreferenceAttributes_t;

// Opaque on the AMD platform: `void*` and pointers to hipblasLt*Opaque_t. Here cuBLASLt's own.
typedef void* hipblasLtHandle_t;
typedef struct hipblasLtMatmulDescOpaque_t* hipblasLtMatmulDesc_t;
typedef struct hipblasLtMatrixLayoutOpaque_t* hipblasLtMatrixLayout_t;
typedef struct hipblasLtMatmulPreferenceOpaque_t* hipblasLtMatmulPreference_t;
typedef struct ihipStream_t* hipStream_t;

typedef struct {
  uint8_t data[16];
  size_t max_workspace_bytes;
} hipblasLtMatmulAlgo_t;

typedef struct {
  hipblasLtMatmulAlgo_t algo;
  size_t workspaceSize;
  hipblasStatus_t state;
  float wavesCount;
  int reserved[4];
} hipblasLtMatmulHeuristicResult_t;

static_assert(sizeof(hipblasLtMatmulAlgo_t) == 24, "hipblasLtMatmulAlgo_t: 24 bytes");
static_assert(sizeof(hipblasLtMatmulHeuristicResult_t) == 56, "hipblasLtMatmulHeuristicResult_t: 56 bytes");
static_assert(sizeof(cublasLtMatmulAlgo_t) == 64, "cublasLtMatmulAlgo_t: 64 bytes");

#define EXPORT extern "C" __attribute__((visibility("default")))

namespace {

hipblasStatus_t to_hip(cublasStatus_t s) {
  switch (s) {
    case CUBLAS_STATUS_SUCCESS: return HIPBLAS_STATUS_SUCCESS;
    case CUBLAS_STATUS_NOT_INITIALIZED: return HIPBLAS_STATUS_NOT_INITIALIZED;
    case CUBLAS_STATUS_ALLOC_FAILED: return HIPBLAS_STATUS_ALLOC_FAILED;
    case CUBLAS_STATUS_INVALID_VALUE: return HIPBLAS_STATUS_INVALID_VALUE;
    case CUBLAS_STATUS_ARCH_MISMATCH: return HIPBLAS_STATUS_ARCH_MISMATCH;
    case CUBLAS_STATUS_MAPPING_ERROR: return HIPBLAS_STATUS_MAPPING_ERROR;
    case CUBLAS_STATUS_EXECUTION_FAILED: return HIPBLAS_STATUS_EXECUTION_FAILED;
    case CUBLAS_STATUS_INTERNAL_ERROR: return HIPBLAS_STATUS_INTERNAL_ERROR;
    case CUBLAS_STATUS_NOT_SUPPORTED: return HIPBLAS_STATUS_NOT_SUPPORTED;
    default: return HIPBLAS_STATUS_UNKNOWN;  // CUBLAS_STATUS_LICENSE_ERROR has no hipBLAS code
  }
}

// hipblasComputeType_t → cublasComputeType_t; false where cuBLASLt has none.
bool hip_to_cuda_compute(hipblasComputeType_t hip, cublasComputeType_t* cuda) {
  switch (hip) {
    case 0: *cuda = CUBLAS_COMPUTE_16F; return true;
    case 1: *cuda = CUBLAS_COMPUTE_16F_PEDANTIC; return true;
    case 2: *cuda = CUBLAS_COMPUTE_32F; return true;
    case 3: *cuda = CUBLAS_COMPUTE_32F_PEDANTIC; return true;
    case 4: *cuda = CUBLAS_COMPUTE_32F_FAST_16F; return true;
    case 5: *cuda = CUBLAS_COMPUTE_32F_FAST_16BF; return true;
    case 6: *cuda = CUBLAS_COMPUTE_32F_FAST_TF32; return true;
    case 7: *cuda = CUBLAS_COMPUTE_64F; return true;
    case 8: *cuda = CUBLAS_COMPUTE_64F_PEDANTIC; return true;
    case 9: *cuda = CUBLAS_COMPUTE_32I; return true;
    case 10: *cuda = CUBLAS_COMPUTE_32I_PEDANTIC; return true;
    default: return false;
  }
}

// How an attribute's value translates: as bytes (integers, pointers, data types, scale modes), or
// as one of the enums whose numbers differ or whose values the two libraries do not all share.
enum class Value { Bytes, Operation, Epilogue, PointerMode, Order };

// One hipBLASLt attribute: its cuBLASLt counterpart (-1: none) and how its value translates.
struct Attribute {
  int hip;
  int cuda;
  Value value;
};

// hipblasLtMatmulDescAttributes_t (hipblaslt.h 7.2.4) → cublasLtMatmulDescAttributes_t.
const Attribute kMatmulDesc[] = {
    {0, CUBLASLT_MATMUL_DESC_TRANSA, Value::Operation},
    {1, CUBLASLT_MATMUL_DESC_TRANSB, Value::Operation},
    {2, CUBLASLT_MATMUL_DESC_EPILOGUE, Value::Epilogue},
    {3, CUBLASLT_MATMUL_DESC_BIAS_POINTER, Value::Bytes},
    {4, CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, Value::Bytes},
    {5, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, Value::Bytes},
    {6, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, Value::Bytes},
    {7, CUBLASLT_MATMUL_DESC_C_SCALE_POINTER, Value::Bytes},
    {8, CUBLASLT_MATMUL_DESC_D_SCALE_POINTER, Value::Bytes},
    {9, CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_SCALE_POINTER, Value::Bytes},
    {10, CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_POINTER, Value::Bytes},
    {11, CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_LD, Value::Bytes},
    {12, CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_BATCH_STRIDE, Value::Bytes},
    {13, CUBLASLT_MATMUL_DESC_POINTER_MODE, Value::PointerMode},
    {14, CUBLASLT_MATMUL_DESC_AMAX_D_POINTER, Value::Bytes},
    {22, CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_DATA_TYPE, Value::Bytes},
    {31, CUBLASLT_MATMUL_DESC_A_SCALE_MODE, Value::Bytes},
    {32, CUBLASLT_MATMUL_DESC_B_SCALE_MODE, Value::Bytes},
    // hipBLASLt's extensions: compute input types of A and B, the activation's two arguments.
    {100, -1, Value::Bytes},
    {101, -1, Value::Bytes},
    {102, -1, Value::Bytes},
    {103, -1, Value::Bytes},
};

// hipblasLtMatrixLayoutAttribute_t → cublasLtMatrixLayoutAttribute_t.
const Attribute kMatrixLayout[] = {
    {0, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, Value::Bytes},
    {1, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, Value::Bytes},
    {2, CUBLASLT_MATRIX_LAYOUT_TYPE, Value::Bytes},
    {3, CUBLASLT_MATRIX_LAYOUT_ORDER, Value::Order},
    {4, CUBLASLT_MATRIX_LAYOUT_ROWS, Value::Bytes},
    {5, CUBLASLT_MATRIX_LAYOUT_COLS, Value::Bytes},
    {6, CUBLASLT_MATRIX_LAYOUT_LD, Value::Bytes},
};

// hipblasLtMatmulPreferenceAttributes_t → cublasLtMatmulPreferenceAttributes_t.
const Attribute kPreference[] = {
    {0, CUBLASLT_MATMUL_PREF_SEARCH_MODE, Value::Bytes},
    {1, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, Value::Bytes},
};

template <size_t N>
const Attribute* find(const Attribute (&table)[N], int hip) {
  for (const Attribute& a : table)
    if (a.hip == hip) return &a;
  return nullptr;
}

// The epilogues both libraries have, under the same numbers (DEFAULT, RELU, BIAS, RELU_BIAS, GELU,
// GELU_BIAS, RELU_AUX, RELU_AUX_BIAS, GELU_AUX, GELU_AUX_BIAS, DGELU, DGELU_BGRAD, BGRADA, BGRADB).
bool shared_epilogue(int32_t v) {
  switch (v) {
    case 1: case 2: case 4: case 6: case 32: case 36: case 130: case 134: case 160: case 164:
    case 192: case 208: case 256: case 512:
      return true;
    default:
      return false;
  }
}

// An enum value set through hipBLASLt, in cuBLASLt's numbers.
hipblasStatus_t value_to_cuda(Value kind, int32_t hip, int32_t* cuda) {
  switch (kind) {
    case Value::Operation:
      if (hip < HIPBLAS_OP_N || hip > HIPBLAS_OP_C) return HIPBLAS_STATUS_INVALID_VALUE;
      *cuda = hip == HIPBLAS_OP_N ? CUBLAS_OP_N : hip == HIPBLAS_OP_T ? CUBLAS_OP_T : CUBLAS_OP_C;
      return HIPBLAS_STATUS_SUCCESS;
    case Value::Epilogue:
      // hipBLASLt's _EXT epilogues (SWISH, CLAMP, SIGMOID: bit 16 and up) have no counterpart.
      if (!shared_epilogue(hip)) return hip >= 65536 ? HIPBLAS_STATUS_NOT_SUPPORTED : HIPBLAS_STATUS_INVALID_VALUE;
      *cuda = hip;
      return HIPBLAS_STATUS_SUCCESS;
    case Value::PointerMode:  // HOST 0, DEVICE 1, ALPHA_DEVICE_VECTOR_BETA_HOST 4: hipBLASLt's three
      if (hip != 0 && hip != 1 && hip != 4) return HIPBLAS_STATUS_INVALID_VALUE;
      *cuda = hip;
      return HIPBLAS_STATUS_SUCCESS;
    case Value::Order:  // COL 0, ROW 1; hipBLASLt's COL16_4R* (100..103) are AMD's tile layouts
      if (hip != 0 && hip != 1) return hip >= 100 && hip <= 103 ? HIPBLAS_STATUS_NOT_SUPPORTED : HIPBLAS_STATUS_INVALID_VALUE;
      *cuda = hip;
      return HIPBLAS_STATUS_SUCCESS;
    case Value::Bytes:
      break;
  }
  *cuda = hip;
  return HIPBLAS_STATUS_SUCCESS;
}

// An enum value cuBLASLt holds, in hipBLASLt's numbers. Only operations differ: every other value
// got there through value_to_cuda, which admits only the numbers both libraries share (or is
// cuBLASLt's default, which is hipBLASLt's too).
hipblasStatus_t value_to_hip(Value kind, int32_t cuda, int32_t* hip) {
  if (kind != Value::Operation) {
    *hip = cuda;
    return HIPBLAS_STATUS_SUCCESS;
  }
  switch (cuda) {
    case CUBLAS_OP_N: *hip = HIPBLAS_OP_N; return HIPBLAS_STATUS_SUCCESS;
    case CUBLAS_OP_T: *hip = HIPBLAS_OP_T; return HIPBLAS_STATUS_SUCCESS;
    case CUBLAS_OP_C: *hip = HIPBLAS_OP_C; return HIPBLAS_STATUS_SUCCESS;
    default: return HIPBLAS_STATUS_INTERNAL_ERROR;  // CUBLAS_OP_CONJG: never set through hipBLASLt
  }
}

// An attribute set: the value translated into a local 4-byte buffer when it is an enum's (the
// enum-valued attributes are 32-bit in both libraries; another size is refused, as both refuse it).
template <size_t N, typename Set>
hipblasStatus_t set_attribute(const Attribute (&table)[N], int attr, const void* buf, size_t size, Set set) {
  const Attribute* a = find(table, attr);
  if (!a) return HIPBLAS_STATUS_INVALID_VALUE;
  if (a->cuda < 0) return HIPBLAS_STATUS_NOT_SUPPORTED;
  if (a->value == Value::Bytes) return to_hip(set(a->cuda, buf, size));
  if (!buf || size != sizeof(int32_t)) return HIPBLAS_STATUS_INVALID_VALUE;
  int32_t hip, cuda;
  std::memcpy(&hip, buf, sizeof hip);
  hipblasStatus_t s = value_to_cuda(a->value, hip, &cuda);
  if (s != HIPBLAS_STATUS_SUCCESS) return s;
  return to_hip(set(a->cuda, &cuda, sizeof cuda));
}

// An attribute read: cuBLASLt's answer, an enum's value (when it wrote one) in hipBLASLt's numbers.
template <size_t N, typename Get>
hipblasStatus_t get_attribute(const Attribute (&table)[N], int attr, void* buf, size_t size, Get get) {
  const Attribute* a = find(table, attr);
  if (!a) return HIPBLAS_STATUS_INVALID_VALUE;
  if (a->cuda < 0) return HIPBLAS_STATUS_NOT_SUPPORTED;
  hipblasStatus_t s = to_hip(get(a->cuda));
  if (s != HIPBLAS_STATUS_SUCCESS || a->value == Value::Bytes || !buf || size < sizeof(int32_t)) return s;
  int32_t cuda, hip;
  std::memcpy(&cuda, buf, sizeof cuda);
  s = value_to_hip(a->value, cuda, &hip);
  if (s == HIPBLAS_STATUS_SUCCESS) std::memcpy(buf, &hip, sizeof hip);
  return s;
}

// The algorithm registry: every distinct cuBLASLt algorithm a heuristic returned, for the life of
// the process (a handful: cudarc asks for a heuristic before each matmul, and equal ones are kept
// once). Never destroyed, so a matmul during exit still finds it.
struct Registry {
  std::mutex lock;
  std::vector<cublasLtMatmulAlgo_t> algos;
};

Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

// The tag of a hipBLASLt algorithm this file made: data[0..4] = kTag, data[4..8] = the index.
constexpr uint32_t kTag = 0x41744c63;  // "cLtA"

// The hipBLASLt algorithm that stands for `algo` (registered if new); false if memory ran out.
bool register_algo(const cublasLtMatmulAlgo_t& algo, size_t workspace, hipblasLtMatmulAlgo_t* out) {
  Registry& r = registry();
  std::lock_guard<std::mutex> guard(r.lock);
  size_t i = 0;
  while (i < r.algos.size() && std::memcmp(&r.algos[i], &algo, sizeof algo) != 0) i++;
  if (i == r.algos.size()) {
    if (i > UINT32_MAX) return false;
    try {
      r.algos.push_back(algo);
    } catch (const std::bad_alloc&) {
      return false;
    }
  }
  uint32_t index = static_cast<uint32_t>(i);
  std::memset(out, 0, sizeof *out);
  std::memcpy(out->data, &kTag, sizeof kTag);
  std::memcpy(out->data + 4, &index, sizeof index);
  out->max_workspace_bytes = workspace;
  return true;
}

// The cuBLASLt algorithm a hipBLASLt one stands for; false if it is none of this file's.
bool lookup_algo(const hipblasLtMatmulAlgo_t& algo, cublasLtMatmulAlgo_t* out) {
  uint32_t tag, index;
  std::memcpy(&tag, algo.data, sizeof tag);
  std::memcpy(&index, algo.data + 4, sizeof index);
  if (tag != kTag) return false;
  Registry& r = registry();
  std::lock_guard<std::mutex> guard(r.lock);
  if (index >= r.algos.size()) return false;
  *out = r.algos[index];
  return true;
}

cublasLtHandle_t lt(hipblasLtHandle_t h) { return static_cast<cublasLtHandle_t>(h); }
cublasLtMatmulDesc_t lt(hipblasLtMatmulDesc_t d) { return reinterpret_cast<cublasLtMatmulDesc_t>(d); }
cublasLtMatrixLayout_t lt(hipblasLtMatrixLayout_t l) { return reinterpret_cast<cublasLtMatrixLayout_t>(l); }
cublasLtMatmulPreference_t lt(hipblasLtMatmulPreference_t p) { return reinterpret_cast<cublasLtMatmulPreference_t>(p); }

}  // namespace

// Handles.
EXPORT hipblasStatus_t hipblasLtCreate(hipblasLtHandle_t* handle) {
  cublasLtHandle_t h = nullptr;
  cublasStatus_t s = cublasLtCreate(handle ? &h : nullptr);
  if (s == CUBLAS_STATUS_SUCCESS) *handle = h;
  return to_hip(s);
}
EXPORT hipblasStatus_t hipblasLtDestroy(const hipblasLtHandle_t handle) { return to_hip(cublasLtDestroy(lt(handle))); }

// Matmul descriptors.
EXPORT hipblasStatus_t hipblasLtMatmulDescCreate(hipblasLtMatmulDesc_t* desc, hipblasComputeType_t compute, hipDataType scale) {
  cublasComputeType_t c;
  if (!hip_to_cuda_compute(compute, &c)) return HIPBLAS_STATUS_NOT_SUPPORTED;
  cublasLtMatmulDesc_t d = nullptr;
  cublasStatus_t s = cublasLtMatmulDescCreate(desc ? &d : nullptr, c, static_cast<cudaDataType_t>(scale));
  if (s == CUBLAS_STATUS_SUCCESS) *desc = reinterpret_cast<hipblasLtMatmulDesc_t>(d);
  return to_hip(s);
}
EXPORT hipblasStatus_t hipblasLtMatmulDescDestroy(const hipblasLtMatmulDesc_t desc) { return to_hip(cublasLtMatmulDescDestroy(lt(desc))); }
EXPORT hipblasStatus_t hipblasLtMatmulDescSetAttribute(hipblasLtMatmulDesc_t desc, hipblasLtMatmulDescAttributes_t attr, const void* buf, size_t size) {
  return set_attribute(kMatmulDesc, attr, buf, size, [&](int a, const void* b, size_t n) {
    return cublasLtMatmulDescSetAttribute(lt(desc), static_cast<cublasLtMatmulDescAttributes_t>(a), b, n);
  });
}
EXPORT hipblasStatus_t hipblasLtMatmulDescGetAttribute(hipblasLtMatmulDesc_t desc, hipblasLtMatmulDescAttributes_t attr, void* buf, size_t size, size_t* written) {
  return get_attribute(kMatmulDesc, attr, buf, size, [&](int a) {
    return cublasLtMatmulDescGetAttribute(lt(desc), static_cast<cublasLtMatmulDescAttributes_t>(a), buf, size, written);
  });
}

// Matrix layouts.
EXPORT hipblasStatus_t hipblasLtMatrixLayoutCreate(hipblasLtMatrixLayout_t* layout, hipDataType type, uint64_t rows, uint64_t cols, int64_t ld) {
  cublasLtMatrixLayout_t l = nullptr;
  cublasStatus_t s = cublasLtMatrixLayoutCreate(layout ? &l : nullptr, static_cast<cudaDataType_t>(type), rows, cols, ld);
  if (s == CUBLAS_STATUS_SUCCESS) *layout = reinterpret_cast<hipblasLtMatrixLayout_t>(l);
  return to_hip(s);
}
EXPORT hipblasStatus_t hipblasLtMatrixLayoutDestroy(const hipblasLtMatrixLayout_t layout) { return to_hip(cublasLtMatrixLayoutDestroy(lt(layout))); }
EXPORT hipblasStatus_t hipblasLtMatrixLayoutSetAttribute(hipblasLtMatrixLayout_t layout, hipblasLtMatrixLayoutAttribute_t attr, const void* buf, size_t size) {
  return set_attribute(kMatrixLayout, attr, buf, size, [&](int a, const void* b, size_t n) {
    return cublasLtMatrixLayoutSetAttribute(lt(layout), static_cast<cublasLtMatrixLayoutAttribute_t>(a), b, n);
  });
}
EXPORT hipblasStatus_t hipblasLtMatrixLayoutGetAttribute(hipblasLtMatrixLayout_t layout, hipblasLtMatrixLayoutAttribute_t attr, void* buf, size_t size, size_t* written) {
  return get_attribute(kMatrixLayout, attr, buf, size, [&](int a) {
    return cublasLtMatrixLayoutGetAttribute(lt(layout), static_cast<cublasLtMatrixLayoutAttribute_t>(a), buf, size, written);
  });
}

// Preferences.
EXPORT hipblasStatus_t hipblasLtMatmulPreferenceCreate(hipblasLtMatmulPreference_t* pref) {
  cublasLtMatmulPreference_t p = nullptr;
  cublasStatus_t s = cublasLtMatmulPreferenceCreate(pref ? &p : nullptr);
  if (s == CUBLAS_STATUS_SUCCESS) *pref = reinterpret_cast<hipblasLtMatmulPreference_t>(p);
  return to_hip(s);
}
EXPORT hipblasStatus_t hipblasLtMatmulPreferenceDestroy(const hipblasLtMatmulPreference_t pref) { return to_hip(cublasLtMatmulPreferenceDestroy(lt(pref))); }
EXPORT hipblasStatus_t hipblasLtMatmulPreferenceSetAttribute(hipblasLtMatmulPreference_t pref, hipblasLtMatmulPreferenceAttributes_t attr, const void* buf, size_t size) {
  return set_attribute(kPreference, attr, buf, size, [&](int a, const void* b, size_t n) {
    return cublasLtMatmulPreferenceSetAttribute(lt(pref), static_cast<cublasLtMatmulPreferenceAttributes_t>(a), b, n);
  });
}
EXPORT hipblasStatus_t hipblasLtMatmulPreferenceGetAttribute(hipblasLtMatmulPreference_t pref, hipblasLtMatmulPreferenceAttributes_t attr, void* buf, size_t size, size_t* written) {
  return get_attribute(kPreference, attr, buf, size, [&](int a) {
    return cublasLtMatmulPreferenceGetAttribute(lt(pref), static_cast<cublasLtMatmulPreferenceAttributes_t>(a), buf, size, written);
  });
}

// The heuristic: cuBLASLt's results, each algorithm registered and stood for by a hipBLASLt one.
EXPORT hipblasStatus_t hipblasLtMatmulAlgoGetHeuristic(hipblasLtHandle_t handle, hipblasLtMatmulDesc_t desc,
                                                       hipblasLtMatrixLayout_t a, hipblasLtMatrixLayout_t b,
                                                       hipblasLtMatrixLayout_t c, hipblasLtMatrixLayout_t d,
                                                       hipblasLtMatmulPreference_t pref, int requested,
                                                       hipblasLtMatmulHeuristicResult_t results[], int* returned) {
  if (requested <= 0 || !results || !returned)  // cuBLASLt's own checks, before any allocation
    return to_hip(cublasLtMatmulAlgoGetHeuristic(lt(handle), lt(desc), lt(a), lt(b), lt(c), lt(d), lt(pref),
                                                 requested, nullptr, returned));
  std::vector<cublasLtMatmulHeuristicResult_t> cuda;
  try {
    cuda.resize(static_cast<size_t>(requested));
  } catch (const std::bad_alloc&) {
    return HIPBLAS_STATUS_ALLOC_FAILED;
  }
  cublasStatus_t s = cublasLtMatmulAlgoGetHeuristic(lt(handle), lt(desc), lt(a), lt(b), lt(c), lt(d), lt(pref),
                                                    requested, cuda.data(), returned);
  if (s != CUBLAS_STATUS_SUCCESS) return to_hip(s);
  int n = *returned < 0 ? 0 : *returned > requested ? requested : *returned;
  for (int i = 0; i < n; i++) {
    hipblasLtMatmulHeuristicResult_t r;
    std::memset(&r, 0, sizeof r);
    if (!register_algo(cuda[i].algo, cuda[i].workspaceSize, &r.algo)) return HIPBLAS_STATUS_ALLOC_FAILED;
    r.workspaceSize = cuda[i].workspaceSize;
    r.state = to_hip(cuda[i].state);
    r.wavesCount = cuda[i].wavesCount;
    results[i] = r;
  }
  return HIPBLAS_STATUS_SUCCESS;
}

// The matmul, with the registered algorithm the hipBLASLt one stands for (NULL: cuBLASLt chooses).
EXPORT hipblasStatus_t hipblasLtMatmul(hipblasLtHandle_t handle, hipblasLtMatmulDesc_t desc, const void* alpha,
                                       const void* A, hipblasLtMatrixLayout_t Adesc, const void* B,
                                       hipblasLtMatrixLayout_t Bdesc, const void* beta, const void* C,
                                       hipblasLtMatrixLayout_t Cdesc, void* D, hipblasLtMatrixLayout_t Ddesc,
                                       const hipblasLtMatmulAlgo_t* algo, void* workspace, size_t workspace_size,
                                       hipStream_t stream) {
  cublasLtMatmulAlgo_t cuda_algo;
  if (algo && !lookup_algo(*algo, &cuda_algo)) return HIPBLAS_STATUS_INVALID_VALUE;
  return to_hip(cublasLtMatmul(lt(handle), lt(desc), alpha, A, lt(Adesc), B, lt(Bdesc), beta, C, lt(Cdesc), D,
                               lt(Ddesc), algo ? &cuda_algo : nullptr, workspace, workspace_size,
                               reinterpret_cast<cudaStream_t>(stream)));
}
