// An LD_PRELOAD fault injector for the encoder-failure test. The real libx264 encodes every frame until
// the file named by $CAMSTREAM_FAULT_X264_WHEN exists; from then on x264_encoder_encode returns -1, as
// libx264 itself does when it cannot encode a picture. Only the failure is injected: the process, its
// encoder and its viewers are all real.
//
//   CAMSTREAM_FAULT_X264_WHEN=/tmp/x/fail-now CAMSTREAM_FAULT_X264_COUNTS=/tmp/x/counts
//   LD_PRELOAD=x264-fails-on-cue.so camstream --source test      (all one command)
//
// The cue is a file, not a frame count: the test pattern encodes from the moment camstream starts, so a
// count would race the viewer's PLAY; the test touches the file once its viewer has watched frames.
// At exit, "<encodes passed to libx264> <encodes failed>" goes to $CAMSTREAM_FAULT_X264_COUNTS, so the
// test can check that camstream stopped calling an encoder that had failed.
//
// camstream calls x264_encoder_encode through its dynamic symbol (nm -D shows it undefined), so this
// definition, loaded first, is the one it calls; dlsym(RTLD_NEXT) finds libx264's.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct x264_t x264_t;
typedef struct x264_nal_t x264_nal_t;
typedef struct x264_picture_t x264_picture_t;
typedef int (*encode_function)(x264_t *, x264_nal_t **, int *, x264_picture_t *, x264_picture_t *);

static _Atomic unsigned long passed;
static _Atomic unsigned long failed;

int x264_encoder_encode(x264_t *encoder, x264_nal_t **nals, int *count, x264_picture_t *input, x264_picture_t *output) {
    static _Atomic(encode_function) real;
    const char *cue = getenv("CAMSTREAM_FAULT_X264_WHEN");
    if (cue && access(cue, F_OK) == 0) {
        atomic_fetch_add(&failed, 1);
        return -1;
    }
    encode_function function = atomic_load(&real);
    if (!function) {
        function = (encode_function)dlsym(RTLD_NEXT, "x264_encoder_encode");
        if (!function) {
            fprintf(stderr, "x264-fails-on-cue: no x264_encoder_encode after this library: %s\n", dlerror());
            abort();
        }
        atomic_store(&real, function);
    }
    atomic_fetch_add(&passed, 1);
    return function(encoder, nals, count, input, output);
}

__attribute__((destructor)) static void report(void) {
    const char *path = getenv("CAMSTREAM_FAULT_X264_COUNTS");
    FILE *file = path ? fopen(path, "w") : NULL;
    if (!file) return;
    fprintf(file, "%lu %lu\n", atomic_load(&passed), atomic_load(&failed));
    fclose(file);
}
