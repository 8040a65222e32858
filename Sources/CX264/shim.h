#ifndef CAMSTREAM_CX264_SHIM_H
#define CAMSTREAM_CX264_SHIM_H

// x264.h needs the fixed-width integer types declared first.
#include <stdint.h>
#include <sys/prctl.h>
#include <x264.h>

// `x264_encoder_open` is a macro that pastes X264_BUILD into the symbol name,
// which Swift cannot call; this inline function can.
static inline x264_t *camstream_x264_encoder_open(x264_param_t *param) {
    return x264_encoder_open(param);
}

// prctl is variadic, which Swift cannot call. x264_malloc madvises every buffer of 1.75 MB or more into
// 2 MB transparent huge pages (HAVE_THP), which then count whole in the RSS although x264 touches only
// part of them; with THP disabled for the process that madvise does nothing.
static inline int camstream_disable_transparent_huge_pages(void) {
    return prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

static const int camstream_x264_csp_i420 = X264_CSP_I420;
static const int camstream_x264_csp_nv12 = X264_CSP_NV12;
static const int camstream_x264_rc_abr = X264_RC_ABR;
static const int camstream_x264_type_auto = X264_TYPE_AUTO;
static const int camstream_x264_type_idr = X264_TYPE_IDR;
static const int camstream_x264_log_warning = X264_LOG_WARNING;
static const int camstream_x264_log_none = X264_LOG_NONE;

#endif
