#!/usr/bin/env python3
"""Fails when two sibling modules of a Rust crate import each other, directly or round a loop.

For every module P of every crate, its child modules are the nodes; there is an arrow from child
A to child B when any file in A's subtree names a path into B's subtree (`use crate::...`,
`super::...`, `self::...`, also inside code). A child using its parent's own items is not an
arrow (that is what a parent is for). Test code (`#[cfg(test)] mod tests`, `tests.rs`) is left
out. Any strongly connected group of more than one child is a cycle, printed with the imports
that make it.

Usage: scripts/module-cycles.py [CRATE_SRC_DIR...]   (default: every crate of the workspace)
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["src-tauri/src", *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("src-tauri/crates/*/src")), "tests/src"]

PATH = re.compile(r"\b(crate|super|self)((?:::\w+)*)(?:::\{([^;]*?)\})?")
TEST_BLOCK = re.compile(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", re.S)


def module_of(src: Path, file: Path) -> tuple:
    rel = file.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    if parts and parts[0] == "bin":
        return None
    return tuple(parts)


def strip_tests(text: str) -> str:
    """The file without its inline test modules (brace matched)."""
    out, pos = [], 0
    for m in TEST_BLOCK.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        pos = i
    out.append(text[pos:])
    return "".join(out)


def split_top(group: str) -> list:
    items, depth, cur = [], 0, ""
    for c in group:
        if c == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        cur += c
    items.append(cur)
    return [i.strip() for i in items if i.strip()]


def targets(module: tuple, is_mod_file: bool, text: str) -> list:
    """Every module path `text` names, absolute from the crate root."""
    found = []
    for m in PATH.finditer(text):
        head, rest, group = m.group(1), m.group(2), m.group(3)
        segs = [s for s in rest.split("::") if s]
        if head == "crate":
            base = []
        else:
            # `self` of a file is its module; `super` is the module's parent.
            base = list(module)
            if head == "super":
                base = base[:-1]
            while segs and segs[0] == "super":
                base = base[:-1]
                segs = segs[1:]
        paths = [base + segs]
        if group is not None:
            paths = []
            for item in split_top(group):
                first = re.split(r"::|\s", item)[0]
                paths.append(base + segs + ([] if first in ("self", "*", "") else [first]))
        found.extend((tuple(p), m.group(0)) for p in paths)
    return found


def crate_cycles(src: Path) -> list:
    files = [f for f in src.rglob("*.rs") if f.name != "tests.rs" and "tests" not in f.relative_to(src).parts[:-1]]
    modules = {}
    for f in files:
        mod = module_of(src, f)
        if mod is not None:
            modules[mod] = f
    arrows = {}  # (parent, from_child, to_child) -> example
    for mod, f in modules.items():
        # Comments (doc links among them) are not imports.
        text = re.sub(r"(?m)^\s*//.*$", "", strip_tests(f.read_text()))
        for target, example in targets(mod, f.name in ("mod.rs", "lib.rs", "main.rs"), text):
            # The longest known module the path goes into.
            while target and target not in modules:
                target = target[:-1]
            # The nearest common parent of the two, and the children of it they are in.
            common = 0
            while common < min(len(mod), len(target)) and mod[common] == target[common]:
                common += 1
            if common >= len(mod) or common >= len(target):
                continue  # into an ancestor, a descendant or itself
            parent = mod[:common]
            key = (parent, mod[common], target[common])
            arrows.setdefault(key, f"{os.path.relpath(f, ROOT)}: {example}")
    cycles = []
    parents = {k[0] for k in arrows}
    for parent in parents:
        graph = {}
        for (p, a, b), ex in arrows.items():
            if p == parent:
                graph.setdefault(a, set()).add(b)
        for group in sccs(graph):
            if len(group) > 1:
                lines = [arrows[(parent, a, b)] for a in sorted(group) for b in sorted(graph.get(a, ())) if b in group]
                cycles.append((src, parent, sorted(group), lines))
    return cycles


def sccs(graph: dict) -> list:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    nodes = set(graph) | {b for bs in graph.values() for b in bs}

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            out.append(group)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    dirs = [Path(d) if Path(d).is_absolute() else ROOT / d for d in (sys.argv[1:] or DEFAULT)]
    cycles = [c for d in dirs for c in crate_cycles(d)]
    for src, parent, group, lines in cycles:
        where = "::".join(parent) or "(crate root)"
        print(f"cycle in {os.path.relpath(src, ROOT)} under {where}: {' <-> '.join(group)}")
        for line in lines:
            print(f"    {line}")
    if cycles:
        print(f"{len(cycles)} module cycle(s)", file=sys.stderr)
        return 1
    print(f"no module cycles in {len(dirs)} crate(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
