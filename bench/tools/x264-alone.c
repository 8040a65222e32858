// libx264 alone, with camstream's encoder settings, fed scrolling SMPTE-style bars at the stream's frame
// rate: the floor that camstream's latency, CPU and memory are judged against ("work outside libx264").
//
//   x264-alone WIDTH HEIGHT FPS BITRATE_KBPS KEYINT FRAMES
//
// Prints one line of key=value pairs: encode time per frame (median, p90, and the median of IDR frames, in
// microseconds, wall clock on CLOCK_MONOTONIC around x264_encoder_encode), process CPU per frame, peak RSS.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <x264.h>

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// Peak RSS of this program alone. Not getrusage's ru_maxrss: Linux carries that across execve, so a child
// of a bigger process (the benchmark's Python) would report its parent's peak.
static long peak_rss_kb(void) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  long value = -1;
  while (status != NULL && fgets(line, sizeof line, status) != NULL)
    if (sscanf(line, "VmHWM: %ld kB", &value) == 1) break;
  if (status != NULL) fclose(status);
  return value;
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

// Seven vertical bars, shifted 8 pixels a frame, drawn as one row per plane copied down, and grey noise
// over the right quarter of the bottom band: the geometry of camstream's test pattern (and so of
// videotestsrc pattern=smpte horizontal-speed=8), so that x264 faces the same work here as in camstream.
static void render(x264_picture_t *picture, int width, int height, int frame) {
  static const uint8_t y[7] = {180, 162, 131, 112, 84, 65, 35}, u[7] = {128, 44, 156, 72, 184, 100, 212},
                       v[7] = {128, 142, 44, 58, 198, 212, 114};
  const uint8_t *values[3] = {y, u, v};
  for (int plane = 0; plane < 3; plane++) {
    int plane_width = plane == 0 ? width : width / 2, plane_height = plane == 0 ? height : height / 2;
    int shift = (frame * 8 / (plane == 0 ? 1 : 2)) % plane_width;
    uint8_t *row = picture->img.plane[plane];
    int stride = picture->img.i_stride[plane];
    for (int x = 0; x < plane_width; x++) row[x] = values[plane][((x + shift) % plane_width) * 7 / plane_width];
    for (int line = 1; line < plane_height; line++) memcpy(row + line * stride, row, (size_t)plane_width);
  }
  int top = height * 2 / 3, bottom_band = top + height / 12, left = (width * 3 / 4) & ~7;
  uint64_t state = ((uint64_t)frame * 0x9E3779B97F4A7C15ull) | 1;
  for (int line = bottom_band; line < height; line++) {
    uint8_t *row = picture->img.plane[0] + line * picture->img.i_stride[0];
    for (int x = left; x < width; x += 8) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      memcpy(row + x, &state, (size_t)(width - x < 8 ? width - x : 8));
    }
  }
  int chroma_band = height / 2 * 2 / 3 + height / 2 / 12;
  for (int plane = 1; plane < 3; plane++)
    for (int line = chroma_band; line < height / 2; line++)
      memset(picture->img.plane[plane] + line * picture->img.i_stride[plane] + left / 2, 128, (size_t)(width / 2 - left / 2));
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s WIDTH HEIGHT FPS BITRATE_KBPS KEYINT FRAMES\n", argv[0]);
    return 2;
  }
  int width = atoi(argv[1]), height = atoi(argv[2]), fps = atoi(argv[3]), bitrate = atoi(argv[4]),
      keyint = atoi(argv[5]), frames = atoi(argv[6]);
  if (width <= 0 || height <= 0 || fps <= 0 || bitrate <= 0 || keyint <= 0 || frames <= 0) {
    fprintf(stderr, "x264-alone: every argument must be a positive integer\n");
    return 2;
  }
  // The same parameters as camstream's X264Encoder, which also turns transparent huge pages off first
  // (x264 would otherwise hold whole 2 MB pages it only partly uses).
  prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
  x264_param_t param;
  if (x264_param_default_preset(&param, "ultrafast", "zerolatency") != 0) return 1;
  param.i_log_level = X264_LOG_WARNING;
  param.i_width = width;
  param.i_height = height;
  param.i_csp = X264_CSP_I420;
  param.i_fps_num = (uint32_t)fps;
  param.i_fps_den = 1;
  param.i_timebase_num = 1;
  param.i_timebase_den = (uint32_t)fps;
  param.b_vfr_input = 0;
  param.i_threads = 0;
  param.b_sliced_threads = 1;
  param.i_bframe = 0;
  param.rc.i_lookahead = 0;
  param.i_sync_lookahead = 0;
  param.i_keyint_max = keyint;
  param.i_keyint_min = keyint < fps ? keyint : fps;
  param.rc.i_rc_method = X264_RC_ABR;
  param.rc.i_bitrate = bitrate;
  param.rc.i_vbv_max_bitrate = bitrate;
  param.rc.i_vbv_buffer_size = bitrate / 2 > 1 ? bitrate / 2 : 1;
  param.b_repeat_headers = 1;
  param.b_annexb = 1;
  if (x264_param_apply_profile(&param, "baseline") != 0) return 1;
  x264_t *encoder = x264_encoder_open(&param);
  if (encoder == NULL) return 1;

  x264_picture_t input, output;
  if (x264_picture_alloc(&input, X264_CSP_I420, width, height) != 0) return 1;
  uint64_t *durations = calloc((size_t)frames, sizeof(uint64_t));
  uint64_t *idr_durations = calloc((size_t)frames, sizeof(uint64_t));
  int idr_count = 0;
  uint64_t interval = 1000000000u / (uint64_t)fps, next = now_ns();
  uint64_t bytes = 0;
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  for (int frame = 0; frame < frames; frame++) {
    struct timespec deadline = {(time_t)(next / 1000000000u), (long)(next % 1000000000u)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    next += interval;
    render(&input, width, height, frame);
    input.i_pts = frame;
    x264_nal_t *nals;
    int count;
    uint64_t start = now_ns();
    int size = x264_encoder_encode(encoder, &nals, &count, &input, &output);
    durations[frame] = now_ns() - start;
    if (size < 0) return 1;
    if (output.b_keyframe) idr_durations[idr_count++] = durations[frame];
    bytes += (uint64_t)size;
  }
  getrusage(RUSAGE_SELF, &after);
  qsort(durations, (size_t)frames, sizeof(uint64_t), compare_u64);
  qsort(idr_durations, (size_t)idr_count, sizeof(uint64_t), compare_u64);
  uint64_t cpu_us = (uint64_t)((after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1000000L +
                               (after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
                               (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000000L +
                               (after.ru_stime.tv_usec - before.ru_stime.tv_usec));
  printf("encode_median_us=%llu encode_p90_us=%llu idr_median_us=%llu cpu_us_per_frame=%llu kbps=%llu max_rss_kb=%ld\n",
         (unsigned long long)(durations[frames / 2] / 1000), (unsigned long long)(durations[frames * 9 / 10] / 1000),
         (unsigned long long)(idr_durations[idr_count / 2] / 1000),
         (unsigned long long)(cpu_us / (uint64_t)frames),
         (unsigned long long)(bytes * 8 * (uint64_t)fps / (uint64_t)frames / 1000), peak_rss_kb());
  x264_picture_clean(&input);
  x264_encoder_close(encoder);
  free(durations);
  free(idr_durations);
  return 0;
}
