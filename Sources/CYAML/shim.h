#ifndef CAMSTREAM_CYAML_SHIM_H
#define CAMSTREAM_CYAML_SHIM_H

// libyaml's event parser (Debian's libyaml-dev, pkg-config yaml-0.1), for the config file. The config
// composer walks its events itself, so it keeps every node's mark and its own key path for messages.
#include <yaml.h>

#endif
