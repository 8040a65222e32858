// One camera streaming one video stream into buffers libcamera allocated, mapped once.
#include "CamstreamLibcamera.h"
#include "Shared.hpp"

#include <libcamera/version.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

using namespace libcamera;

namespace {

struct Mapping {
    void *address;
    size_t length;
};

/// A value as the config writes it, parsed for the control's type; nullopt with a reason if not.
std::optional<ControlValue> parseValue(const ControlId &id, const ControlInfo &info, const std::string &text, std::string &why) {
    switch (id.type()) {
    case ControlTypeBool:
        if (text == "true" || text == "1" || text == "on" || text == "yes") return ControlValue(true);
        if (text == "false" || text == "0" || text == "off" || text == "no") return ControlValue(false);
        why = "expected true or false";
        return std::nullopt;
    case ControlTypeInteger32:
    case ControlTypeInteger64: {
        char *end = nullptr;
        errno = 0;
        long long number = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0) {
            why = "expected a whole number";
            return std::nullopt;
        }
        if (!info.values().empty()) {
            bool listed = std::any_of(info.values().begin(), info.values().end(), [&](const ControlValue &value) {
                return value.toString() == std::to_string(number);
            });
            if (!listed) {
                why = "not one of the values the camera lists";
                return std::nullopt;
            }
        }
        if (id.type() == ControlTypeInteger32) {
            if (number < INT32_MIN || number > INT32_MAX) {
                why = "out of range";
                return std::nullopt;
            }
            int32_t value = static_cast<int32_t>(number);
            if (info.values().empty() && info.min().type() == ControlTypeInteger32 && info.max().type() == ControlTypeInteger32 &&
                (value < info.min().get<int32_t>() || value > info.max().get<int32_t>())) {
                why = "out of range";
                return std::nullopt;
            }
            return ControlValue(value);
        }
        int64_t value = number;
        if (info.min().type() == ControlTypeInteger64 && info.max().type() == ControlTypeInteger64 &&
            (value < info.min().get<int64_t>() || value > info.max().get<int64_t>())) {
            why = "out of range";
            return std::nullopt;
        }
        return ControlValue(value);
    }
    case ControlTypeFloat: {
        char *end = nullptr;
        float value = std::strtof(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(value)) {
            why = "expected a number";
            return std::nullopt;
        }
        if (info.min().type() == ControlTypeFloat && info.max().type() == ControlTypeFloat &&
            (value < info.min().get<float>() || value > info.max().get<float>())) {
            why = "out of range";
            return std::nullopt;
        }
        return ControlValue(value);
    }
    default:
        why = std::string("camstream cannot set ") + camstream_lc::typeName(id.type()) + " controls";
        return std::nullopt;
    }
}

}  // namespace

struct camstream_lc_capture {
    std::shared_ptr<Camera> camera;
    std::unique_ptr<CameraConfiguration> configuration;
    Stream *stream = nullptr;
    std::unique_ptr<FrameBufferAllocator> allocator;
    std::vector<std::unique_ptr<Request>> requests;
    std::map<int, Mapping> mappings;  // by fd
    ControlList controls;
    bool acquired = false;
    bool started = false;

    std::mutex lock;
    std::condition_variable completed;
    std::deque<Request *> done;
    bool disconnected = false;

    void requestCompleted(Request *request) {
        {
            std::lock_guard<std::mutex> guard(lock);
            done.push_back(request);
        }
        completed.notify_one();
    }

    void cameraDisconnected() {
        {
            std::lock_guard<std::mutex> guard(lock);
            disconnected = true;
        }
        completed.notify_one();
    }

    int queue(Request *request) {
        request->reuse(Request::ReuseBuffers);
        // Every request carries the controls: a pipeline applies a request's controls to its
        // frame, and some pipelines (vimc in 0.0.3) take none at start.
        for (const auto &[id, value] : controls) request->controls().set(id, value);
        return camera->queueRequest(request);
    }

    ~camstream_lc_capture() {
        if (camera) {
            camera->requestCompleted.disconnect(this, &camstream_lc_capture::requestCompleted);
            camera->disconnected.disconnect(this, &camstream_lc_capture::cameraDisconnected);
        }
        if (started) camera->stop();
        requests.clear();
        for (auto &[fd, mapping] : mappings) munmap(mapping.address, mapping.length);
        allocator.reset();
        if (acquired) camera->release();
    }
};

extern "C" camstream_lc_capture *camstream_lc_capture_open(
    const char *cameraId, const camstream_lc_request_settings *settings, camstream_lc_stream_info *info, char *error,
    size_t errorSize) {
    auto capture = std::make_unique<camstream_lc_capture>();
    capture->camera = camstream_lc::cameraNamed(cameraId);
    if (!capture->camera) {
        camstream_lc::writeError(error, errorSize, std::string("libcamera has no camera '") + cameraId + "'");
        return nullptr;
    }
    if (capture->camera->acquire() < 0) {
        camstream_lc::writeError(error, errorSize, std::string("camera '") + cameraId + "' is in use by another program or stream");
        return nullptr;
    }
    capture->acquired = true;

    std::vector<StreamRole> roles{ StreamRole::VideoRecording };
    capture->configuration = capture->camera->generateConfiguration(roles);
    if (!capture->configuration || capture->configuration->empty()) {
        camstream_lc::writeError(error, errorSize, "the camera offers no video stream");
        return nullptr;
    }
    StreamConfiguration &stream = capture->configuration->at(0);
    // x264 reads YUV420 and NV12 in place; RGB (all vimc has) is converted, so it comes last.
    const PixelFormat preferred[] = { formats::YUV420, formats::NV12, formats::RGB888, formats::BGR888 };
    auto offered = stream.formats().pixelformats();
    PixelFormat chosen;
    for (const PixelFormat &format : preferred) {
        if (std::find(offered.begin(), offered.end(), format) != offered.end()) {
            chosen = format;
            break;
        }
    }
    if (!chosen.isValid()) {
        std::string list;
        for (const PixelFormat &format : offered) list += (list.empty() ? "" : ", ") + format.toString();
        camstream_lc::writeError(
            error, errorSize, "the camera offers none of YUV420, NV12, RGB888, BGR888 for video (it offers " + list + ")");
        return nullptr;
    }
    stream.pixelFormat = chosen;
    stream.size = Size(static_cast<unsigned>(settings->width), static_cast<unsigned>(settings->height));
    stream.bufferCount = static_cast<unsigned>(settings->bufferCount);

    Transform transform = settings->rotation == 180 ? Transform::Rot180 : Transform::Identity;
    if (settings->hflip) transform = transform ^ Transform::HFlip;
    if (settings->vflip) transform = transform ^ Transform::VFlip;
#if LIBCAMERA_VERSION_MAJOR > 0 || LIBCAMERA_VERSION_MINOR >= 2
    // 0.2 replaced CameraConfiguration::transform with orientation (the picture's, not the change).
    capture->configuration->orientation = Orientation::Rotate0 * transform;
#else
    capture->configuration->transform = transform;
#endif

    CameraConfiguration::Status status = capture->configuration->validate();
    if (status == CameraConfiguration::Invalid) {
        camstream_lc::writeError(error, errorSize, "the camera refused a " + stream.toString() + " video stream");
        return nullptr;
    }
#if LIBCAMERA_VERSION_MAJOR > 0 || LIBCAMERA_VERSION_MINOR >= 2
    bool orientationKept = capture->configuration->orientation == Orientation::Rotate0 * transform;
#else
    bool orientationKept = capture->configuration->transform == transform;
#endif
    if (!orientationKept) {
        camstream_lc::writeError(
            error, errorSize, "the camera cannot rotate or flip its picture as asked (rotation/hflip/vflip); it allows only " +
                                  std::string(transformToString(
#if LIBCAMERA_VERSION_MAJOR > 0 || LIBCAMERA_VERSION_MINOR >= 2
                                      Orientation::Rotate0 / capture->configuration->orientation
#else
                                      capture->configuration->transform
#endif
                                      )));
        return nullptr;
    }
    if (capture->camera->configure(capture->configuration.get()) < 0) {
        camstream_lc::writeError(error, errorSize, "the camera did not accept the configuration " + stream.toString());
        return nullptr;
    }
    capture->stream = stream.stream();

    capture->allocator = std::make_unique<FrameBufferAllocator>(capture->camera);
    if (capture->allocator->allocate(capture->stream) < 0) {
        camstream_lc::writeError(error, errorSize, "libcamera could not allocate frame buffers");
        return nullptr;
    }
    int cookie = 0;
    for (const std::unique_ptr<FrameBuffer> &buffer : capture->allocator->buffers(capture->stream)) {
        // Planes of one buffer usually share a dmabuf: map each fd once, as long as its last plane.
        for (const FrameBuffer::Plane &plane : buffer->planes()) {
            int fd = plane.fd.get();
            size_t end = static_cast<size_t>(plane.offset) + plane.length;
            auto found = capture->mappings.find(fd);
            if (found != capture->mappings.end() && found->second.length >= end) continue;
            size_t length = end;
            for (const FrameBuffer::Plane &other : buffer->planes())
                if (other.fd.get() == fd) length = std::max(length, static_cast<size_t>(other.offset) + other.length);
            if (found != capture->mappings.end()) {
                munmap(found->second.address, found->second.length);
                capture->mappings.erase(found);
            }
            void *address = mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
            if (address == MAP_FAILED) {
                camstream_lc::writeError(error, errorSize, std::string("mmap of a frame buffer failed: ") + std::strerror(errno));
                return nullptr;
            }
            capture->mappings[fd] = Mapping{ address, length };
        }
        std::unique_ptr<Request> request = capture->camera->createRequest(static_cast<uint64_t>(cookie));
        if (!request || request->addBuffer(capture->stream, buffer.get()) < 0) {
            camstream_lc::writeError(error, errorSize, "libcamera could not make a capture request");
            return nullptr;
        }
        capture->requests.push_back(std::move(request));
        cookie += 1;
    }

    // FrameDurationLimits pins the rate: both limits one frame interval, in microseconds.
    capture->controls = ControlList(controls::controls);
    if (settings->framesPerSecond > 0 && capture->camera->controls().count(&controls::FrameDurationLimits) > 0) {
        int64_t duration = 1000000 / settings->framesPerSecond;
        const int64_t limits[2] = { duration, duration };
        capture->controls.set(controls::FrameDurationLimits, Span<const int64_t, 2>(limits));
    }

    capture->camera->requestCompleted.connect(capture.get(), &camstream_lc_capture::requestCompleted);
    capture->camera->disconnected.connect(capture.get(), &camstream_lc_capture::cameraDisconnected);

    info->width = static_cast<int>(stream.size.width);
    info->height = static_cast<int>(stream.size.height);
    info->fourcc = stream.pixelFormat.fourcc();
    info->stride = static_cast<int>(stream.stride);
    info->bufferCount = static_cast<int>(capture->requests.size());
    return capture.release();
}

extern "C" int camstream_lc_capture_set_control(
    camstream_lc_capture *capture, const char *name, const char *value, char *described, size_t describedSize, char *error,
    size_t errorSize) {
    const ControlInfoMap &available = capture->camera->controls();
    for (const auto &[id, info] : available) {
        if (id->name() != name) continue;
        std::string why;
        auto parsed = parseValue(*id, info, value, why);
        if (!parsed) {
            camstream_lc::writeError(
                error, errorSize,
                std::string("control ") + name + ": " + why + ", got '" + value + "' (" + camstream_lc::typeName(id->type()) +
                    ", " + info.toString() + ")");
            return -EINVAL;
        }
        capture->controls.set(id->id(), *parsed);
        camstream_lc::writeError(described, describedSize, parsed->toString());
        return 0;
    }
    std::string names;
    for (const auto &[id, info] : available) names += (names.empty() ? "" : ", ") + id->name();
    camstream_lc::writeError(error, errorSize, std::string("the camera has no control ") + name + " (it has " + names + ")");
    return -ENOENT;
}

extern "C" int camstream_lc_capture_start(camstream_lc_capture *capture, char *error, size_t errorSize) {
    int result = capture->camera->start(&capture->controls);
    if (result < 0) {
        camstream_lc::writeError(error, errorSize, std::string("the camera did not start: ") + std::strerror(-result));
        return result;
    }
    capture->started = true;
    for (auto &request : capture->requests) {
        result = capture->queue(request.get());
        if (result < 0) {
            camstream_lc::writeError(error, errorSize, std::string("queueing a request failed: ") + std::strerror(-result));
            return result;
        }
    }
    return 0;
}

extern "C" int camstream_lc_capture_next(
    camstream_lc_capture *capture, int timeoutMilliseconds, camstream_lc_frame *frame, char *error, size_t errorSize) {
    std::vector<Request *> ready;
    {
        std::unique_lock<std::mutex> guard(capture->lock);
        bool woke = capture->completed.wait_for(guard, std::chrono::milliseconds(timeoutMilliseconds), [&] {
            return !capture->done.empty() || capture->disconnected;
        });
        if (capture->disconnected) {
            camstream_lc::writeError(error, errorSize, "the camera was disconnected");
            return -ENODEV;
        }
        if (!woke) {
            camstream_lc::writeError(
                error, errorSize, "no frame from the camera in " + std::to_string(timeoutMilliseconds) + " ms");
            return -ETIMEDOUT;
        }
        ready.assign(capture->done.begin(), capture->done.end());
        capture->done.clear();
    }
    // The newest frame wins: older completed requests go straight back to the camera.
    Request *newest = ready.back();
    frame->skipped = 0;
    for (Request *request : ready) {
        if (request == newest) continue;
        if (request->status() == Request::RequestComplete) frame->skipped += 1;
        capture->queue(request);
    }
    if (newest->status() != Request::RequestComplete) {
        camstream_lc::writeError(error, errorSize, "the camera cancelled a request (a pipeline error)");
        return -EIO;
    }
    FrameBuffer *buffer = newest->buffers().begin()->second;
    const auto &planes = buffer->planes();
    frame->planeCount = static_cast<int>(std::min<size_t>(planes.size(), 3));
    for (int i = 0; i < frame->planeCount; i++) {
        const FrameBuffer::Plane &plane = planes[static_cast<size_t>(i)];
        const Mapping &mapping = capture->mappings.at(plane.fd.get());
        frame->planes[i] = static_cast<const uint8_t *>(mapping.address) + plane.offset;
        // What the driver filled, bounded by what was mapped.
        size_t used = plane.length;
        if (static_cast<size_t>(i) < buffer->metadata().planes().size())
            used = std::min<size_t>(used, buffer->metadata().planes()[static_cast<size_t>(i)].bytesused);
        frame->planeLengths[i] = used;
    }
    auto timestamp = newest->metadata().get(controls::SensorTimestamp);
    frame->sensorTimestamp = timestamp ? *timestamp : static_cast<int64_t>(buffer->metadata().timestamp);
    frame->sequence = buffer->metadata().sequence;
    frame->request = static_cast<int>(newest->cookie());
    return 0;
}

extern "C" char *camstream_lc_capture_metadata(camstream_lc_capture *capture, int request) {
    if (request < 0 || static_cast<size_t>(request) >= capture->requests.size()) return nullptr;
    std::ostringstream text;
    const ControlIdMap *ids = capture->requests[static_cast<size_t>(request)]->metadata().idMap();
    for (const auto &[id, value] : capture->requests[static_cast<size_t>(request)]->metadata()) {
        std::string name = std::to_string(id);
        if (ids != nullptr) {
            auto found = ids->find(id);
            if (found != ids->end()) name = found->second->name();
        }
        text << name << '=' << value.toString() << '\n';
    }
    return camstream_lc::copyString(text.str());
}

extern "C" int camstream_lc_capture_requeue(camstream_lc_capture *capture, int request) {
    if (request < 0 || static_cast<size_t>(request) >= capture->requests.size()) return -EINVAL;
    return capture->queue(capture->requests[static_cast<size_t>(request)].get());
}

extern "C" int camstream_lc_capture_buffer_planes(
    camstream_lc_capture *capture, int request, int *fds, uint32_t *offsets, uint32_t *lengths, int capacity) {
    if (request < 0 || static_cast<size_t>(request) >= capture->requests.size()) return -EINVAL;
    FrameBuffer *buffer = capture->requests[static_cast<size_t>(request)]->buffers().begin()->second;
    const auto &planes = buffer->planes();
    for (size_t i = 0; i < planes.size() && static_cast<int>(i) < capacity; i++) {
        fds[i] = planes[i].fd.get();
        offsets[i] = planes[i].offset;
        lengths[i] = planes[i].length;
    }
    return static_cast<int>(planes.size());
}

// Only for a camera that never streamed or stopped cleanly: a camera whose device vanished while
// streaming can be neither stopped nor destroyed in libcamera 0.0.3 (stop() asserts on buffers
// that never come back; destroying it running terminates on its IPA thread), which is why
// camstream's capture process (LibcameraCaptureChild) ends with _exit instead of closing.
extern "C" void camstream_lc_capture_close(camstream_lc_capture *capture) { delete capture; }
