#ifndef MAWP_CZLIB_SHIM_H
#define MAWP_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro; Swift cannot import it. Raw deflate (no zlib header), as ZIP wants.
static inline int mawp_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

#endif
