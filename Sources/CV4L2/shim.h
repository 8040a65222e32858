#ifndef CAMSTREAM_CV4L2_SHIM_H
#define CAMSTREAM_CV4L2_SHIM_H

#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/videodev2.h>
#include <libv4l2.h>

// libv4l2's open and ioctl are variadic, which Swift cannot call directly.
static inline int camstream_v4l2_open(const char *path, int flags) {
    return v4l2_open(path, flags);
}

static inline int camstream_v4l2_ioctl(int fd, unsigned long request, void *argument) {
    return v4l2_ioctl(fd, request, argument);
}

// libc's open and ioctl, for the path that LD_PRELOAD interposers (libcamera's libcamerify) can see:
// libv4l2 issues its device calls as raw syscall(2)s, which no preloaded library intercepts.
static inline int camstream_libc_open(const char *path, int flags) {
    return open(path, flags);
}

static inline int camstream_libc_ioctl(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

// The VIDIOC_* request codes are function-like macros (_IOR/_IOWR); these are their values.
static const unsigned long camstream_vidioc_querycap = VIDIOC_QUERYCAP;
static const unsigned long camstream_vidioc_enum_fmt = VIDIOC_ENUM_FMT;
static const unsigned long camstream_vidioc_g_fmt = VIDIOC_G_FMT;
static const unsigned long camstream_vidioc_s_fmt = VIDIOC_S_FMT;
static const unsigned long camstream_vidioc_enum_framesizes = VIDIOC_ENUM_FRAMESIZES;
static const unsigned long camstream_vidioc_enum_frameintervals = VIDIOC_ENUM_FRAMEINTERVALS;
static const unsigned long camstream_vidioc_g_parm = VIDIOC_G_PARM;
static const unsigned long camstream_vidioc_s_parm = VIDIOC_S_PARM;
static const unsigned long camstream_vidioc_reqbufs = VIDIOC_REQBUFS;
static const unsigned long camstream_vidioc_querybuf = VIDIOC_QUERYBUF;
static const unsigned long camstream_vidioc_qbuf = VIDIOC_QBUF;
static const unsigned long camstream_vidioc_dqbuf = VIDIOC_DQBUF;
static const unsigned long camstream_vidioc_streamon = VIDIOC_STREAMON;
static const unsigned long camstream_vidioc_streamoff = VIDIOC_STREAMOFF;
static const unsigned long camstream_vidioc_queryctrl = VIDIOC_QUERYCTRL;
static const unsigned long camstream_vidioc_query_ext_ctrl = VIDIOC_QUERY_EXT_CTRL;
static const unsigned long camstream_vidioc_querymenu = VIDIOC_QUERYMENU;
static const unsigned long camstream_vidioc_g_ctrl = VIDIOC_G_CTRL;
static const unsigned long camstream_vidioc_s_ctrl = VIDIOC_S_CTRL;
static const unsigned long camstream_vidioc_g_ext_ctrls = VIDIOC_G_EXT_CTRLS;
static const unsigned long camstream_vidioc_s_ext_ctrls = VIDIOC_S_EXT_CTRLS;
static const unsigned long camstream_vidioc_g_input = VIDIOC_G_INPUT;

// V4L2_PIX_FMT_* are v4l2_fourcc(...) macro calls.
static const uint32_t camstream_pix_fmt_yuyv = V4L2_PIX_FMT_YUYV;
static const uint32_t camstream_pix_fmt_uyvy = V4L2_PIX_FMT_UYVY;
static const uint32_t camstream_pix_fmt_yuv420 = V4L2_PIX_FMT_YUV420;
static const uint32_t camstream_pix_fmt_nv12 = V4L2_PIX_FMT_NV12;
static const uint32_t camstream_pix_fmt_mjpeg = V4L2_PIX_FMT_MJPEG;
static const uint32_t camstream_pix_fmt_h264 = V4L2_PIX_FMT_H264;

// Control ids and flags built from other macros (V4L2_CID_BASE + n, class | offset).
static const uint32_t camstream_cid_force_key_frame = V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME;
static const uint32_t camstream_ctrl_flag_next_ctrl = V4L2_CTRL_FLAG_NEXT_CTRL;
static const uint32_t camstream_ctrl_flag_next_compound = V4L2_CTRL_FLAG_NEXT_COMPOUND;
static const uint32_t camstream_ctrl_flag_disabled = V4L2_CTRL_FLAG_DISABLED;
static const uint32_t camstream_ctrl_flag_read_only = V4L2_CTRL_FLAG_READ_ONLY;
static const uint32_t camstream_ctrl_flag_inactive = V4L2_CTRL_FLAG_INACTIVE;
static const uint32_t camstream_ctrl_flag_write_only = V4L2_CTRL_FLAG_WRITE_ONLY;
static const uint32_t camstream_ctrl_flag_grabbed = V4L2_CTRL_FLAG_GRABBED;
static const uint32_t camstream_ctrl_flag_volatile = V4L2_CTRL_FLAG_VOLATILE;
static const uint32_t camstream_ctrl_id_mask = V4L2_CTRL_ID_MASK;

// Capability bits and buffer flags, spelled out so Swift sees them as UInt32 constants.
static const uint32_t camstream_cap_video_capture = V4L2_CAP_VIDEO_CAPTURE;
static const uint32_t camstream_cap_video_capture_mplane = V4L2_CAP_VIDEO_CAPTURE_MPLANE;
static const uint32_t camstream_cap_video_m2m = V4L2_CAP_VIDEO_M2M;
static const uint32_t camstream_cap_video_m2m_mplane = V4L2_CAP_VIDEO_M2M_MPLANE;
static const uint32_t camstream_cap_streaming = V4L2_CAP_STREAMING;
static const uint32_t camstream_cap_device_caps = V4L2_CAP_DEVICE_CAPS;
static const uint32_t camstream_fmt_flag_compressed = V4L2_FMT_FLAG_COMPRESSED;
static const uint32_t camstream_fmt_flag_emulated = V4L2_FMT_FLAG_EMULATED;
static const uint32_t camstream_buf_flag_error = V4L2_BUF_FLAG_ERROR;
static const uint32_t camstream_buf_flag_timestamp_mask = V4L2_BUF_FLAG_TIMESTAMP_MASK;
static const uint32_t camstream_buf_flag_timestamp_monotonic = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
static const uint32_t camstream_capture_timeperframe = V4L2_CAP_TIMEPERFRAME;

#endif
