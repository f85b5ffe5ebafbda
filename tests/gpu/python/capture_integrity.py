"""NVIDIA's driver's own answers to its runtime's integrity check (the INTEGRITY_CHECK export table,
ARCHITECTURE.md "NVIDIA's private driver tables"), with every input it hashes, one `key value...`
line each on stdout.

Run natively on an NVIDIA machine (the GPU suite's `integrity` suite); the output becomes
cuda-as-hip/tests/fixtures/integrity_nvidia.txt, against which cuda-as-hip/tests/export_tables.rs
checks this layer's answer. Only ctypes: it runs on any python3.
"""
import ctypes
import os
import sys
import threading

CUDART_INTERFACE = "6bd5fb6c5bf4e74a8987d93912fd9df9"
INTEGRITY_CHECK = "d4082055bde6704b8d34ba123c66e1f2"
PCI_DOMAIN, PCI_BUS, PCI_DEVICE = 50, 33, 34
# Runtime versions to ask about: ending in 0 and 1 (fixed answers) and others (hashed). NVIDIA's runtime
# X.Y asks about X0Y0, X0Y1 and X0Y2 (CUDA 13.0: 13000, 13001, 13002).
VERSIONS = [12090, 12091, 12092, 12093, 12082, 13000, 13001, 13002]
SECONDS = [0x682B9CEE, 1765000000]


class Uuid(ctypes.Structure):
    _fields_ = [("bytes", ctypes.c_ubyte * 16)]


cuda = ctypes.CDLL("libcuda.so.1")


def ok(status, what):
    if status != 0:
        sys.exit(f"capture_integrity: {what} failed: CUresult {status}")


def table(uuid_hex):
    uuid = Uuid((ctypes.c_ubyte * 16)(*bytes.fromhex(uuid_hex)))
    start = ctypes.c_void_p()
    ok(cuda.cuGetExportTable(ctypes.byref(start), ctypes.byref(uuid)), f"cuGetExportTable({uuid_hex})")
    return start.value


def device(dev):
    uuid = Uuid()
    ok(cuda.cuDeviceGetUuid_v2(ctypes.byref(uuid), dev), "cuDeviceGetUuid_v2")
    pci = []
    for attribute in (PCI_DOMAIN, PCI_BUS, PCI_DEVICE):
        value = ctypes.c_int()
        ok(cuda.cuDeviceGetAttribute(ctypes.byref(value), attribute, dev), "cuDeviceGetAttribute")
        pci.append(value.value)
    return [bytes(uuid.bytes).hex(), *pci]


def main():
    ok(cuda.cuInit(0), "cuInit")
    driver_version, count = ctypes.c_int(), ctypes.c_int()
    ok(cuda.cuDriverGetVersion(ctypes.byref(driver_version)), "cuDriverGetVersion")
    ok(cuda.cuDeviceGetCount(ctypes.byref(count)), "cuDeviceGetCount")
    cudart_table, integrity_table = table(CUDART_INTERFACE), table(INTEGRITY_CHECK)
    function = ctypes.cast(integrity_table, ctypes.POINTER(ctypes.c_void_p))[1]
    check = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_uint64,
                             ctypes.POINTER(ctypes.c_uint64 * 2))(function)
    show("driver_version", driver_version.value)
    show("process", os.getpid())
    # CPython's thread identifier is pthread_self(); the check hashes its low 32 bits.
    show("thread", threading.get_ident() & 0xFFFFFFFF)
    show("cudart_interface_table", hex(cudart_table))
    show("integrity_check_table", hex(integrity_table))
    show("integrity_check_function", hex(function))
    for dev in range(count.value):
        show("device", *device(dev))
    for version in VERSIONS:
        for seconds in SECONDS:
            result = (ctypes.c_uint64 * 2)()
            ok(check(version, seconds, ctypes.byref(result)), f"integrity check {version}")
            show("answer", version, seconds, hex(result[0]), hex(result[1]))


def show(key, *values):
    print(key, *values)


main()
