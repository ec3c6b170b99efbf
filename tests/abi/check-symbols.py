#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check that the exported ABI of libipt-therapy is exactly what it claims.

Four sources must name the same set of functions:

  * the dynamic symbol table of the built shared library (nm -D),
  * the global entries of the linker version script (lib/libipt-therapy.map),
  * the declarations marked IPT_API in the public headers (include/ipt/*.h
    and the generated ipt-version.h).

It also checks that every exported symbol is a function whose name starts
with ipt_, that every exported symbol carries a version node of the map,
and that the umbrella header <ipt/ipt.h> includes every public header.

Output is TAP; the exit status is 0 only if every check passed.
Only the Python standard library is used.
"""

import argparse
import glob
import os
import re
import subprocess
import sys

from tap import report

PREFIX = "ipt_"


class Tap:
    """Minimal TAP producer."""

    def __init__(self):
        self.results = []

    def check(self, ok, name, details=()):
        self.results.append((bool(ok), name, list(details)))

    def emit(self):
        return report(self.results)


def strip_comments(text):
    """Remove C comments and empty string literals, keeping line structure."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\])*"'
                         r"|'(?:\\.|[^'\\])*'", re.S)

    def replace(match):
        token = match.group(0)
        if token.startswith("/"):
            return "\n" * token.count("\n") if token.startswith("/*") else ""
        return token[0] * 2

    return pattern.sub(replace, text)


def strip_preprocessor(text):
    """Remove preprocessor directives, including continued lines."""
    text = re.sub(r"\\\n", " ", text)
    return "\n".join(line for line in text.split("\n")
                     if not line.lstrip().startswith("#"))


def strip_balanced(text, keyword):
    """Remove `keyword ( ... )` with balanced parentheses."""
    out = []
    pos = 0
    pattern = re.compile(r"\b%s\s*\(" % re.escape(keyword))
    while True:
        match = pattern.search(text, pos)
        if not match:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:match.start()])
        depth = 1
        i = match.end()
        while i < len(text) and depth:
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
            i += 1
        pos = i


NOT_A_NAME = {
    "const", "volatile", "restrict", "struct", "enum", "union", "unsigned",
    "signed", "void", "char", "short", "int", "long", "float", "double",
    "static", "extern", "inline", "IPT_API",
}


def api_functions(path):
    """Return (names, problems) for the IPT_API declarations of a header."""
    text = strip_comments(open(path, encoding="utf-8").read())
    text = strip_preprocessor(text)
    for keyword in ("__attribute__", "__declspec"):
        text = strip_balanced(text, keyword)
    names = []
    problems = []
    for match in re.finditer(r"\bIPT_API\b", text):
        end = text.find(";", match.end())
        body = text.find("{", match.end())
        if end < 0 or (0 <= body < end):
            end = body
        decl = text[match.end():end if end >= 0 else None]
        candidates = [m.group(1)
                      for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", decl)
                      if m.group(1) not in NOT_A_NAME]
        line = text.count("\n", 0, match.start()) + 1
        if not candidates:
            problems.append("%s:%d: cannot find the function name in "
                            "'IPT_API%s'" % (path, line,
                                             " ".join(decl.split())))
            continue
        names.append(candidates[0])
    return names, problems


def map_file(path):
    """Return (nodes, globals, problems) of a GNU ld version script."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"#[^\n]*", "", strip_comments(text))
    text = re.sub(r"\s+:", ":", text)
    nodes = []
    symbols = []
    problems = []
    for node in re.finditer(r"([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*[\w.]*\s*;",
                            text, re.S):
        nodes.append(node.group(1))
        scope = "global"
        for token in re.split(r"\s*;\s*|\s+", node.group(2)):
            if not token:
                continue
            if token.endswith(":"):
                scope = token[:-1]
                continue
            if token.startswith("extern"):
                problems.append("unsupported 'extern' block in %s" % path)
                continue
            if scope != "global":
                continue
            if any(ch in token for ch in "*?["):
                problems.append("wildcard '%s' among the global symbols of "
                                "node %s" % (token, node.group(1)))
            symbols.append(token)
    if not nodes:
        problems.append("no version node found in %s" % path)
    return nodes, symbols, problems


def exported(nm, lib):
    """Return list of (name, type, version) defined in the dynamic table."""
    out = subprocess.run([nm, "-D", "--defined-only", "--with-symbol-versions",
                          lib], check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    result = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        sym_type, full = fields[-2], fields[-1]
        name, _, version = full.partition("@")
        result.append((name, sym_type, version.lstrip("@")))
    return result


def umbrella_includes(path):
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "",
                  open(path, encoding="utf-8").read(), flags=re.S)
    return set(re.findall(r'^\s*#\s*include\s*[<"]ipt/([^>"]+)[>"]', text,
                          re.M))


def diff(label_a, set_a, label_b, set_b):
    lines = []
    for name in sorted(set_a - set_b):
        lines.append("%s only in %s" % (name, label_a))
    for name in sorted(set_b - set_a):
        lines.append("%s only in %s" % (name, label_b))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nm", default="nm")
    parser.add_argument("--lib", required=True,
                        help="the built shared library")
    parser.add_argument("--map", required=True, help="the version script")
    parser.add_argument("--header-dir", required=True,
                        help="directory of the public headers (*.h)")
    parser.add_argument("--header", action="append", default=[],
                        help="an extra public header (e.g. generated)")
    parser.add_argument("--umbrella", default="ipt.h",
                        help="name of the umbrella header")
    args = parser.parse_args()

    tap = Tap()

    headers = sorted(glob.glob(os.path.join(args.header_dir, "*.h")))
    headers += args.header
    header_names = sorted({os.path.basename(h) for h in headers})

    # The library's dynamic symbol table.
    nodes, map_syms, map_problems = map_file(args.map)
    symbols = exported(args.nm, args.lib)
    ignored = [s for s in symbols if s[1] == "A" and s[0] in nodes]
    symbols = [s for s in symbols if s not in ignored]
    lib_names = {s[0] for s in symbols}

    tap.check(symbols, "the library exports symbols at all",
              ["nm -D found no defined symbol in %s" % args.lib])
    bad_prefix = sorted(s[0] for s in symbols if not s[0].startswith(PREFIX))
    tap.check(not bad_prefix,
              "every exported symbol starts with %s" % PREFIX,
              ["exported without the prefix: %s" % n for n in bad_prefix])
    not_func = sorted("%s (nm type %s)" % (s[0], s[1]) for s in symbols
                      if s[1] not in ("T", "i"))
    tap.check(not not_func, "every exported symbol is a function",
              ["not a function: %s" % n for n in not_func])
    unversioned = sorted("%s@%s" % (s[0], s[2] or "(none)") for s in symbols
                         if s[2] not in nodes)
    tap.check(not unversioned,
              "every exported symbol has a version node of %s"
              % os.path.basename(args.map),
              ["bad or missing version: %s (nodes: %s)"
               % (n, ", ".join(nodes)) for n in unversioned])
    tap.check(ignored, "the version node is present in the library",
              ["no absolute symbol named %s" % " or ".join(nodes)])

    # The version script.
    dups = sorted({n for n in map_syms if map_syms.count(n) > 1})
    tap.check(not map_problems and not dups,
              "the version script parses, no wildcard or duplicate globals",
              map_problems + ["listed twice: %s" % n for n in dups])
    tap.check(lib_names == set(map_syms),
              "exported symbols == global entries of the version script",
              diff("the library", lib_names, "the map", set(map_syms)))

    # The IPT_API declarations.
    declared = []
    problems = []
    per_header = {}
    for header in headers:
        names, header_problems = api_functions(header)
        per_header[os.path.basename(header)] = names
        declared += names
        problems += header_problems
    dups = sorted({n for n in declared if declared.count(n) > 1})
    tap.check(not problems and not dups and declared,
              "IPT_API declarations parse (%d in %d headers)"
              % (len(declared), len(headers)),
              problems + ["declared twice: %s" % n for n in dups]
              + ([] if declared else ["no IPT_API declaration found"]))
    bad_prefix = sorted(n for n in declared if not n.startswith(PREFIX))
    tap.check(not bad_prefix,
              "every IPT_API function starts with %s" % PREFIX,
              ["declared without the prefix: %s" % n for n in bad_prefix])
    tap.check(lib_names == set(declared),
              "exported symbols == IPT_API declarations in the headers",
              diff("the library", lib_names, "the headers", set(declared)))

    # The umbrella header.
    umbrella = [h for h in headers if os.path.basename(h) == args.umbrella]
    if umbrella:
        included = umbrella_includes(umbrella[0])
        missing = sorted(set(header_names) - included - {args.umbrella})
        unknown = sorted(included - set(header_names))
        tap.check(not missing and not unknown,
                  "<ipt/%s> includes every public header" % args.umbrella,
                  ["not included: %s" % n for n in missing]
                  + ["includes a header that is not public: %s" % n
                     for n in unknown])
    else:
        tap.check(False, "umbrella header %s exists" % args.umbrella,
                  ["not found among %s" % ", ".join(header_names)])

    return tap.emit()


if __name__ == "__main__":
    sys.exit(main())
