/* The exports of NVIDIA's libcudart.so.12 that CUDA 12.9's default view of the headers does not
 * declare, called with NULL or invalid arguments on a machine without an AMD GPU: CUDA 11's ABI
 * (declared by cuda_runtime_api.h's last block under __CUDA_API_VERSION_INTERNAL), the OpenGL,
 * EGL and VDPAU interop functions, and nvcc's CUDA 12 launch entry points. One line per check. */
#include <cuda_runtime_api.h>
#include <cuda_gl_interop.h>
#include <cuda_egl_interop.h>
#include <cuda_vdpau_interop.h>
#include <stdio.h>
#include <string.h>

/* nvcc's entry points (crt/device_functions.h, crt/host_runtime.h: C++ only). */
extern cudaError_t __cudaGetKernel(cudaKernel_t *, const void *);
extern cudaError_t __cudaLaunchKernel(cudaKernel_t, dim3, dim3, void **, size_t, cudaStream_t);
extern cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t, dim3, dim3, void **, size_t, cudaStream_t);
extern void __cudaRegisterHostVar(void **, const char *, char *, size_t);
extern int __cudaRegisterUnifiedTable(void **, void *, void *, void *, void *);

/* CUDA 11.8's struct cudaDeviceProp is 728 bytes; a canary after it must stay untouched. */
struct old_prop {
    unsigned char prop[728];
    unsigned char canary[304];
};

int main(void) {
    printf("old_props_null %d\n", (int)cudaGetDeviceProperties(NULL, 0));
    struct old_prop old;
    memset(&old, 0xAB, sizeof old);
    int r = (int)cudaGetDeviceProperties((struct cudaDeviceProp *)&old, 0);
    int canary = 1;
    for (size_t i = 0; i < sizeof old.canary; i++) canary &= old.canary[i] == 0xAB;
    printf("old_props_no_device %d %d\n", r, canary);
    printf("old_signal_null %d\n", (int)cudaSignalExternalSemaphoresAsync(NULL, NULL, 1, 0));
    printf("old_signal_ptsz_null %d\n", (int)cudaSignalExternalSemaphoresAsync_ptsz(NULL, NULL, 1, 0));
    printf("old_wait_null %d\n", (int)cudaWaitExternalSemaphoresAsync(NULL, NULL, 1, 0));
    printf("old_wait_ptsz_null %d\n", (int)cudaWaitExternalSemaphoresAsync_ptsz(NULL, NULL, 1, 0));
    printf("old_capture_null %d\n", (int)cudaStreamGetCaptureInfo(0, NULL, NULL));
    printf("old_capture_ptsz_null %d\n", (int)cudaStreamGetCaptureInfo_ptsz(0, NULL, NULL));

    printf("gl_devices_null %d\n", (int)cudaGLGetDevices(NULL, NULL, 0, cudaGLDeviceListAll));
    unsigned int count = 7;
    int devices[4];
    printf("gl_devices_bad_list %d\n", (int)cudaGLGetDevices(&count, devices, 4, (enum cudaGLDeviceList)77));
    struct cudaGraphicsResource *resource = NULL;
    printf("gl_register_buffer %d\n", (int)cudaGraphicsGLRegisterBuffer(&resource, 1, 0));
    printf("gl_register_buffer_null %d\n", (int)cudaGraphicsGLRegisterBuffer(NULL, 1, 0));
    printf("gl_register_image_null %d\n", (int)cudaGraphicsGLRegisterImage(NULL, 1, 0x0DE1, 0));
    printf("gl_set_device %d\n", (int)cudaGLSetGLDevice(0));
    printf("gl_map_buffer %d\n", (int)cudaGLMapBufferObject(NULL, 1));
    printf("egl_register %d\n", (int)cudaGraphicsEGLRegisterImage(NULL, NULL, 0));
    printf("egl_connect %d\n", (int)cudaEGLStreamConsumerConnect(NULL, NULL));
    printf("egl_connect_again %d\n", (int)cudaEGLStreamConsumerConnect(NULL, NULL));
    printf("egl_sync %d\n", (int)cudaEventCreateFromEGLSync(NULL, NULL, 0));
    printf("vdpau_get_device_null %d\n", (int)cudaVDPAUGetDevice(NULL, 0, NULL));
    int device = -1;
    printf("vdpau_get_device %d\n", (int)cudaVDPAUGetDevice(&device, 0, NULL));
    printf("vdpau_register %d\n", (int)cudaGraphicsVDPAURegisterVideoSurface(NULL, 0, 0));

    printf("get_kernel_null %d\n", (int)__cudaGetKernel(NULL, NULL));
    dim3 one = {1, 1, 1};
    printf("launch_null %d\n", (int)__cudaLaunchKernel(NULL, one, one, NULL, 0, 0));
    printf("launch_ptsz_null %d\n", (int)__cudaLaunchKernel_ptsz(NULL, one, one, NULL, 0, 0));
    __cudaRegisterHostVar(NULL, NULL, NULL, 0);
    printf("unified_table %d\n", __cudaRegisterUnifiedTable(NULL, NULL, NULL, NULL, NULL));
    return 0;
}
