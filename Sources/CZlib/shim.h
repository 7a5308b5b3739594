// zlib's gzip file API (gzopen/gzread): reads .gz files, and plain files unchanged.
#include <zlib.h>
