#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check docs/course.schema.json against the library.

Usage: check-course-schema.py LIBRARY SCHEMA DATA_DIR [CORPUS_DIR]

LIBRARY is the built shared library (libipt-therapy.so), read through
ctypes.  Always checked (standard library only):

  1. the schema is valid JSON and declares draft 2020-12;
  2. every enum of names in the schema equals, in order, the names the
     library gives (areas, techniques, tasks, dispute stages, end reasons,
     event types) and the measure members are the library's measure names;
  3. the item ranges of the measures equal ipt_measure_item_max().

When the `jsonschema` module happens to be installed, also:

  4. the golden document of format 1.0 is valid;
  5. for every document of version 1.0 in DATA_DIR and CORPUS_DIR, a
     document the loader accepts is valid, and a document the schema
     refuses is refused by the loader.  (The converse does not hold: the
     loader also checks what a schema cannot express, see the schema's
     description.)

Output is TAP.  Exit status 77 (skipped) when the library cannot be loaded,
e.g. in a sanitizer build.
"""

import ctypes
import json
import os
import sys

STATUS_OK = 0
STATUS_HISTORY = 18

# Format errors for rules the schema cannot state (see its description).
BEYOND_SCHEMA = ("$.profile: ", "$.log_capacity: ")

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def names(lib, func, values):
    f = getattr(lib, func)
    f.restype = ctypes.c_char_p
    f.argtypes = [ctypes.c_int]
    out = []
    for v in values:
        n = f(v)
        if n is not None:
            out.append(n.decode())
    return out


def load_status(lib, data):
    course = ctypes.c_void_p()
    msg = ctypes.create_string_buffer(512)
    st = lib.ipt_course_load_json(data, len(data), None, ctypes.byref(course),
                                  msg, len(msg))
    if st == STATUS_OK:
        lib.ipt_course_free(course)
    return st, msg.value.decode(errors="replace")


PROFILE = {
    "name": "standard", "planned_sessions": 16, "min_sessions": 12,
    "max_sessions": 16, "initial_last_session": 3,
    "termination_sessions": 4, "ending_notice_sessions": 2,
    "max_focal_areas": 2,
    "allowed_areas": ["grief", "role_dispute", "role_transition",
                      "interpersonal_deficits"],
}

# A valid document with every kind of member: events with each kind of
# value, and a session record with every member and both forms of measure.
MUTATION_BASE = {
    "format": "libipt-course", "version": "1.0", "library": "0.1.0",
    "profile": PROFILE, "log_capacity": 64,
    "events": [
        {"type": "start", "timestamp": 0},
        {"type": "hold_session", "timestamp": 1},
        {"type": "complete_task", "timestamp": 2,
         "task": "history_and_diagnosis"},
        {"type": "choose_focus", "timestamp": 3, "areas": ["role_dispute"]},
        {"type": "set_dispute_stage", "timestamp": 4, "stage": "impasse"},
        {"type": "renegotiate_contract", "timestamp": 5, "sessions": 14},
        {"type": "discontinue", "timestamp": 6, "reason": "dropout"},
    ],
    "sessions": [{
        "session": 1, "techniques": ["clarification"],
        "areas": ["role_dispute"], "phq9": [0, 1, 2, 3, 0, 1, 2, 3, 1, 2],
        "hamd17": [4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2],
        "gad7": {"total": 21}, "note": "n",
    }],
}


def leaves(node, path=()):
    """Every path into @node (objects and arrays), the root excluded."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path + (k,)
            yield from leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield path + (i,)
            yield from leaves(v, path + (i,))


def mutations(base):
    """Copies of @base with one value replaced, removed or added."""
    replacements = [None, True, "x", -1, 0, 4, 53, 2 ** 32, 1.5, [], {}]
    for path in leaves(base):
        for r in replacements + ["__delete__", "__unknown__"]:
            doc = json.loads(json.dumps(base))
            parent = doc
            for k in path[:-1]:
                parent = parent[k]
            last = path[-1]
            if r == "__delete__":
                del parent[last]
            elif r == "__unknown__":
                if not isinstance(parent[last], dict):
                    continue
                parent[last]["zz_unknown"] = 1
            else:
                parent[last] = r
            yield doc


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    lib_path, schema_path, data_dir = argv[1:4]
    corpus_dir = argv[4] if len(argv) > 4 else None
    try:
        lib = ctypes.CDLL(lib_path)
    except OSError as e:
        print("1..0 # SKIP cannot load %s: %s" % (lib_path, e))
        return 77

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    check(schema.get("$schema") ==
          "https://json-schema.org/draft/2020-12/schema",
          "schema declares draft 2020-12")
    defs = schema["$defs"]

    enums = {
        "area": names(lib, "ipt_area_name", range(256)),
        "technique": names(lib, "ipt_technique_name", range(256)),
        "task": names(lib, "ipt_task_name", range(256)),
        "dispute_stage": names(lib, "ipt_dispute_stage_name", range(256)),
        "end_reason": names(lib, "ipt_end_reason_name", range(256)),
        "event_type": names(lib, "ipt_event_type_name", range(1024)),
    }
    for key, want in enums.items():
        got = defs[key]["enum"]
        check(got == want, "enum %s equals the library's names" % key,
              "schema %r, library %r" % (got, want))
    events = [b["properties"]["type"]["const"] for b in defs["event"]["oneOf"]]
    check(events == enums["event_type"], "one event branch per event type")

    measures = names(lib, "ipt_measure_kind_name", range(256))
    session_props = defs["session"]["properties"]
    check([m for m in measures if m in session_props] == measures,
          "every measure is a session member", repr(measures))

    item_max = lib.ipt_measure_item_max
    item_max.argtypes = [ctypes.c_int, ctypes.c_uint32,
                         ctypes.POINTER(ctypes.c_uint32)]

    def maxima(kind, count):
        out = []
        for i in range(1, count + 1):
            m = ctypes.c_uint32()
            if item_max(kind, i, ctypes.byref(m)) != STATUS_OK:
                return None
            out.append(m.value)
        return out

    phq9 = session_props["phq9"]
    check(maxima(1, 10) == [phq9["items"]["maximum"]] * 10,
          "phq9 item ranges")
    for kind, key, count in ((2, "hamd17", 17), (3, "gad7", 7)):
        branch = session_props[key]["oneOf"][0]
        got = [p["maximum"] for p in branch["prefixItems"]]
        check(got == maxima(kind, count), "%s item ranges" % key,
              "schema %r" % got)

    lib.ipt_course_load_json.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_size_t]
    lib.ipt_course_free.argtypes = [ctypes.c_void_p]

    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        files = []
        for d in (data_dir, corpus_dir):
            if d and os.path.isdir(d):
                files += [os.path.join(d, n) for n in sorted(os.listdir(d))]
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            try:
                doc = json.loads(data.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                doc = None
            if not isinstance(doc, dict) or doc.get("version") != "1.0":
                continue
            valid = validator.is_valid(doc)
            st, msg = load_status(lib, data)
            name = os.path.basename(path)
            if st == STATUS_OK:
                check(valid, "%s: loads and is valid" % name)
            elif not valid:
                check(True, "%s: invalid and refused (%s)" % (name, msg))
            else:
                check(True, "%s: valid but refused by a rule the schema "
                      "cannot state (%s)" % (name, msg))
        st, msg = load_status(lib, json.dumps(MUTATION_BASE).encode())
        check(st == STATUS_OK and validator.is_valid(MUTATION_BASE),
              "the mutation base loads and is valid", msg)
        disagree = []
        unexplained = []
        count = 0
        for doc in mutations(MUTATION_BASE):
            data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            st, msg = load_status(lib, data)
            valid = validator.is_valid(doc)
            count += 1
            if st == STATUS_OK and not valid:
                error = next(validator.iter_errors(doc))
                disagree.append("%s: %s" % (list(error.absolute_path),
                                            error.message[:100]))
            elif st != STATUS_OK and valid and not (
                    st == STATUS_HISTORY or
                    msg.startswith(BEYOND_SCHEMA)):
                unexplained.append(msg)
        check(not disagree, "%d mutations of a document that uses every "
              "member: the loader accepts none that the schema refuses"
              % count, "; ".join(disagree[:5]))
        check(not unexplained, "the loader refuses valid mutations only "
              "for rules the schema cannot state",
              "; ".join(unexplained[:5]))
    else:
        results.append((True, "jsonschema not installed",
                        "SKIP validation"))

    print("1..%d" % len(results))
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        skip = detail.startswith("SKIP")
        print("%s %d - %s%s" % ("ok" if ok else "not ok", i, name,
                                " # " + detail if skip else ""))
        if not ok:
            failed += 1
            if detail:
                print("# " + detail)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
