#ifndef CAMSTREAM_CYUV_SHIM_H
#define CAMSTREAM_CYUV_SHIM_H

// libyuv's C entry points for packed 4:2:2 → planar 4:2:0. Debian's libyuv-dev ships no
// pkg-config file, so the modulemap links `yuv` directly. Only convert.h is included: the
// library's umbrella header pulls in C++-only declarations.
#include <stdint.h>
#include <libyuv/convert.h>
// Scaling, for /snapshot.jpg?width=.
#include <libyuv/scale.h>

#endif
