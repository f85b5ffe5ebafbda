#!/usr/bin/env python3
"""The PTX corpus (issue 18): real PTX that real compilers emit, for the PTX translator's tests.

  ptx_corpus.py nvrtc LIBNVRTC ROOT DIR ARCH  NVIDIA's NVRTC compiles every input (JSON lines on
                                             stdin, scripts/corpus.py list) for ARCH (compute_XX)
                                             into ROOT/DIR
  ptx_corpus.py clang CLANG INCLUDE LIBDEVICE ROOT DIR ARCH
                                             clang's CUDA mode (device only) compiles the same inputs
                                             for ARCH (sm_XX) into ROOT/DIR, against the CUDA headers
                                             in INCLUDE (11.8: clang 15's wrappers need the texture
                                             references CUDA 12 removed) and that CUDA's LIBDEVICE, as
                                             nvcc links it (without it, -nocudalib, math functions stay
                                             calls to undefined __nv_* functions no driver resolves)
  ptx_corpus.py index ROOT                   ROOT/manifest.jsonl from every part's, the census
                                             (ROOT/census.md: base opcodes per origin; ROOT/census.txt:
                                             every distinct opcode with its modifiers), ROOT/README.md

Each compiler writes DIR/manifest.jsonl (one line per PTX file: file relative to ROOT, origin (the
first part of DIR), source, compiler, arch, options) and DIR/failed.jsonl (the inputs it could not
compile, with the first error). Options NVRTC gets: scripts/corpus.py's (the input's include
directories, then CORPUS_INCLUDE's).
"""
import collections, json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

def ptx_name(i):
    """A file name for input i's PTX: package and path inside it, flattened."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{i['origin']}__{i['name']}") + ".ptx"


class Part:
    """One compiler's share of the corpus: its PTX files, manifest.jsonl and failed.jsonl in DIR."""

    def __init__(self, root, sub):
        self.root, self.sub, self.origin = root, sub, sub.split("/")[0]
        os.makedirs(os.path.join(root, sub), exist_ok=True)
        self.manifest = open(os.path.join(root, sub, "manifest.jsonl"), "w")
        self.failed = open(os.path.join(root, sub, "failed.jsonl"), "w")

    def add(self, name, text, source, compiler, arch, options):
        with open(os.path.join(self.root, self.sub, name), "w") as f:
            f.write(text)
        self.manifest.write(json.dumps({"file": os.path.join(self.sub, name), "origin": self.origin,
                                        "source": source, "compiler": compiler, "arch": arch,
                                        "options": options}) + "\n")

    def fail(self, source, arch, error):
        self.failed.write(json.dumps({"source": source, "arch": arch, "error": error}) + "\n")

    def close(self):
        self.manifest.close()
        self.failed.close()


def nvrtc(lib, root, sub, arch):
    compiler = corpus.Nvrtc(lib)
    name = f"NVRTC {compiler.version()}"
    part = Part(root, sub)
    for line in sys.stdin:
        i = json.loads(line)
        source = f"{i['origin']}/{i['name']}"
        opts = corpus.options(i, arch)
        r, log, _, _, ptx = compiler.compile(i["source"], os.path.basename(i["name"]), opts, want_ptx=True)
        if r == 0:
            part.add(ptx_name(i), ptx, source, name, arch, opts)
        else:
            part.fail(source, arch, corpus.first_error(log))
    part.close()


def clang(exe, cuda_include, libdevice, root, sub, arch):
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    part = Part(root, sub)
    stand_ins = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clang-cuda")
    with tempfile.TemporaryDirectory() as cuda:
        # The layout clang looks for in a CUDA installation (bin/, lib64/, include/, nvvm/libdevice/),
        # from the wheels' files.
        for d in ("bin", "lib64", "nvvm/libdevice"):
            os.makedirs(os.path.join(cuda, d))
        os.symlink(os.path.abspath(cuda_include), os.path.join(cuda, "include"))
        os.symlink(os.path.abspath(libdevice), os.path.join(cuda, "nvvm/libdevice/libdevice.10.bc"))
        # CUDA 11.8 is newer than clang 15 knows (11.5): it then only warns. nvcc and NVRTC declare
        # assert() in every kernel source; clang's CUDA headers do not: -include assert.h.
        opts = ["-x", "cuda", "--cuda-device-only", f"--cuda-gpu-arch={arch}", "-O3", "-S",
                "-Wno-unknown-cuda-version", f"--cuda-path={cuda}", f"-I{stand_ins}", "-include", "assert.h"]
        for line in sys.stdin:
            clang_one(exe, version, part, json.loads(line), arch, opts)
    part.close()


def clang_one(exe, version, part, i, arch, opts):
    source = f"{i['origin']}/{i['name']}"
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "input.cu"), os.path.join(tmp, "out.ptx")
        with open(src, "w") as f:
            f.write(i["source"])
        opts = opts + [f"-I{d}" for d in i["include"]]
        r = subprocess.run([exe, *opts, src, "-o", out], capture_output=True, text=True)
        if r.returncode == 0:
            part.add(ptx_name(i), open(out).read(), source, version, arch, opts)
        else:
            part.fail(source, arch, corpus.first_error(r.stderr))


# A statement's leading labels, its predicate guard, and its opcode with its dot-modifiers.
LABELS = re.compile(r"^(?:[\w$.]+:\s*)+")
OPCODE = re.compile(r"^(?:@!?%\w+\s+)?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?:\s|$)")


def instructions(text):
    """The opcode spellings (with modifiers) of every instruction in a PTX text: its statements end
    at ';' (or open and close blocks); those starting with '.' are directives and declarations."""
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
    for stmt in re.split(r"[;{}]", text):
        m = OPCODE.match(LABELS.sub("", stmt.strip()))
        if m:
            yield m.group(1)


def census(root, manifest):
    """Writes ROOT/census.md (base opcodes, counts per origin) and ROOT/census.txt (every spelling)."""
    base = collections.defaultdict(collections.Counter)
    full = collections.defaultdict(collections.Counter)
    files = collections.Counter()
    for m in manifest:
        files[m["origin"]] += 1
        for op in instructions(open(os.path.join(root, m["file"])).read()):
            base[m["origin"]][op.split(".")[0]] += 1
            full[m["origin"]][op] += 1
    origins = sorted(base)
    total = sum(base.values(), collections.Counter())
    with open(os.path.join(root, "census.md"), "w") as f:
        f.write(f"| base opcode | all | " + " | ".join(f"{o} ({files[o]} files)" for o in origins) + " |\n")
        f.write("|---|---:|" + "---:|" * len(origins) + "\n")
        for op, n in total.most_common():
            f.write(f"| {op} | {n} | " + " | ".join(str(base[o][op]) for o in origins) + " |\n")
    every = sum(full.values(), collections.Counter())
    with open(os.path.join(root, "census.txt"), "w") as f:
        f.write(f"# {len(every)} distinct opcode spellings (with modifiers) in {sum(files.values())} PTX files;\n")
        f.write("# count per origin (" + ", ".join(origins) + "), then the spelling. "
                "Made by scripts/ptx_corpus.py census.\n")
        for op in sorted(every):
            f.write(" ".join(f"{full[o][op]:6d}" for o in origins) + f"  {op}\n")


PARTS = {
    "nvrtc": "NVIDIA's NVRTC 12.9 (PyPI nvidia-cuda-nvrtc-cu12) on cudarc 0.19.10's, candle-kernels "
    "0.9.1's and dfdx 0.13.0's CUDA sources; compute_80 here, compute_52/70/90 in subfolders (candle's two largest files left out)",
    "numba": "numba-cuda's numba.cuda.compile_ptx (libNVVM 12.9, sm_80) on typical kernels and numba-cuda's "
    "documentation examples",
    "clang": "Debian's clang-15, CUDA mode, device only, sm_80, CUDA 11.8's headers and libdevice, "
    "on the same sources",
}


def index(root):
    manifest = []
    for part in PARTS:
        for dirpath, _, names in sorted(os.walk(os.path.join(root, part))):
            if "manifest.jsonl" in names:
                manifest += [json.loads(l) for l in open(os.path.join(dirpath, "manifest.jsonl"))]
    with open(os.path.join(root, "manifest.jsonl"), "w") as f:
        f.writelines(json.dumps(m) + "\n" for m in manifest)
    census(root, manifest)
    with open(os.path.join(root, "README.md"), "w") as f:
        f.write("# PTX corpus (made by scripts/ptx-corpus.sh; do not edit)\n\n")
        for part, what in PARTS.items():
            ms = [m for m in manifest if m["origin"] == part]
            failed = [l for dirpath, _, names in os.walk(os.path.join(root, part)) if "failed.jsonl" in names
                      for l in open(os.path.join(dirpath, "failed.jsonl"))]
            if not os.path.isdir(os.path.join(root, part)):
                f.write(f"- {part}/: not built yet ({what})\n")
                continue
            by_arch = collections.Counter(m["arch"] for m in ms)
            f.write(f"- {part}/: {len(ms)} PTX files (" + ", ".join(f"{n} {a}" for a, n in sorted(by_arch.items()))
                    + f"; {len(failed)} inputs failed, listed in its failed.jsonl): {what}; "
                    + ", ".join(sorted({m['compiler'] for m in ms})) + "\n")
        f.write("\nmanifest.jsonl: one line per PTX file (file, origin, source, compiler, arch, options).\n"
                "census.md: base opcodes with counts per origin; census.txt: every opcode spelling.\n")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "nvrtc":
        nvrtc(*args)
    elif cmd == "clang":
        clang(*args)
    elif cmd == "index":
        index(*args)
    else:
        sys.exit(__doc__)
