// The socket between camstream and its libcamera capture process: whole messages (SOCK_SEQPACKET)
// that may carry descriptors (a frame buffer's dmabufs). SCM_RIGHTS needs the CMSG_* macros,
// which Swift cannot import, so the two calls live here.
#include "CamstreamLibcamera.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern "C" long camstream_lc_channel_send(int socket, const void *bytes, size_t length, const int *fds, int fdCount) {
    if (fdCount < 0 || fdCount > CAMSTREAM_LC_CHANNEL_MAX_FDS) return -EINVAL;
    iovec part{ const_cast<void *>(bytes), length };
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * CAMSTREAM_LC_CHANNEL_MAX_FDS)];
    if (fdCount > 0) {
        std::memset(control, 0, sizeof control);
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * static_cast<size_t>(fdCount));
        cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * static_cast<size_t>(fdCount));
        std::memcpy(CMSG_DATA(header), fds, sizeof(int) * static_cast<size_t>(fdCount));
    }
    ssize_t sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent < 0 ? -errno : sent;
}

extern "C" long camstream_lc_channel_receive(
    int socket, void *bytes, size_t capacity, int *fds, int fdCapacity, int *fdCount, int dontWait) {
    *fdCount = 0;
    iovec part{ bytes, capacity };
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * CAMSTREAM_LC_CHANNEL_MAX_FDS)];
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    ssize_t received;
    do {
        received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC | (dontWait ? MSG_DONTWAIT : 0));
    } while (received < 0 && errno == EINTR);
    if (received < 0) return -errno;
    bool fits = (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0;
    for (cmsghdr *header = CMSG_FIRSTHDR(&message); header != nullptr; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; i++) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof fd);
            // Every descriptor that arrived is either handed over or closed, never leaked.
            if (fits && *fdCount < fdCapacity) {
                fds[(*fdCount)++] = fd;
            } else {
                fits = false;
                close(fd);
            }
        }
    }
    if (!fits) {
        for (int i = 0; i < *fdCount; i++) close(fds[i]);
        *fdCount = 0;
        return -EMSGSIZE;
    }
    return received;
}
