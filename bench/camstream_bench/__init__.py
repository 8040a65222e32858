"""camstream's benchmark against gst-rtsp-server: real servers, real sockets, loopback only."""
