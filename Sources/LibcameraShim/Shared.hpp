// What the shim's two halves share: the process's one CameraManager, and how errors and strings
// cross to C.
#pragma once

#include <libcamera/libcamera.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace camstream_lc {

/// The manager while someone holds a reference (camstream_lc_acquire), else null.
libcamera::CameraManager *manager();
std::shared_ptr<libcamera::Camera> cameraAt(int index);
std::shared_ptr<libcamera::Camera> cameraNamed(const std::string &id);

inline void writeError(char *error, size_t size, const std::string &text) {
    if (error == nullptr || size == 0) return;
    std::snprintf(error, size, "%s", text.c_str());
}

inline char *copyString(const std::string &text) {
    char *copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

/// The control's type as the listing and errors name it.
const char *typeName(libcamera::ControlType type);

}  // namespace camstream_lc
