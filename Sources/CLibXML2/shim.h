#ifndef CAMSTREAM_CLIBXML2_SHIM_H
#define CAMSTREAM_CLIBXML2_SHIM_H

// libxml2 (Debian's libxml2-dev, pkg-config libxml-2.0) for ONVIF's SOAP requests: a well-kept parser, driven
// with limits by ONVIF's XMLTree. Only the tree API is used; no DTD, no entities, no network.
#include <libxml/parser.h>
#include <libxml/tree.h>

#endif
