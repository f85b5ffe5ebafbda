/* A cuBLASLt client built with gcc against CUDA 12.9's own cublasLt.h, linked -lcublasLt: what the
 * library answers on cuda-as-hip without a GPU (cabi/libcublasLt/tests/c_abi.rs checks each line). */
#include <cublasLt.h>
#include <stdio.h>

static int messages = 0;
static void on_message(int level, const char *function, const char *message) {
    (void)function;
    (void)message;
    messages += level == 1;
}

int main(void) {
    cublasLtHandle_t handle = NULL;
    printf("create %d %d\n", (int)cublasLtCreate(&handle), handle != NULL);
    printf("create_null %d\n", (int)cublasLtCreate(NULL));
    printf("version %zu %zu\n", cublasLtGetVersion(), cublasLtGetCudartVersion());
    printf("name %s\n", cublasLtGetStatusName(CUBLAS_STATUS_NOT_SUPPORTED));
    printf("text %s\n", cublasLtGetStatusString(CUBLAS_STATUS_INVALID_VALUE));
    printf("destroy_null %d\n", (int)cublasLtDestroy(NULL));
    printf("level %d %d\n", (int)cublasLtLoggerSetLevel(1), (int)cublasLtLoggerSetLevel(6));
    printf("callback %d\n", (int)cublasLtLoggerSetCallback(on_message));
    cublasLtMatmulDesc_t desc = NULL;
    cublasStatus_t made = cublasLtMatmulDescCreate(&desc, CUBLAS_COMPUTE_32F, CUDA_R_32F);
    printf("desc %d %d\n", (int)made, desc != NULL);
    if (desc != NULL) {
        cublasOperation_t op = CUBLAS_OP_T, back = CUBLAS_OP_N;
        size_t written = 0;
        printf("set_transa %d\n", (int)cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &op, sizeof op));
        cublasStatus_t got = cublasLtMatmulDescGetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &back, sizeof back, &written);
        printf("get_transa %d %d %zu\n", (int)got, (int)back, written);
        int bad = 77;
        printf("set_bad_op %d\n", (int)cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &bad, sizeof bad));
        printf("set_short %d\n", (int)cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSA, &op, 2));
        op = CUBLAS_OP_N;
        printf("set_transc %d\n", (int)cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_TRANSC, &op, sizeof op));
        cublasLtEpilogue_t epilogue = CUBLASLT_EPILOGUE_RELU_BIAS, epilogue_back = CUBLASLT_EPILOGUE_DEFAULT;
        printf("set_epilogue %d\n", (int)cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue, sizeof epilogue));
        got = cublasLtMatmulDescGetAttribute(desc, CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue_back, sizeof epilogue_back, &written);
        printf("get_epilogue %d %d\n", (int)got, (int)epilogue_back);
        printf("desc_destroy %d\n", (int)cublasLtMatmulDescDestroy(desc));
    }
    cublasLtMatrixLayout_t layout = NULL;
    made = cublasLtMatrixLayoutCreate(&layout, CUDA_R_16F, 4, 5, 4);
    printf("layout %d %d\n", (int)made, layout != NULL);
    if (layout != NULL) {
        cublasLtOrder_t order = CUBLASLT_ORDER_ROW, order_back = CUBLASLT_ORDER_COL;
        size_t written = 0;
        printf("set_order %d\n", (int)cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_ORDER, &order, sizeof order));
        cublasStatus_t got = cublasLtMatrixLayoutGetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_ORDER, &order_back, sizeof order_back, &written);
        printf("get_order %d %d\n", (int)got, (int)order_back);
        int batch = 3, batch_back = 0;
        printf("set_batch %d\n", (int)cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch, sizeof batch));
        got = cublasLtMatrixLayoutGetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch_back, sizeof batch_back, &written);
        printf("get_batch %d %d %zu\n", (int)got, batch_back, written);
        printf("layout_destroy %d\n", (int)cublasLtMatrixLayoutDestroy(layout));
    }
    printf("messages %d\n", messages > 0);
    return 0;
}
