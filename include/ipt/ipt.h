/* SPDX-License-Identifier: MIT */
/**
 * @file ipt.h
 * @brief Umbrella header: includes every public header of libipt.
 */
#ifndef IPT_H
#define IPT_H

#include <ipt/ipt-alloc.h>
#include <ipt/ipt-catalog.h>
#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-fhir.h>
#include <ipt/ipt-fidelity.h>
#include <ipt/ipt-machine.h>
#include <ipt/ipt-measure.h>
#include <ipt/ipt-profile.h>
#include <ipt/ipt-record.h>
#include <ipt/ipt-select.h>
#include <ipt/ipt-sim.h>
#include <ipt/ipt-status.h>
#include <ipt/ipt-store.h>
#include <ipt/ipt-triage.h>
#include <ipt/ipt-types.h>
#include <ipt/ipt-version.h>

#endif /* IPT_H */
