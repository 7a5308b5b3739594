// cairo's image and PDF surfaces, paths, toy text API and PNG writer: Cartography renders its report maps to PNG and
// the diagnostic's page to PDF with them.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
