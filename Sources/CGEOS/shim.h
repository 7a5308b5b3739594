// Only the reentrant (_r) GEOS C API is used by GeometryKit.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
