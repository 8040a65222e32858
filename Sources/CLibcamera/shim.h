#ifndef CAMSTREAM_CLIBCAMERA_SHIM_H
#define CAMSTREAM_CLIBCAMERA_SHIM_H

// libcamera's API is C++ only, so Swift never imports it: this module exists for pkg-config's
// include path (/usr/include/libcamera) and the link lines, which LibcameraShim's C++ inherits.
// Swift sees libcamera only through LibcameraShim's C header.

#endif
