#!/usr/bin/env python3
"""The NVRTC corpus: real kernel sources from public packages, compiled by an NVRTC library.

  corpus.py list ROOT...            the corpus found under the package roots, as JSON lines
  corpus.py cupy DIR                the kernels scripts/cupy_kernels.py wrote to DIR, as JSON lines
  corpus.py compile LIBNVRTC OUT    compiles every input read from stdin (JSON lines) with that
                                    libnvrtc, one result per input into OUT (JSON lines)
  corpus.py report RESULTS...       the table: compiled by each, failure causes, times

Inputs are the packages' files as they are: `.cu` files, and the CUDA source strings cudarc's own
tests and examples hand to NVRTC (Rust string literals, read as Rust reads them); and the kernels
CuPy generates (scripts/cupy_kernels.py), each with the options CuPy gives NVRTC.
"""
import ctypes, glob, json, os, re, statistics, sys, time

ARCH = "compute_80"


def rust_string_literals(text):
    """(name, value) of `const NAME: &str = <literal>;` items, raw or escaped literals."""
    pat = re.compile(r'const\s+(\w+)\s*:\s*&(?:\'static\s+)?str\s*=\s*(r(#*)"(.*?)"\3|"((?:[^"\\]|\\.)*)")\s*;', re.S)
    for m in pat.finditer(text):
        raw, escaped = m.group(4), m.group(5)
        if raw is not None:
            yield m.group(1), raw
        else:
            yield m.group(1), bytes(escaped, "utf-8").decode("unicode_escape")


def inline_literals(text):
    """(line, value) of string literals handed straight to cudarc's compile_ptx*( ... )."""
    pat = re.compile(r'compile_ptx(?:_with_opts)?\(\s*(r(#*)"(.*?)"\2|"((?:[^"\\]|\\.)*)")', re.S)
    for m in pat.finditer(text):
        raw, escaped = m.group(3), m.group(4)
        value = raw if raw is not None else bytes(escaped, "utf-8").decode("unicode_escape")
        yield text.count("\n", 0, m.start()) + 1, value


# Options a package's own call passes with a source (cudarc's test_launch_with_half).
EXTRA_INCLUDES = {"HALF_KERNELS": ["/usr/include"]}


def header_dirs(root):
    """Every directory of a package holding a .cuh header: a package's build passes each with -I
    (dfdx's build.rs does; candle's and cudarc's headers sit beside their sources)."""
    return sorted({os.path.dirname(h) for h in glob.glob(os.path.join(root, "**", "*.cuh"), recursive=True)})


def inputs(roots):
    for root in roots:
        pkg = os.path.basename(root.rstrip("/"))
        headers = header_dirs(root)
        for path in sorted(glob.glob(os.path.join(root, "**", "*.cu"), recursive=True)):
            own = os.path.dirname(path)
            yield {"origin": pkg, "name": os.path.relpath(path, root), "include": [own] + [d for d in headers if d != own],
                   "source": open(path, encoding="utf-8", errors="replace").read()}
        for path in sorted(glob.glob(os.path.join(root, "src", "**", "*.rs"), recursive=True)):
            text = open(path, encoding="utf-8").read()
            found = list(rust_string_literals(text)) + [(f"line {n}", v) for n, v in inline_literals(text)]
            for name, value in found:
                if "__global__" in value:
                    yield {"origin": pkg, "name": f"{os.path.relpath(path, root)}:{name}",
                           "include": EXTRA_INCLUDES.get(name, []), "source": value}


def cupy_inputs(directory):
    """The kernels CuPy generates (scripts/cupy_kernels.py), each with CuPy's NVRTC options and name
    expressions."""
    version = open(os.path.join(directory, "version")).read().strip()
    for path in sorted(glob.glob(os.path.join(directory, "*.args"))):
        fields = [line.split(" ", 1) for line in open(path).read().splitlines()]
        yield {"origin": f"cupy-{version}", "name": next(v for k, v in fields if k == "label"),
               "include": [], "options": [v for k, v in fields if k == "option"],
               "names": [v for k, v in fields if k == "name"],
               "source": open(path[:-len(".args")] + ".cu").read()}


class Nvrtc:
    def __init__(self, path):
        self.lib = ctypes.CDLL(path)

    def version(self):
        major, minor = ctypes.c_int(), ctypes.c_int()
        self.lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
        return f"{major.value}.{minor.value}"

    def compile(self, source, name, options, names=(), want_ptx=False):
        """(result code, log, seconds, PTX size, PTX text when want_ptx and it compiled, else None);
        each name expression in `names` must lower, or the compile counts as failed."""
        lib, prog = self.lib, ctypes.c_void_p()
        r = lib.nvrtcCreateProgram(ctypes.byref(prog), source.encode(), name.encode(), 0, None, None)
        if r != 0:
            return r, f"nvrtcCreateProgram: {r}", 0.0, 0, None
        for n in names:
            lib.nvrtcAddNameExpression(prog, n.encode())
        opts = (ctypes.c_char_p * len(options))(*[o.encode() for o in options])
        t = time.perf_counter()
        r = lib.nvrtcCompileProgram(prog, len(options), opts)
        seconds = time.perf_counter() - t
        n = ctypes.c_size_t()
        lib.nvrtcGetProgramLogSize(prog, ctypes.byref(n))
        buf = ctypes.create_string_buffer(n.value + 1)
        lib.nvrtcGetProgramLog(prog, buf)
        log = buf.value.decode(errors="replace")
        size, ptx = ctypes.c_size_t(), None
        if r == 0:
            lib.nvrtcGetPTXSize(prog, ctypes.byref(size))
            if want_ptx:
                text = ctypes.create_string_buffer(size.value)
                lib.nvrtcGetPTX(prog, text)
                ptx = text.value.decode()
        lowered = ctypes.c_char_p()
        for n in names if r == 0 else ():
            if lib.nvrtcGetLoweredName(prog, n.encode(), ctypes.byref(lowered)) != 0:
                r, log = -1, f"error: name expression `{n}` not lowered"
                break
        lib.nvrtcDestroyProgram(ctypes.byref(prog))
        return r, log, seconds, size.value, ptx


def first_error(log):
    for line in log.splitlines():
        if "error" in line:
            msg = re.sub(r"^.*?error:\s*", "", line).strip()
            return re.sub(r"'[^']*'", "'…'", msg)[:110] if "'" in msg and len(msg) > 80 else msg[:110]
    return log.strip().splitlines()[0][:110] if log.strip() else "(no log)"


def options(i, arch=ARCH):
    """NVRTC options for input i: the caller's own when it has them (CuPy's generated kernels), else
    the architecture, its own include directories, CORPUS_INCLUDE's."""
    if "options" in i:
        return i["options"]
    toolkit = [d for d in os.environ.get("CORPUS_INCLUDE", "").split(":") if d]
    return [f"--gpu-architecture={arch}"] + [f"-I{d}" for d in i["include"] + toolkit]


def compile_all(lib, out):
    nvrtc = Nvrtc(lib)
    with open(out, "w") as f:
        for line in sys.stdin:
            i = json.loads(line)
            r, log, seconds, size, _ = nvrtc.compile(i["source"], os.path.basename(i["name"]), options(i),
                                                     i.get("names", ()))
            f.write(json.dumps({"origin": i["origin"], "name": i["name"], "ok": r == 0, "seconds": seconds,
                                "size": size, "error": "" if r == 0 else first_error(log)}) + "\n")


def report(paths):
    runs = {os.path.splitext(os.path.basename(p))[0]: [json.loads(l) for l in open(p)] for p in paths}
    labels = list(runs)
    print("| input | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for k, row in enumerate(runs[labels[0]]):
        cells = []
        for lab in labels:
            r = runs[lab][k]
            cells.append(f"ok {r['seconds']*1000:.0f} ms" if r["ok"] else "fails: " + r["error"].replace("|", "\\|"))
        print(f"| {row['origin']} `{row['name']}` | " + " | ".join(cells) + " |")
    print()
    print("| run | compiled | of | median compile (files all runs compile) |")
    print("|---|---:|---:|---:|")
    both = [k for k in range(len(runs[labels[0]])) if all(runs[l][k]["ok"] for l in labels)]
    for lab in labels:
        ok = sum(r["ok"] for r in runs[lab])
        times = [runs[lab][k]["seconds"] * 1000 for k in both]
        med = f"{statistics.median(times):.1f} ms" if times else "-"
        print(f"| {lab} | {ok} | {len(runs[lab])} | {med} |")
    print(f"\n({len(both)} files compiled by every run)")
    for lab in labels:
        causes = {}
        for r in runs[lab]:
            if not r["ok"]:
                causes[r["error"]] = causes.get(r["error"], 0) + 1
        if causes:
            print(f"\nfailure causes, {lab}:")
            for cause, n in sorted(causes.items(), key=lambda c: -c[1]):
                print(f"  {n:3d}  {cause}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "list":
        seen = set()
        for i in inputs(sys.argv[2:]):
            if i["source"] not in seen:  # cudarc repeats some sources (doc examples): count each once
                seen.add(i["source"])
                print(json.dumps(i))
    elif cmd == "cupy":
        for i in cupy_inputs(sys.argv[2]):
            print(json.dumps(i))
    elif cmd == "compile":
        compile_all(sys.argv[2], sys.argv[3])
    elif cmd == "report":
        report(sys.argv[2:])
