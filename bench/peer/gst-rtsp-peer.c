// The benchmark's peer: gst-rtsp-server serving the same test stream camstream serves, from C so that
// its memory figures are GStreamer's own (a Python GI wrapper would add 11-13 MB of interpreter).
//
//   gst-rtsp-peer WIDTH HEIGHT FPS BITRATE_KBPS KEYINT
//
// Listens on a free port and prints "listening on port N" once it accepts connections. One shared media
// factory at /cam; rtpbin is set to rtcp-sync-send-time=false so that sender reports map RTP time to
// capture time, as camstream's do, and pipeline latency is computed the same way for both servers.
//
// Each frame also carries camstream's timecode strip (Sources/Timecode/TimecodeStrip.swift: 2 rows of 16
// blocks of 16x16 luma, start mark 1 0, CLOCK_REALTIME ms mod 2^22, CRC-8 poly 0x07 init 0xFF), drawn by a
// probe on videotestsrc's output as the live source pushes the frame at its capture time, so the bench reads
// capture -> decoded for both servers with one reader.
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>
#include <glib-unix.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void draw_timecode(GstVideoFrame *frame) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint32_t ms = (uint32_t)(((uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000) % (1u << 22));
  int bits[32] = {1, 0};
  uint8_t crc = 0xFF;
  for (int i = 0; i < 22; i++) {
    int bit = (ms >> (21 - i)) & 1;
    bits[2 + i] = bit;
    int feedback = ((crc >> 7) & 1) ^ bit;
    crc = (uint8_t)(crc << 1);
    if (feedback) crc ^= 0x07;
  }
  for (int i = 0; i < 8; i++) bits[24 + i] = (crc >> (7 - i)) & 1;
  uint8_t *luma = GST_VIDEO_FRAME_PLANE_DATA(frame, 0);
  int stride = GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0);
  for (int index = 0; index < 32; index++) {
    int left = index % 16 * 16, top = index / 16 * 16;
    for (int y = top; y < top + 16; y++) memset(luma + y * stride + left, bits[index] ? 235 : 16, 16);
  }
  for (int plane = 1; plane <= 2; plane++) {
    uint8_t *chroma = GST_VIDEO_FRAME_PLANE_DATA(frame, plane);
    int chroma_stride = GST_VIDEO_FRAME_PLANE_STRIDE(frame, plane);
    for (int y = 0; y < 16; y++) memset(chroma + y * chroma_stride, 128, 128);
  }
}

// The pipeline's caps pin I420 at the size given on the command line; `user_data` is that GstVideoInfo.
static GstPadProbeReturn on_test_frame(GstPad *pad, GstPadProbeInfo *info, gpointer user_data) {
  (void)pad;
  GstVideoInfo *video = user_data;
  GstBuffer *buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  GstVideoFrame frame;
  if (gst_video_frame_map(&frame, video, buffer, GST_MAP_WRITE)) {
    draw_timecode(&frame);
    gst_video_frame_unmap(&frame);
  }
  return GST_PAD_PROBE_OK;
}

static void on_element_added(GstBin *bin, GstElement *element, gpointer user_data) {
  (void)bin;
  (void)user_data;
  GstElementFactory *factory = gst_element_get_factory(element);
  if (factory != NULL && g_strcmp0(GST_OBJECT_NAME(factory), "rtpbin") == 0) {
    g_object_set(element, "rtcp-sync-send-time", FALSE, NULL);
    gboolean value = TRUE;
    g_object_get(element, "rtcp-sync-send-time", &value, NULL);
    fprintf(stderr, "rtpbin rtcp-sync-send-time=%s\n", value ? "true" : "false");
  }
}

static void on_media_configure(GstRTSPMediaFactory *factory, GstRTSPMedia *media, gpointer user_data) {
  (void)factory;
  // The media's element sits inside its pipeline; rtpbin is added to that pipeline when the media prepares.
  GstElement *element = gst_rtsp_media_get_element(media);
  GstElement *source = user_data != NULL ? gst_bin_get_by_name(GST_BIN(element), "source") : NULL;
  if (source != NULL) {
    GstPad *pad = gst_element_get_static_pad(source, "src");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, on_test_frame, user_data, NULL);
    gst_object_unref(pad);
    gst_object_unref(source);
  }
  GstObject *pipeline = gst_object_get_parent(GST_OBJECT(element));
  if (pipeline != NULL) {
    g_signal_connect(pipeline, "element-added", G_CALLBACK(on_element_added), NULL);
    gst_object_unref(pipeline);
  }
  gst_object_unref(element);
}

static gboolean on_signal(gpointer loop) {
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  if (argc != 6) {
    fprintf(stderr, "usage: %s WIDTH HEIGHT FPS BITRATE_KBPS KEYINT\n", argv[0]);
    return 2;
  }
  int width = atoi(argv[1]), height = atoi(argv[2]), fps = atoi(argv[3]), bitrate = atoi(argv[4]),
      keyint = atoi(argv[5]);
  if (width <= 0 || height <= 0 || fps <= 0 || bitrate <= 0 || keyint <= 0) {
    fprintf(stderr, "gst-rtsp-peer: every argument must be a positive integer\n");
    return 2;
  }
  // Format and profile pinned: left open, GStreamer negotiates 4:4:4 High.
  gchar *launch = g_strdup_printf(
      "( videotestsrc name=source is-live=true pattern=smpte horizontal-speed=8 "
      "! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 "
      "! x264enc tune=zerolatency speed-preset=ultrafast bitrate=%d key-int-max=%d "
      "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 )",
      width, height, fps, bitrate, keyint);

  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  GstRTSPServer *server = gst_rtsp_server_new();
  gst_rtsp_server_set_service(server, "0");
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new();
  gst_rtsp_media_factory_set_launch(factory, launch);
  gst_rtsp_media_factory_set_shared(factory, TRUE);
  static GstVideoInfo video;
  gst_video_info_set_format(&video, GST_VIDEO_FORMAT_I420, (guint)width, (guint)height);
  // The strip needs 256x32 pixels; smaller pictures are served without it.
  g_signal_connect(factory, "media-configure", G_CALLBACK(on_media_configure), width >= 256 && height >= 32 ? &video : NULL);
  GstRTSPMountPoints *mounts = gst_rtsp_server_get_mount_points(server);
  gst_rtsp_mount_points_add_factory(mounts, "/cam", factory);
  g_object_unref(mounts);

  if (gst_rtsp_server_attach(server, NULL) == 0) {
    fprintf(stderr, "gst-rtsp-peer: cannot listen\n");
    return 1;
  }
  fprintf(stderr, "pipeline: %s\n", launch);
  fprintf(stderr, "listening on port %d\n", gst_rtsp_server_get_bound_port(server));
  fflush(stderr);
  g_unix_signal_add(SIGTERM, on_signal, loop);
  g_unix_signal_add(SIGINT, on_signal, loop);
  g_main_loop_run(loop);
  g_free(launch);
  return 0;
}
