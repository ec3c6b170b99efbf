/* SPDX-License-Identifier: MIT */
/**
 * @file ipt-fhir.h
 * @brief Export of a course as a FHIR R4 JSON Bundle.
 */
#ifndef IPT_FHIR_H
#define IPT_FHIR_H

#include <stddef.h>
#include <stdint.h>

#include <ipt/ipt-course.h>
#include <ipt/ipt-export.h>
#include <ipt/ipt-status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup fhir FHIR R4 export
 * A course as a FHIR R4 Bundle of type "collection": an EpisodeOfCare, a
 * CarePlan (the treatment contract), one Goal per focal problem area, and
 * for each held session an Encounter, a Procedure (SNOMED CT 443730003,
 * interpersonal psychotherapy) and an Observation per measure recorded.
 *
 * The patient appears only as the reference the caller supplies; libipt
 * never invents or stores identities.  Session notes are exported only
 * when #IPT_FHIR_INCLUDE_NOTES asks for them.  The same course and options
 * always give the same bytes: resource ids are name-based UUIDs derived
 * from the bundle id (or the course's history) and the resource's index.
 * The mapping, the codes and their sources are on the @ref fhir
 * "FHIR export page".
 *
 * Thread safety: the export only reads the course, so it may run
 * concurrently with the other const functions on the same course.
 * @{
 */

/** Bits of ipt_fhir_options.flags. */
enum ipt_fhir_flag {
    /** The course's timestamps are seconds since 1970-01-01 UTC: write
     *  them as FHIR dateTimes (periods, effective and performed times).
     *  Without this flag no date is written, since libipt does not know
     *  the caller's unit. */
    IPT_FHIR_UNIX_SECONDS = 1 << 0,
    /** Export each session's note as a Procedure.note.  Off by default:
     *  notes are the caller's free text and may identify people. */
    IPT_FHIR_INCLUDE_NOTES = 1 << 1
};

/**
 * Options of ipt_course_export_fhir().  Zero-initialise it, set @ref size
 * to `sizeof(struct ipt_fhir_options)` and set @ref patient_reference.
 */
struct ipt_fhir_options {
    /** `sizeof(struct ipt_fhir_options)` as seen by the caller. */
    uint32_t size;
    /** Mask of ::ipt_fhir_flag bits. */
    uint32_t flags;
    /** Required: the FHIR reference of the patient, e.g. "Patient/123" or
     *  "urn:uuid:...", copied into every resource that names the patient.
     *  1 to 4096 bytes of printable ASCII without spaces (0x21–0x7E).
     *  Borrowed for the call only. */
    const char *patient_reference;
    /** Optional (NULL for none): the Bundle's id, a FHIR id of 1 to 64
     *  characters A–Z, a–z, 0–9, '-' and '.'.  It also seeds the
     *  resources' UUIDs; without it they are derived from the patient
     *  reference and the course's event log.  Borrowed for the call. */
    const char *bundle_id;
};

/**
 * Write a course as a FHIR R4 Bundle (JSON) into a caller's buffer.
 *
 * Behaves like ipt_course_save_json(): @p length receives the Bundle's
 * full length (without the NUL); when @p size is larger than that the
 * Bundle and a NUL are written and #IPT_OK returned, otherwise
 * #IPT_ERR_BUFFER_TOO_SMALL is returned.  @p buf may be NULL when @p size
 * is 0, to ask for the length.  On #IPT_ERR_NO_MEMORY, @p buf holds no
 * Bundle (it is left as it was, or holds an empty string) and @p length
 * is untouched.  The output is indented by two spaces and ends with a
 * newline.
 *
 * @param[in]  course   The course; only read.
 * @param[in]  options  The options; only read.
 * @param[out] buf      Buffer of @p size bytes.
 * @param[in]  size     Size of @p buf.
 * @param[out] length   Receives the length of the Bundle.
 * @retval IPT_OK                   Written.
 * @retval IPT_ERR_INVALID_ARGUMENT @p course, @p options or @p length is
 *                                  NULL, @p buf is NULL with @p size above
 *                                  0, options->size is too small, the
 *                                  patient reference is missing or not
 *                                  acceptable, or the bundle id is not a
 *                                  FHIR id.
 * @retval IPT_ERR_UNSUPPORTED      Unknown flag bits, or @p options is
 *                                  larger than this library knows and its
 *                                  extra bytes are not 0.
 * @retval IPT_ERR_OUT_OF_RANGE     With #IPT_FHIR_UNIX_SECONDS, a
 *                                  timestamp outside the years 1–9999.
 * @retval IPT_ERR_BUFFER_TOO_SMALL @p size is not larger than the length.
 * @retval IPT_ERR_NO_MEMORY        No memory to build the Bundle.
 * @retval IPT_ERR_NOT_BUILT        libipt was built without JSON support
 *                                  (the arguments are checked first).
 * @note Thread-safe as a const function of the course.
 * @since 0.1
 */
IPT_API enum ipt_status
ipt_course_export_fhir(const struct ipt_course *course,
                       const struct ipt_fhir_options *options, char *buf,
                       uint64_t size, uint64_t *length);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* IPT_FHIR_H */
