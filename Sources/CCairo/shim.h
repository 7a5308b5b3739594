// cairo's image surface, paths, toy text API and PNG writer: Cartography renders its report maps to PNG with them.
#include <cairo/cairo.h>
