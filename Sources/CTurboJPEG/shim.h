#ifndef CAMSTREAM_CTURBOJPEG_SHIM_H
#define CAMSTREAM_CTURBOJPEG_SHIM_H

// libjpeg-turbo's TurboJPEG API (Debian libturbojpeg0-dev), for /snapshot.jpg: it compresses the planar
// 4:2:0 picture the encoder is given straight from its planes, with no RGB step.
#include <turbojpeg.h>

#endif
