// cuda-as-hip: CUDA's texture and surface object functions on HIP's. CUDA's object handles are
// `unsigned long long` (cudaTextureObject_t, cudaSurfaceObject_t: what NVRTC declares and what
// kernels take as parameters); HIP's functions take HIP's handle, a pointer to the image's and
// sampler's descriptors, which is the same 64-bit value (cuTexObjectCreate is hipTexObjectCreate).
// Each function here takes CUDA's handle and calls HIP's function of the same name; overload
// resolution picks it only where HIP's own would have taken the arguments after the handle.
#pragma once

// GPUs without the image instructions a read needs: gfx940 and later CDNA (MI300, MI350) have
// none, gfx90a (MI200) none for levels of detail, gradients and gathers. There the read is a
// compile error saying so; the compiler itself would stop the process (HIP 5's LLVM) or leave
// the read out of the kernel (later ones).
#if defined(__gfx940__) || defined(__gfx941__) || defined(__gfx942__) || defined(__gfx950__)
#define __CAH_IMAGES                                                                               \
    __attribute__((unavailable("texture and surface reads: this GPU has no image instructions")))
#else
#define __CAH_IMAGES
#endif
#if defined(__gfx90a__)
#define __CAH_IMAGE_LOD                                                                            \
    __attribute__((unavailable("gfx90a has no image instruction for levels of detail, "           \
                               "gradients or gathers")))
#else
#define __CAH_IMAGE_LOD __CAH_IMAGES
#endif

// tex1Dfetch, tex1D … texCubemapLayeredLod, tex2DGrad …, tex2Dgather: CUDA's forms
// `T f<T>(object, args…)` and `void f(T*, object, args…)`.
#define __CAH_TEXTURE_FUNCTION(f, images)                                                          \
    template <class T, class... A>                                                                 \
    static __device__ images auto f(cudaTextureObject_t t, A... a)                                 \
        -> decltype(f<T>((hipTextureObject_t)t, a...)) {                                           \
        return f<T>((hipTextureObject_t)t, a...);                                                  \
    }                                                                                              \
    template <class T, class... A>                                                                 \
    static __device__ images auto f(T* p, cudaTextureObject_t t, A... a)                           \
        -> decltype(f(p, (hipTextureObject_t)t, a...)) {                                           \
        f(p, (hipTextureObject_t)t, a...);                                                         \
    }
__CAH_TEXTURE_FUNCTION(tex1Dfetch, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex1D, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex2D, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex3D, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex1DLayered, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex2DLayered, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(texCubemap, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(texCubemapLayered, __CAH_IMAGES)
__CAH_TEXTURE_FUNCTION(tex2Dgather, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex1DLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex2DLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex3DLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex1DLayeredLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex2DLayeredLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(texCubemapLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(texCubemapLayeredLod, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex1DGrad, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex2DGrad, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex3DGrad, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex1DLayeredGrad, __CAH_IMAGE_LOD)
__CAH_TEXTURE_FUNCTION(tex2DLayeredGrad, __CAH_IMAGE_LOD)
#undef __CAH_TEXTURE_FUNCTION
#undef __CAH_IMAGE_LOD

// surf1Dread … surf2DLayeredwrite: CUDA's `T f<T>(object, coordinates…, mode)`, `void f(T*,
// object, coordinates…, mode)` and `void fwrite(T, object, coordinates…, mode)`. x is in bytes in
// both APIs. The boundary mode is not HIP's (HIP 5 takes one and ignores it, HIP 6 takes none):
// an access out of range is not trapped as CUDA's default cudaBoundaryModeTrap would.
#define __CAH_SURFACE_FUNCTIONS(read, write, P, ARGS)                                             \
    template <class T>                                                                             \
    static __device__ __CAH_IMAGES T read(cudaSurfaceObject_t s, P,                                             \
                             cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) {                     \
        T v;                                                                                       \
        read(&v, (hipSurfaceObject_t)s, ARGS);                                                     \
        return v;                                                                                  \
    }                                                                                              \
    template <class T>                                                                             \
    static __device__ __CAH_IMAGES void read(T* p, cudaSurfaceObject_t s, P,                                    \
                                cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) {                  \
        read(p, (hipSurfaceObject_t)s, ARGS);                                                      \
    }                                                                                              \
    template <class T>                                                                             \
    static __device__ __CAH_IMAGES void write(T v, cudaSurfaceObject_t s, P,                                    \
                                 cudaSurfaceBoundaryMode = cudaBoundaryModeTrap) {                 \
        write(v, (hipSurfaceObject_t)s, ARGS);                                                     \
    }
#define __CAH_COMMA ,
__CAH_SURFACE_FUNCTIONS(surf1Dread, surf1Dwrite, int x, x)
__CAH_SURFACE_FUNCTIONS(surf2Dread, surf2Dwrite, int x __CAH_COMMA int y, x __CAH_COMMA y)
__CAH_SURFACE_FUNCTIONS(surf3Dread, surf3Dwrite, int x __CAH_COMMA int y __CAH_COMMA int z,
                        x __CAH_COMMA y __CAH_COMMA z)
__CAH_SURFACE_FUNCTIONS(surf1DLayeredread, surf1DLayeredwrite, int x __CAH_COMMA int layer,
                        x __CAH_COMMA layer)
__CAH_SURFACE_FUNCTIONS(surf2DLayeredread, surf2DLayeredwrite,
                        int x __CAH_COMMA int y __CAH_COMMA int layer,
                        x __CAH_COMMA y __CAH_COMMA layer)
#undef __CAH_COMMA
#undef __CAH_SURFACE_FUNCTIONS
#undef __CAH_IMAGES
