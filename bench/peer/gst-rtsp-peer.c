// The benchmark's peer: gst-rtsp-server serving the same test stream camstream serves, from C so that
// its memory figures are GStreamer's own (a Python GI wrapper would add 11-13 MB of interpreter).
//
//   gst-rtsp-peer WIDTH HEIGHT FPS BITRATE_KBPS KEYINT
//
// Listens on a free port and prints "listening on port N" once it accepts connections. One shared media
// factory at /cam; rtpbin is set to rtcp-sync-send-time=false so that sender reports map RTP time to
// capture time, as camstream's do, and pipeline latency is computed the same way for both servers.
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

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
  (void)user_data;
  // The media's element sits inside its pipeline; rtpbin is added to that pipeline when the media prepares.
  GstElement *element = gst_rtsp_media_get_element(media);
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
      "( videotestsrc is-live=true pattern=smpte horizontal-speed=8 "
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
  g_signal_connect(factory, "media-configure", G_CALLBACK(on_media_configure), NULL);
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
