// The camera manager and what `camstream devices` and `camstream controls` list.
#include "CamstreamLibcamera.h"
#include "Shared.hpp"

#include <cerrno>
#include <mutex>
#include <sstream>
#include <vector>

using namespace libcamera;

namespace {
// libcamera refuses a second CameraManager in a process, and a pipeline and `devices` may both
// want one: one instance, counted.
std::mutex managerLock;
std::unique_ptr<CameraManager> sharedManager;
int references = 0;

std::string sizeText(const Size &size) { return std::to_string(size.width) + "x" + std::to_string(size.height); }

const char *roleName(StreamRole role) {
    switch (role) {
    case StreamRole::Raw: return "raw";
    case StreamRole::StillCapture: return "still";
    case StreamRole::VideoRecording: return "video";
    case StreamRole::Viewfinder: return "viewfinder";
    }
    return "other";
}
}  // namespace

namespace camstream_lc {

CameraManager *manager() { return sharedManager.get(); }

std::shared_ptr<Camera> cameraAt(int index) {
    if (!sharedManager || index < 0) return nullptr;
    auto cameras = sharedManager->cameras();
    if (static_cast<size_t>(index) >= cameras.size()) return nullptr;
    return cameras[static_cast<size_t>(index)];
}

std::shared_ptr<Camera> cameraNamed(const std::string &id) {
    if (!sharedManager) return nullptr;
    return sharedManager->get(id);
}

const char *typeName(ControlType type) {
    switch (type) {
    case ControlTypeNone: return "none";
    case ControlTypeBool: return "bool";
    case ControlTypeByte: return "byte";
    case ControlTypeInteger32: return "int32";
    case ControlTypeInteger64: return "int64";
    case ControlTypeFloat: return "float";
    case ControlTypeString: return "string";
    case ControlTypeRectangle: return "rectangle";
    case ControlTypeSize: return "size";
    default: return "other";
    }
}

}  // namespace camstream_lc

extern "C" int camstream_lc_acquire(char *error, size_t errorSize) {
    std::lock_guard<std::mutex> guard(managerLock);
    if (!sharedManager) {
        // libcamera logs its version and every configuration at INFO to stderr, in its own
        // format; camstream's log says what matters. Its logger reads LIBCAMERA_LOG_LEVELS when
        // first used (logSetLevel takes exact category names only, and categories appear lazily),
        // so the default goes into the environment before that; a value set by the user wins.
        setenv("LIBCAMERA_LOG_LEVELS", "*:WARN", 0);
        auto created = std::make_unique<CameraManager>();
        int result = created->start();
        if (result < 0) {
            camstream_lc::writeError(
                error, errorSize, std::string("libcamera's camera manager did not start: ") + std::strerror(-result));
            return result;
        }
        sharedManager = std::move(created);
    }
    references += 1;
    return static_cast<int>(sharedManager->cameras().size());
}

extern "C" void camstream_lc_release(void) {
    std::lock_guard<std::mutex> guard(managerLock);
    if (references == 0) return;
    references -= 1;
    if (references == 0 && sharedManager) {
        sharedManager->stop();
        sharedManager.reset();
    }
}

extern "C" int camstream_lc_camera_count(void) {
    return sharedManager ? static_cast<int>(sharedManager->cameras().size()) : 0;
}

extern "C" char *camstream_lc_camera_id(int index) {
    auto camera = camstream_lc::cameraAt(index);
    return camera ? camstream_lc::copyString(camera->id()) : nullptr;
}

extern "C" char *camstream_lc_camera_model(int index) {
    auto camera = camstream_lc::cameraAt(index);
    if (!camera) return nullptr;
    auto model = camera->properties().get(properties::Model);
    // Model is a std::string up to 0.6 and a std::string_view from 0.7.
    return camstream_lc::copyString(model ? std::string(*model) : std::string("unknown model"));
}

extern "C" char *camstream_lc_camera_formats(int index) {
    auto camera = camstream_lc::cameraAt(index);
    if (!camera) return nullptr;
    std::ostringstream text;
    for (StreamRole role : { StreamRole::Raw, StreamRole::VideoRecording }) {
        // A vector converts to 0.0.3's StreamRoles (a vector) and to 0.1+'s Span<const StreamRole>.
        std::vector<StreamRole> roles{ role };
        auto configuration = camera->generateConfiguration(roles);
        if (!configuration || configuration->empty()) continue;
        const StreamFormats &formats = configuration->at(0).formats();
        for (const PixelFormat &format : formats.pixelformats()) {
            text << roleName(role) << ' ' << format.toString() << ' ';
            auto sizes = formats.sizes(format);
            if (sizes.empty()) {
                SizeRange range = formats.range(format);
                text << sizeText(range.min) << '-' << sizeText(range.max);
            } else {
                for (size_t i = 0; i < sizes.size(); i++) text << (i ? " " : "") << sizeText(sizes[i]);
            }
            text << '\n';
        }
    }
    return camstream_lc::copyString(text.str());
}

extern "C" char *camstream_lc_camera_controls(int index) {
    auto camera = camstream_lc::cameraAt(index);
    if (!camera) return nullptr;
    std::ostringstream text;
    for (const auto &[id, info] : camera->controls()) {
        text << id->name() << '\t' << camstream_lc::typeName(id->type()) << '\t' << info.min().toString() << '\t'
             << info.max().toString() << '\t' << info.def().toString() << '\t';
        const auto &values = info.values();
        for (size_t i = 0; i < values.size(); i++) text << (i ? "," : "") << values[i].toString();
        text << '\n';
    }
    return camstream_lc::copyString(text.str());
}
