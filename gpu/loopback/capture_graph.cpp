// Hand-written (not generated): the loopback's stream-capture, graph and host-function calls, the
// driver-style array creation and texture objects HIP 5.2.3's NVIDIA layer also lacks, and its 2-D
// copies and pointer attributes (at the end).
//
// HIP 5.2.3's NVIDIA layer defines hipStreamBeginCapture, hipGraph* … only inside `#ifdef __CUDACC__`
// (nvidia_hip_runtime_api.h), and hipStreamIsCapturing / hipLaunchHostFunc not at all, so the
// generated wrapper file (compiled by g++) has none of them, and the loopback lacked every function
// AMD's HIP 5.2.3 declares for capture and graphs. Each function here is AMD's HIP 5.2.3 signature
// forwarded to CUDA 11.8's runtime (or driver) — one call each. On the NVIDIA platform hipGraph_t,
// hipStreamCaptureMode/Status, hipGraphNodeType, hipGraphExecUpdateResult and hipHostNodeParams
// are CUDA's own types, with CUDA's values and layout, equal to AMD's. The exported names are HIP's
// directly: no declaration of them is visible to g++, so nothing needs renaming.
// Built and linked by scripts/gpu-suite.sh beside the generated hip_on_nvidia.cpp.
#include <hip/hip_runtime_api.h>
#include <cuda.h>

#define EXPORT extern "C" __attribute__((visibility("default")))

// Stream capture.
EXPORT hipError_t hipStreamBeginCapture(hipStream_t s, hipStreamCaptureMode mode) { return hipCUDAErrorTohipError(cudaStreamBeginCapture(s, mode)); }
EXPORT hipError_t hipStreamEndCapture(hipStream_t s, hipGraph_t* graph) { return hipCUDAErrorTohipError(cudaStreamEndCapture(s, graph)); }
EXPORT hipError_t hipStreamIsCapturing(hipStream_t s, hipStreamCaptureStatus* status) { return hipCUDAErrorTohipError(cudaStreamIsCapturing(s, status)); }
EXPORT hipError_t hipStreamGetCaptureInfo(hipStream_t s, hipStreamCaptureStatus* status, unsigned long long* id) { return hipCUDAErrorTohipError(cudaStreamGetCaptureInfo(s, status, id)); }
EXPORT hipError_t hipStreamGetCaptureInfo_v2(hipStream_t s, hipStreamCaptureStatus* status, unsigned long long* id, hipGraph_t* graph, const hipGraphNode_t** deps, size_t* n) { return hipCUDAErrorTohipError(cudaStreamGetCaptureInfo_v2(s, status, id, graph, deps, n)); }
EXPORT hipError_t hipStreamUpdateCaptureDependencies(hipStream_t s, hipGraphNode_t* deps, size_t n, unsigned int flags) { return hipCUDAErrorTohipError(cudaStreamUpdateCaptureDependencies(s, deps, n, flags)); }
EXPORT hipError_t hipThreadExchangeStreamCaptureMode(hipStreamCaptureMode* mode) { return hipCUDAErrorTohipError(cudaThreadExchangeStreamCaptureMode(mode)); }

// Graphs and executable graphs.
EXPORT hipError_t hipGraphCreate(hipGraph_t* graph, unsigned int flags) { return hipCUDAErrorTohipError(cudaGraphCreate(graph, flags)); }
EXPORT hipError_t hipGraphDestroy(hipGraph_t graph) { return hipCUDAErrorTohipError(cudaGraphDestroy(graph)); }
EXPORT hipError_t hipGraphClone(hipGraph_t* clone, hipGraph_t graph) { return hipCUDAErrorTohipError(cudaGraphClone(clone, graph)); }
EXPORT hipError_t hipGraphInstantiate(hipGraphExec_t* exec, hipGraph_t graph, hipGraphNode_t* error_node, char* log, size_t log_size) { return hipCUDAErrorTohipError(cudaGraphInstantiate(exec, graph, error_node, log, log_size)); }
EXPORT hipError_t hipGraphInstantiateWithFlags(hipGraphExec_t* exec, hipGraph_t graph, unsigned long long flags) { return hipCUDAErrorTohipError(cudaGraphInstantiateWithFlags(exec, graph, flags)); }
EXPORT hipError_t hipGraphUpload(hipGraphExec_t exec, hipStream_t s) { return hipCUDAErrorTohipError(cudaGraphUpload(exec, s)); }
EXPORT hipError_t hipGraphLaunch(hipGraphExec_t exec, hipStream_t s) { return hipCUDAErrorTohipError(cudaGraphLaunch(exec, s)); }
EXPORT hipError_t hipGraphExecDestroy(hipGraphExec_t exec) { return hipCUDAErrorTohipError(cudaGraphExecDestroy(exec)); }
EXPORT hipError_t hipGraphExecUpdate(hipGraphExec_t exec, hipGraph_t graph, hipGraphNode_t* error_node, hipGraphExecUpdateResult* result) { return hipCUDAErrorTohipError(cudaGraphExecUpdate(exec, graph, error_node, result)); }

// Nodes and edges.
EXPORT hipError_t hipGraphGetNodes(hipGraph_t graph, hipGraphNode_t* nodes, size_t* n) { return hipCUDAErrorTohipError(cudaGraphGetNodes(graph, nodes, n)); }
EXPORT hipError_t hipGraphGetRootNodes(hipGraph_t graph, hipGraphNode_t* nodes, size_t* n) { return hipCUDAErrorTohipError(cudaGraphGetRootNodes(graph, nodes, n)); }
// AMD's HIP 5.2.3 numbers node types from 1 (hipGraphNodeTypeKernel = 1 … EventRecord = 8), CUDA from 0
// (kernel 0 … event record 7); CUDA's later types have no AMD 5.2.3 value: hipGraphNodeTypeCount.
EXPORT hipError_t hipGraphNodeGetType(hipGraphNode_t node, int* type) {
  cudaGraphNodeType t;
  cudaError_t r = cudaGraphNodeGetType(node, &t);
  if (r == cudaSuccess && type) *type = t <= cudaGraphNodeTypeEventRecord ? t + 1 : 12;
  return hipCUDAErrorTohipError(r);
}
EXPORT hipError_t hipGraphDestroyNode(hipGraphNode_t node) { return hipCUDAErrorTohipError(cudaGraphDestroyNode(node)); }
EXPORT hipError_t hipGraphAddDependencies(hipGraph_t graph, const hipGraphNode_t* from, const hipGraphNode_t* to, size_t n) { return hipCUDAErrorTohipError(cudaGraphAddDependencies(graph, from, to, n)); }
EXPORT hipError_t hipGraphAddEmptyNode(hipGraphNode_t* node, hipGraph_t graph, const hipGraphNode_t* deps, size_t n) { return hipCUDAErrorTohipError(cudaGraphAddEmptyNode(node, graph, deps, n)); }

// Host functions and host nodes (hipHostNodeParams is cudaHostNodeParams: {fn, userData} both).
EXPORT hipError_t hipLaunchHostFunc(hipStream_t s, hipHostFn_t fn, void* data) { return hipCUDAErrorTohipError(cudaLaunchHostFunc(s, fn, data)); }
EXPORT hipError_t hipGraphAddHostNode(hipGraphNode_t* node, hipGraph_t graph, const hipGraphNode_t* deps, size_t n, const hipHostNodeParams* p) { return hipCUDAErrorTohipError(cudaGraphAddHostNode(node, graph, deps, n, p)); }
EXPORT hipError_t hipGraphHostNodeGetParams(hipGraphNode_t node, hipHostNodeParams* p) { return hipCUDAErrorTohipError(cudaGraphHostNodeGetParams(node, p)); }
EXPORT hipError_t hipGraphHostNodeSetParams(hipGraphNode_t node, const hipHostNodeParams* p) { return hipCUDAErrorTohipError(cudaGraphHostNodeSetParams(node, p)); }
EXPORT hipError_t hipGraphExecHostNodeSetParams(hipGraphExec_t exec, hipGraphNode_t node, const hipHostNodeParams* p) { return hipCUDAErrorTohipError(cudaGraphExecHostNodeSetParams(exec, node, p)); }

// Kernel nodes. AMD's hipKernelNodeParams orders its fields differently from CUDA's, and its `func`
// is a module function (hipFunction_t, here a CUfunction) where cudaKernelNodeParams wants a
// runtime kernel symbol: so these go to the driver's CUDA_KERNEL_NODE_PARAMS, field by field.
struct AmdKernelNodeParams { dim3 blockDim; void** extra; void* func; dim3 gridDim; void** kernelParams; unsigned int sharedMemBytes; };

static CUDA_KERNEL_NODE_PARAMS to_cuda(const AmdKernelNodeParams* p) {
  return {(CUfunction)p->func, p->gridDim.x, p->gridDim.y, p->gridDim.z, p->blockDim.x, p->blockDim.y, p->blockDim.z, p->sharedMemBytes, p->kernelParams, p->extra};
}
static AmdKernelNodeParams to_amd(const CUDA_KERNEL_NODE_PARAMS& p) {
  return {{p.blockDimX, p.blockDimY, p.blockDimZ}, p.extra, (void*)p.func, {p.gridDimX, p.gridDimY, p.gridDimZ}, p.kernelParams, p.sharedMemBytes};
}

EXPORT hipError_t hipGraphAddKernelNode(hipGraphNode_t* node, hipGraph_t graph, const hipGraphNode_t* deps, size_t n, const AmdKernelNodeParams* p) {
  if (!p) return hipErrorInvalidValue;
  CUDA_KERNEL_NODE_PARAMS c = to_cuda(p);
  return hipCUResultTohipError(cuGraphAddKernelNode((CUgraphNode*)node, (CUgraph)graph, (const CUgraphNode*)deps, n, &c));
}
EXPORT hipError_t hipGraphKernelNodeGetParams(hipGraphNode_t node, AmdKernelNodeParams* p) {
  if (!p) return hipErrorInvalidValue;
  CUDA_KERNEL_NODE_PARAMS c;
  CUresult r = cuGraphKernelNodeGetParams((CUgraphNode)node, &c);
  if (r == CUDA_SUCCESS) *p = to_amd(c);
  return hipCUResultTohipError(r);
}
EXPORT hipError_t hipGraphKernelNodeSetParams(hipGraphNode_t node, const AmdKernelNodeParams* p) {
  if (!p) return hipErrorInvalidValue;
  CUDA_KERNEL_NODE_PARAMS c = to_cuda(p);
  return hipCUResultTohipError(cuGraphKernelNodeSetParams((CUgraphNode)node, &c));
}
EXPORT hipError_t hipGraphExecKernelNodeSetParams(hipGraphExec_t exec, hipGraphNode_t node, const AmdKernelNodeParams* p) {
  if (!p) return hipErrorInvalidValue;
  CUDA_KERNEL_NODE_PARAMS c = to_cuda(p);
  return hipCUResultTohipError(cuGraphExecKernelNodeSetParams((CUgraphExec)exec, (CUgraphNode)node, &c));
}

// Memset nodes (read back after a capture): AMD's hipMemsetParams also orders its fields differently.
struct AmdMemsetParams { void* dst; unsigned int elementSize; size_t height; size_t pitch; unsigned int value; size_t width; };

EXPORT hipError_t hipGraphMemsetNodeGetParams(hipGraphNode_t node, AmdMemsetParams* p) {
  if (!p) return hipErrorInvalidValue;
  cudaMemsetParams c;
  cudaError_t r = cudaGraphMemsetNodeGetParams(node, &c);
  if (r == cudaSuccess) *p = {c.dst, c.elementSize, c.height, c.pitch, c.value, c.width};
  return hipCUDAErrorTohipError(r);
}
EXPORT hipError_t hipGraphMemsetNodeSetParams(hipGraphNode_t node, const AmdMemsetParams* p) {
  if (!p) return hipErrorInvalidValue;
  cudaMemsetParams c = {p->dst, p->pitch, p->value, p->elementSize, p->width, p->height};
  return hipCUDAErrorTohipError(cudaGraphMemsetNodeSetParams(node, &c));
}
static cudaMemsetParams to_cuda(const AmdMemsetParams* p) {
  return {p->dst, p->pitch, p->value, p->elementSize, p->width, p->height};
}
EXPORT hipError_t hipGraphAddMemsetNode(hipGraphNode_t* node, hipGraph_t graph, const hipGraphNode_t* deps, size_t n, const AmdMemsetParams* p) {
  if (!p) return hipErrorInvalidValue;
  cudaMemsetParams c = to_cuda(p);
  return hipCUDAErrorTohipError(cudaGraphAddMemsetNode(node, graph, deps, n, &c));
}
EXPORT hipError_t hipGraphExecMemsetNodeSetParams(hipGraphExec_t exec, hipGraphNode_t node, const AmdMemsetParams* p) {
  if (!p) return hipErrorInvalidValue;
  cudaMemsetParams c = to_cuda(p);
  return hipCUDAErrorTohipError(cudaGraphExecMemsetNodeSetParams(exec, node, &c));
}

// Memcpy nodes: AMD's hipMemcpy3DParms is cudaMemcpy3DParms field for field (hipPos, hipPitchedPtr,
// hipExtent and hipMemcpyKind are CUDA's shapes and values; a hipArray_t here is a cudaArray_t).
EXPORT hipError_t hipGraphAddMemcpyNode(hipGraphNode_t* node, hipGraph_t graph, const hipGraphNode_t* deps, size_t n, const cudaMemcpy3DParms* p) { return hipCUDAErrorTohipError(cudaGraphAddMemcpyNode(node, graph, deps, n, p)); }
EXPORT hipError_t hipGraphMemcpyNodeGetParams(hipGraphNode_t node, cudaMemcpy3DParms* p) { return hipCUDAErrorTohipError(cudaGraphMemcpyNodeGetParams(node, p)); }
EXPORT hipError_t hipGraphMemcpyNodeSetParams(hipGraphNode_t node, const cudaMemcpy3DParms* p) { return hipCUDAErrorTohipError(cudaGraphMemcpyNodeSetParams(node, p)); }
EXPORT hipError_t hipGraphExecMemcpyNodeSetParams(hipGraphExec_t exec, hipGraphNode_t node, cudaMemcpy3DParms* p) { return hipCUDAErrorTohipError(cudaGraphExecMemcpyNodeSetParams(exec, node, p)); }

// Driver-style arrays: AMD's HIP_ARRAY_DESCRIPTOR / HIP_ARRAY3D_DESCRIPTOR are CUDA's field for field,
// with CUDA's format and flag values; a hipArray* here is a CUarray (as the runtime's cudaArray_t is).
EXPORT hipError_t hipArrayCreate(hipArray** array, const CUDA_ARRAY_DESCRIPTOR* p) { return hipCUResultTohipError(cuArrayCreate((CUarray*)array, p)); }
EXPORT hipError_t hipArray3DCreate(hipArray** array, const CUDA_ARRAY3D_DESCRIPTOR* p) { return hipCUResultTohipError(cuArray3DCreate((CUarray*)array, p)); }
EXPORT hipError_t hipArrayDestroy(hipArray* array) { return hipCUResultTohipError(cuArrayDestroy((CUarray)array)); }

// Driver-style texture objects: nvidia_detail defines them only under __CUDACC__. AMD's
// HIP_RESOURCE_DESC / HIP_TEXTURE_DESC / HIP_RESOURCE_VIEW_DESC are CUDA's field for field, with
// CUDA's resource types, formats, address and filter modes; a hipTextureObject_t is a CUtexObject.
EXPORT hipError_t hipTexObjectCreate(hipTextureObject_t* t, const CUDA_RESOURCE_DESC* r, const CUDA_TEXTURE_DESC* d, const CUDA_RESOURCE_VIEW_DESC* v) { return hipCUResultTohipError(cuTexObjectCreate((CUtexObject*)t, r, d, v)); }
EXPORT hipError_t hipTexObjectDestroy(hipTextureObject_t t) { return hipCUResultTohipError(cuTexObjectDestroy((CUtexObject)t)); }
EXPORT hipError_t hipTexObjectGetResourceDesc(CUDA_RESOURCE_DESC* r, hipTextureObject_t t) { return hipCUResultTohipError(cuTexObjectGetResourceDesc(r, (CUtexObject)t)); }
EXPORT hipError_t hipTexObjectGetResourceViewDesc(CUDA_RESOURCE_VIEW_DESC* v, hipTextureObject_t t) { return hipCUResultTohipError(cuTexObjectGetResourceViewDesc(v, (CUtexObject)t)); }
EXPORT hipError_t hipTexObjectGetTextureDesc(CUDA_TEXTURE_DESC* d, hipTextureObject_t t) { return hipCUResultTohipError(cuTexObjectGetTextureDesc(d, (CUtexObject)t)); }

// Driver-style 2-D copies: AMD's hip_Memcpy2D is CUDA_MEMCPY2D field for field, but AMD's HIP 5.2.3
// numbers hipMemoryType from 0 (host 0, device 1, array 2, unified 3) where CUDA counts from 1;
// nvidia_detail's own hipMemcpyParam2D passes the structure through unchanged (aliasgen leaves it out).
static CUDA_MEMCPY2D to_cuda(const CUDA_MEMCPY2D* p) {
  CUDA_MEMCPY2D c = *p;
  c.srcMemoryType = (CUmemorytype)(p->srcMemoryType + 1);
  c.dstMemoryType = (CUmemorytype)(p->dstMemoryType + 1);
  return c;
}
// nvidia_detail defines both names inline, so these take HIP's names through asm labels.
EXPORT hipError_t amd_memcpy_param_2d(const CUDA_MEMCPY2D* p) __asm__("hipMemcpyParam2D");
EXPORT hipError_t amd_memcpy_param_2d_async(const CUDA_MEMCPY2D* p, hipStream_t s) __asm__("hipMemcpyParam2DAsync");
hipError_t amd_memcpy_param_2d(const CUDA_MEMCPY2D* p) {
  if (!p) return hipErrorInvalidValue;
  CUDA_MEMCPY2D c = to_cuda(p);
  return hipCUResultTohipError(cuMemcpy2D(&c));
}
hipError_t amd_memcpy_param_2d_async(const CUDA_MEMCPY2D* p, hipStream_t s) {
  if (!p) return hipErrorInvalidValue;
  CUDA_MEMCPY2D c = to_cuda(p);
  return hipCUResultTohipError(cuMemcpy2DAsync(&c, s));
}

// Pointer attributes: the memory type CUDA answers counts from 1 (0: a pointer CUDA does not know),
// AMD's HIP 5.2.3 from 0, and AMD's HIP refuses a pointer it does not know (hipErrorInvalidValue).
static hipError_t amd_memory_type(unsigned int* type) {
  if (*type == 0) return hipErrorInvalidValue;
  *type -= 1;
  return hipSuccess;
}
EXPORT hipError_t amd_pointer_get_attribute(void* data, CUpointer_attribute a, CUdeviceptr p) __asm__("hipPointerGetAttribute");
EXPORT hipError_t amd_pointer_get_attributes(unsigned int n, CUpointer_attribute* a, void** data, CUdeviceptr p) __asm__("hipDrvPointerGetAttributes");
hipError_t amd_pointer_get_attribute(void* data, CUpointer_attribute a, CUdeviceptr p) {
  CUresult r = cuPointerGetAttribute(data, a, p);
  if (r != CUDA_SUCCESS || a != CU_POINTER_ATTRIBUTE_MEMORY_TYPE) return hipCUResultTohipError(r);
  return amd_memory_type((unsigned int*)data);
}
hipError_t amd_pointer_get_attributes(unsigned int n, CUpointer_attribute* a, void** data, CUdeviceptr p) {
  CUresult r = cuPointerGetAttributes(n, a, data, p);
  if (r != CUDA_SUCCESS) return hipCUResultTohipError(r);
  for (unsigned int i = 0; i < n; i++)
    if (a[i] == CU_POINTER_ATTRIBUTE_MEMORY_TYPE && amd_memory_type((unsigned int*)data[i]) != hipSuccess) return hipErrorInvalidValue;
  return hipSuccess;
}
