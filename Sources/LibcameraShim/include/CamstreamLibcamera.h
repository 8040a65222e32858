#ifndef CAMSTREAM_LIBCAMERA_H
#define CAMSTREAM_LIBCAMERA_H

// camstream's window on libcamera: plain C types and functions over libcamera's C++ API.
//
// Why a C shim rather than Swift's C++ interop: libcamera's headers lean on templates (Signal<>,
// Control<Span<...>>, std::optional-returning ControlList::get), unique_ptr/shared_ptr ownership
// and callbacks into C++ objects on libcamera's own threads; Swift's interop imports some of that
// and not the rest, differently per Swift release, and would have to be enabled for every target
// that imports the module (the whole executable). Behind a C header the API difference between
// Debian's 0.0.3 and Raspberry Pi OS's 0.3–0.5 stays in one .cpp file under
// <libcamera/version.h> guards, and Swift sees structs, ints and byte pointers.
//
// Errors: functions returning int give 0 or a negative errno, and write a sentence naming what
// failed into `error` (at most `errorSize` bytes, NUL-terminated). Strings returned as `char *`
// are malloc'ed; the caller frees them with free().

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Cameras

/// Starts libcamera's camera manager (shared by every user in the process: libcamera allows only
/// one) and takes a reference on it. Returns the number of cameras, or a negative errno.
int camstream_lc_acquire(char *error, size_t errorSize);
/// Drops the reference; the last one stops the manager, so the next acquire enumerates afresh
/// (how a camera that was unplugged and plugged again is found without udev's hotplug events).
void camstream_lc_release(void);
/// Between acquire and release: the cameras libcamera found, in its order.
int camstream_lc_camera_count(void);
char *camstream_lc_camera_id(int index);
char *camstream_lc_camera_model(int index);
/// One line per stream format, `role FORMAT SIZES`: the raw role's formats are the sensor modes.
char *camstream_lc_camera_formats(int index);
/// One line per control, tab-separated: name, type, minimum, maximum, default, and the allowed
/// values (comma-separated) when the control is an enumeration.
char *camstream_lc_camera_controls(int index);

// MARK: - Capture

typedef struct camstream_lc_capture camstream_lc_capture;

/// What was configured: the camera may adjust the size or pick another pixel format.
typedef struct {
    int width;
    int height;
    /// DRM fourcc of the pixel format, as libcamera names it ('YU12' is YUV420, 'NV12', 'RG24'
    /// RGB888, 'BG24' BGR888).
    uint32_t fourcc;
    /// Bytes per row of the first plane (chroma rows follow from the format).
    int stride;
    int bufferCount;
} camstream_lc_stream_info;

/// Requested settings. `rotation` is 0 or 180; flips are 0 or 1.
typedef struct {
    int width;
    int height;
    int framesPerSecond;
    int bufferCount;
    int rotation;
    int hflip;
    int vflip;
} camstream_lc_request_settings;

/// Acquires the camera (`camera` is a libcamera id), configures one stream for video (YUV420,
/// else NV12, else what it offers among RGB888/BGR888), allocates and maps its buffers.
camstream_lc_capture *camstream_lc_capture_open(
    const char *camera, const camstream_lc_request_settings *settings, camstream_lc_stream_info *info, char *error,
    size_t errorSize);

/// Checks a control by name against the camera and stages it for start and every request
/// (`value`: a number, true/false, or one of the listed values). Returns what it was set to.
int camstream_lc_capture_set_control(
    camstream_lc_capture *capture, const char *name, const char *value, char *described, size_t describedSize,
    char *error, size_t errorSize);

int camstream_lc_capture_start(camstream_lc_capture *capture, char *error, size_t errorSize);

/// A completed request, its buffer mapped: valid until requeued.
typedef struct {
    const uint8_t *planes[3];
    size_t planeLengths[3];
    int planeCount;
    /// The request's SensorTimestamp (CLOCK_MONOTONIC ns, start of exposure), or 0 when none.
    int64_t sensorTimestamp;
    uint32_t sequence;
    /// Completed frames passed over for a newer one since the last call.
    uint32_t skipped;
    /// Pass back to requeue.
    int request;
} camstream_lc_frame;

/// Waits up to `timeoutMilliseconds` for a completed request and returns the newest (older ones
/// are requeued at once: the newest frame wins). -ETIMEDOUT when none came, -ENODEV when the
/// camera was disconnected, -EIO when a request failed.
int camstream_lc_capture_next(
    camstream_lc_capture *capture, int timeoutMilliseconds, camstream_lc_frame *frame, char *error, size_t errorSize);

/// The request's metadata as `Name=value` lines (what the camera reports it did).
char *camstream_lc_capture_metadata(camstream_lc_capture *capture, int request);

int camstream_lc_capture_requeue(camstream_lc_capture *capture, int request);

/// Where each plane of request `request`'s buffer lives: its dmabuf, offset and length. Returns the
/// number of planes (at most `capacity` are written), or a negative errno. The descriptors stay the
/// capture's: a receiver gets its own copies through the channel below.
int camstream_lc_capture_buffer_planes(
    camstream_lc_capture *capture, int request, int *fds, uint32_t *offsets, uint32_t *lengths, int capacity);

// MARK: - The capture process's channel

/// Descriptors one message may carry (the dmabufs of every buffer, sent once at open).
#define CAMSTREAM_LC_CHANNEL_MAX_FDS 64

/// Sends one message on a SOCK_SEQPACKET socket, with `fdCount` descriptors (SCM_RIGHTS).
/// Returns the bytes sent or a negative errno (-EPIPE once the other end is gone; no SIGPIPE).
long camstream_lc_channel_send(int socket, const void *bytes, size_t length, const int *fds, int fdCount);
/// Receives one message and the descriptors that came with it (close-on-exec). Returns its length,
/// 0 when the other end closed, or a negative errno: -EAGAIN with `dontWait` and nothing there,
/// -EMSGSIZE for a message or descriptor list larger than the room given (its descriptors closed).
long camstream_lc_channel_receive(int socket, void *bytes, size_t capacity, int *fds, int fdCapacity, int *fdCount, int dontWait);

/// Stops, unmaps, frees and releases the camera. Not for a camera whose device vanished while it
/// streamed: libcamera 0.0.3 aborts stopping or destroying one (the capture process exits instead).
void camstream_lc_capture_close(camstream_lc_capture *capture);

#ifdef __cplusplus
}
#endif

#endif
