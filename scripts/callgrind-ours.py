#!/usr/bin/env python3
"""Instructions per call spent outside the HIP runtime, per measured loop, from one callgrind
output file (scripts/bench-percall.sh).

For each loop function `m_<path>_<cu>` (N calls): its inclusive instruction count minus what its
calls spend in "foreign" objects (libamdhip64 and everything it pulls in: libc, HSA, LLVM…),
leaving the instructions of the loop itself, of cuda-as-hip (Rust API inlined into the loop, or the
C ABI library) and of the call instructions. A callee of ours shared by several loops passes on its
foreign share in proportion to each caller's calls."""
import collections, re, sys

OURS = ("percall", "libcuda.so", "libcudart.so", "libcublas.so")  # the benchmark binary and cuda-as-hip's C ABI libraries

def parse(path):
    names = {"fn": {}, "ob": {}}
    obj_of, excl = {}, collections.Counter()
    edges = collections.defaultdict(collections.Counter)  # caller -> callee -> inclusive
    ob = fn = cob = cfn = None
    pending_call = False
    def name(kind, text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind][m.group(1)]
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("ob="):
            ob = name("ob", line[3:])
        elif line.startswith("fl=") or line.startswith("fi=") or line.startswith("fe="):
            pass
        elif line.startswith("fn="):
            fn = name("fn", line[3:]); obj_of[fn] = ob; cob = ob
        elif line.startswith("cob="):
            cob = name("ob", line[4:])
        elif line.startswith("cfn="):
            cfn = name("fn", line[4:]); obj_of.setdefault(cfn, cob)
        elif line.startswith("calls="):
            pending_call = True
        elif line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            cost = int(parts[1]) if len(parts) > 1 else 0
            if pending_call:
                edges[fn][cfn] += cost; pending_call = False; cob = ob
            else:
                excl[fn] += cost
    return obj_of, excl, edges

def main(path, n):
    obj_of, excl, edges = parse(path)
    foreign = lambda f: not any(o in (obj_of.get(f) or "") for o in OURS)
    incl = {}
    def inclusive(f):
        if f not in incl:
            incl[f] = excl[f] + sum(edges[f].values())
        return incl[f]
    memo = {}
    def foreign_cost(f, depth=0):
        if f in memo or depth > 50:
            return memo.get(f, 0)
        total = 0
        for c, cost in edges[f].items():
            if foreign(c):
                total += cost
            elif inclusive(c):
                total += foreign_cost(c, depth + 1) * cost / inclusive(c)
        memo[f] = total
        return total
    rows = {}
    for f in excl.keys() | edges.keys():
        m = re.search(r"::m_(rust|cabi|hip)_(cu\w+)$", f)
        if m:
            rows[(m.group(2), m.group(1))] = (inclusive(f) - foreign_cost(f)) / n
    for (cu, p), v in sorted(rows.items()):
        print(f"{cu} {p} {v:.1f}")

main(sys.argv[1], int(sys.argv[2]))
