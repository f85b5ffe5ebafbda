// Empty stand-in for cuRAND's device header, which clang's __clang_cuda_runtime_wrapper.h includes
// unconditionally (the PTX corpus has no cuRAND headers; no corpus source uses cuRAND). Used only by
// scripts/ptx-corpus.sh's clang part.
#pragma once
