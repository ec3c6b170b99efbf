/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-export.h
 * @brief Symbol export macro used on every public declaration.
 *
 * Only declarations marked with #IPT_API are exported from the shared
 * library; everything else is hidden.
 */
#ifndef IPT_EXPORT_H
#define IPT_EXPORT_H

/**
 * Marks a function as part of the public ABI of libipt.
 *
 * Expands to the compiler's default-visibility attribute when the compiler
 * supports it, and to nothing otherwise.  Callers never need to use it.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(IPT_BUILDING_LIBRARY)
#    define IPT_API __declspec(dllexport)
#  else
#    define IPT_API
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define IPT_API __attribute__((visibility("default")))
#else
#  define IPT_API
#endif

#endif /* IPT_EXPORT_H */
