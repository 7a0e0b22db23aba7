#!/usr/bin/env bash
# Lists the Rust and TypeScript functions longer than N lines (default 80), longest first, as
# `LINES  path:first-last  name`, then how many there are. A function's lines run from its `fn` /
# `function` / method name / arrow parameters to its closing brace, comments and blank lines
# included (attributes and doc comments above it are not counted).
#
#   scripts/long-functions.sh [--check] [N] [PATH...]
#
# PATH defaults to src-tauri, tests and ui/src; target/ and node_modules/ are never read (nor the
# generated ui/src/bindings). --check exits 1 when any function is listed (0 otherwise), for CI.
#
# A reader, not a parser: comments, strings (Rust raw strings and char literals, TypeScript
# template literals and regular expressions) are skipped so their braces do not count; closures
# belong to the function they are written in; nested `fn`s and callbacks (a test file's
# `describe(...)` blocks too) are listed on their own, and count in the function around them.
# Needs python3 only.
set -euo pipefail
here=$PWD
cd "$(dirname "$0")/.."

check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
limit=80
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  limit=$1
  shift
fi
if [[ $# -eq 0 ]]; then
  set -- src-tauri tests ui/src
else
  # Paths given are relative to where the script was run from.
  paths=()
  for p in "$@"; do
    [[ "$p" == /* ]] || p="$here/$p"
    paths+=("$p")
  done
  set -- "${paths[@]}"
fi

exec python3 - "$check" "$limit" "$@" <<'PY'
import os
import re
import sys

check, limit, roots = sys.argv[1] == "1", int(sys.argv[2]), sys.argv[3:]
SKIP_DIRS = {"target", "node_modules", ".git", "bindings", "dist"}
EXTS = (".rs", ".ts", ".tsx", ".mts")


def files():
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if name.endswith(EXTS) and not name.endswith(".d.ts"):
                    yield os.path.join(dirpath, name)


# ---------------------------------------------------------------- tokens: (kind, text, line)
IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
NUMBER = re.compile(r"[0-9][A-Za-z0-9_.]*")
RUST_RAW = re.compile(r'(?:b|c)?r(#*)"')
RUST_CHAR = re.compile(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'")
PUNCT2 = ("=>", "->", "::", "?.", "??")
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"=>", "??"}
REGEX_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                  "void", "throw", "instanceof", "yield", "await"}


class Reader:
    def __init__(self, src, rust):
        self.src, self.rust, self.pos, self.line, self.tokens = src, rust, 0, 1, []

    def advance_to(self, end):
        self.line += self.src.count("\n", self.pos, end)
        self.pos = end

    def emit(self, kind, text, end):
        self.tokens.append((kind, text, self.line))
        self.advance_to(end)

    def skip_quoted(self, quote):
        """From an opening quote to after the closing one, `\\` escapes honoured."""
        i = self.pos + 1
        while i < len(self.src) and self.src[i] != quote:
            i += 2 if self.src[i] == "\\" else 1
        text = self.src[self.pos:i + 1]
        if len(text) > 50:
            text = text[:46] + "..." + quote
        self.emit("str", text, min(i + 1, len(self.src)))

    def block_comment(self):
        depth, i = 1, self.pos + 2
        while i < len(self.src) and depth:
            two = self.src[i:i + 2]
            if two == "/*" and self.rust:
                depth, i = depth + 1, i + 2
            elif two == "*/":
                depth, i = depth - 1, i + 2
            else:
                i += 1
        self.advance_to(i)

    def template(self):
        """A TypeScript template literal; the code in `${...}` is read as code."""
        i = self.pos + 1
        while i < len(self.src):
            c = self.src[i]
            if c == "\\":
                i += 2
            elif c == "`":
                self.emit("str", "`", i + 1)
                return
            elif self.src.startswith("${", i):
                self.emit("str", "`", i + 2)
                self.code(until_close=True)
                i = self.pos
            else:
                i += 1
        self.advance_to(len(self.src))

    def regex(self):
        i, in_class = self.pos + 1, False
        while i < len(self.src) and self.src[i] != "\n":
            c = self.src[i]
            if c == "\\":
                i += 1
            elif c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                break
            i += 1
        m = IDENT.match(self.src, i + 1)
        self.emit("str", "/", m.end() if m else i + 1)

    def regex_allowed(self):
        if not self.tokens:
            return True
        kind, text, _ = self.tokens[-1]
        return (kind == "punct" and text in REGEX_AFTER) or (kind == "id" and text in REGEX_KEYWORDS)

    def code(self, until_close=False):
        depth, src = 0, self.src
        while self.pos < len(src):
            c, two = src[self.pos], src[self.pos:self.pos + 2]
            if c == "\n" or c.isspace():
                self.advance_to(self.pos + 1)
            elif two == "//":
                end = src.find("\n", self.pos)
                self.advance_to(len(src) if end < 0 else end)
            elif two == "/*":
                self.block_comment()
            elif self.rust and (m := RUST_RAW.match(src, self.pos)) and (
                    self.pos == 0 or not (src[self.pos - 1].isalnum() or src[self.pos - 1] == "_")):
                close = '"' + m.group(1)
                end = src.find(close, m.end())
                self.emit("str", "r", len(src) if end < 0 else end + len(close))
            elif c == '"' or (c == "'" and not self.rust):
                self.skip_quoted(c)
            elif c == "'":
                m = RUST_CHAR.match(src, self.pos)
                if m:
                    self.emit("str", "'", m.end())
                else:  # a lifetime or a loop label
                    self.advance_to(self.pos + 1)
            elif c == "`" and not self.rust:
                self.template()
            elif c == "/" and not self.rust and self.regex_allowed():
                self.regex()
            elif (m := IDENT.match(src, self.pos)):
                self.emit("id", m.group(), m.end())
            elif (m := NUMBER.match(src, self.pos)):
                self.emit("num", m.group(), m.end())
            elif until_close and c == "}" and depth == 0:
                self.advance_to(self.pos + 1)  # the end of a template's `${...}`
                return
            else:
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                text = two if two in PUNCT2 else c
                self.emit("punct", text, self.pos + len(text))


def tokens(src, rust):
    reader = Reader(src, rust)
    reader.code()
    return reader.tokens


def matching(toks):
    """Index of the partner of every bracket token."""
    pairs, stack, opens = {}, [], {")": "(", "]": "[", "}": "{"}
    for i, (kind, text, _) in enumerate(toks):
        if kind != "punct":
            continue
        if text in "([{":
            stack.append(i)
        elif text in opens:
            while stack and toks[stack[-1]][1] != opens[text]:
                stack.pop()  # unbalanced (a reader miss): resynchronise
            if stack:
                j = stack.pop()
                pairs[i], pairs[j] = j, i
    return pairs


def is_p(tok, text):
    return tok[0] == "punct" and tok[1] == text


# ---------------------------------------------------------------- Rust
def rust_functions(toks, pairs):
    for i, tok in enumerate(toks[:-1]):
        if tok[:2] != ("id", "fn") or toks[i + 1][0] != "id":
            continue
        j = i + 2
        while j < len(toks):
            t = toks[j]
            if is_p(t, "(") or is_p(t, "["):
                j = pairs.get(j, j)
            elif is_p(t, ";"):
                break  # a declaration without a body
            elif is_p(t, "{"):
                if j in pairs:
                    yield toks[i + 1][1], tok[2], toks[pairs[j]][2]
                break
            j += 1


# ---------------------------------------------------------------- TypeScript
NOT_METHODS = {"if", "for", "while", "switch", "catch", "with", "return", "typeof", "await", "new",
               "super", "import", "yield", "void", "delete", "in", "of", "instanceof", "do",
               "else", "function", "case", "throw", "export"}
METHOD_BEFORE = {"{", "}", ";", ",", "*"}
MODIFIERS = {"async", "static", "private", "public", "protected", "get", "set", "override",
             "readonly", "export", "default", "declare"}
BODY_AFTER_TYPE = {")", "]", "}", ">"}


def body_after_params(toks, pairs, close):
    """The body's `{` after a parameter list's `)`, past a return type; None without a body."""
    j = close + 1
    if j < len(toks) and is_p(toks[j], "{"):
        return j
    if j >= len(toks) or not is_p(toks[j], ":"):
        return None
    j += 1
    while j < len(toks) and j < close + 300:
        t, prev = toks[j], toks[j - 1]
        if is_p(t, "{") and (prev[0] == "id" or (prev[0] == "punct" and prev[1] in BODY_AFTER_TYPE)):
            return j
        if t[0] == "punct" and t[1] in "([{":
            j = pairs.get(j, j)
        elif t[0] == "punct" and t[1] in ";,)=":
            return None
        j += 1
    return None


def arrow_name(toks, k):
    """What an arrow function's parameters at index k are called: `const NAME = (...) =>`, or
    `(callback of CALL "first argument")` for one passed to a call."""
    if k > 0 and toks[k - 1][:2] == ("id", "async"):
        k -= 1
    if k >= 2 and toks[k - 1][0] == "punct" and toks[k - 1][1] in "=:" and toks[k - 2][0] == "id":
        return toks[k - 2][1]
    for back in range(k - 1, max(k - 400, -1), -1):
        t = toks[back]
        if is_p(t, "(") and pairs_cache.get(back, -1) > k:
            if back == 0 or toks[back - 1][0] != "id":
                break
            first = toks[back + 1]
            label = f" {first[1]}" if first[0] == "str" and back + 1 < k else ""
            return f"(callback of {toks[back - 1][1]}{label})"
        if t[0] == "punct" and t[1] in ")]}" and back in pairs_cache:
            continue
        if t[0] == "punct" and t[1] in ";{":
            break
    return "(arrow function)"


def expression_end(toks, start):
    """The last token of an arrow function's expression body."""
    j, last = start, start
    while j < len(toks):
        t = toks[j]
        if t[0] == "punct":
            if t[1] in "([{":
                j = pairs_cache.get(j, j)
            elif t[1] in ")]};,":
                break
        last = j
        j += 1
    return last


def ts_functions(toks, pairs):
    for i, tok in enumerate(toks):
        if tok[0] == "id" and i + 1 < len(toks) and is_p(toks[i + 1], "("):
            name, kind_ok = tok[1], False
            if name == "function":
                kind_ok, name = True, "(function)"
            elif i > 0 and toks[i - 1][:2] == ("id", "function"):
                kind_ok = True
            elif name not in NOT_METHODS:
                prev = toks[i - 1] if i else ("punct", ";", 0)
                kind_ok = (prev[0] == "punct" and prev[1] in METHOD_BEFORE) or (
                    prev[0] == "id" and prev[1] in MODIFIERS)
            if kind_ok and (i + 1) in pairs:
                body = body_after_params(toks, pairs, pairs[i + 1])
                if body is not None and body in pairs:
                    yield name, tok[2], toks[pairs[body]][2]
        elif is_p(tok, "=>") and i + 1 < len(toks):
            before = toks[i - 1] if i else None
            if before and is_p(before, ")") and (i - 1) in pairs:
                params = pairs[i - 1]
            elif before and before[0] == "id":
                params = i - 1
                # `(...): Type =>`: back to the parameter list.
                for back in range(i - 2, max(i - 30, -1), -1):
                    if is_p(toks[back], ")") and back in pairs and is_p(toks[back + 1], ":"):
                        params = pairs[back]
                        break
            else:
                params = i
            name = arrow_name(toks, params)
            nxt = toks[i + 1]
            if is_p(nxt, "{") and (i + 1) in pairs:
                end_line = toks[pairs[i + 1]][2]
            else:
                end_line = toks[expression_end(toks, i + 1)][2]
            yield name, toks[params][2], end_line


pairs_cache = {}
found = []
for path in files():
    try:
        with open(path, encoding="utf-8") as f:
            src = f.read()
    except (OSError, UnicodeDecodeError):
        continue
    rust = path.endswith(".rs")
    toks = tokens(src, rust)
    pairs_cache = matching(toks)
    functions = rust_functions if rust else ts_functions
    for name, first, last in functions(toks, pairs_cache):
        lines = last - first + 1
        if lines > limit:
            found.append((lines, path, first, last, name))

found.sort(key=lambda f: (-f[0], f[1], f[2]))
def shown(path):
    """A path as given, or relative to the repository when it is inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


for lines, path, first, last, name in found:
    print(f"{lines:5}  {shown(path)}:{first}-{last}  {name}")
print(f"{len(found)} function(s) over {limit} lines under {', '.join(shown(r) for r in roots)}")
sys.exit(1 if check and found else 0)
PY
