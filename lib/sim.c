/* SPDX-License-Identifier: MIT */
/* Placeholder until the module lands. */
#include "internal.h"
typedef int ipt__placeholder_sim;
