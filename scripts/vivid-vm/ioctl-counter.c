// An LD_PRELOAD interposer standing in for libcamera's libcamerify (v4l2-compat.so), which works
// the same way: it replaces libc's ioctl. It counts VIDIOC_DQBUF calls and writes the count to
// $IOCTL_COUNT_FILE at exit, so the vivid VM checks can show which camstream I/O path such a
// layer sees (libc's) and which it cannot (libv4l2's raw syscalls).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <linux/videodev2.h>

static unsigned long dequeues;

int ioctl(int fd, unsigned long request, ...) {
    static int (*real)(int, unsigned long, ...);
    if (!real) real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    va_list arguments;
    va_start(arguments, request);
    void *argument = va_arg(arguments, void *);
    va_end(arguments);
    if (request == VIDIOC_DQBUF) __atomic_add_fetch(&dequeues, 1, __ATOMIC_RELAXED);
    return real(fd, request, argument);
}

__attribute__((destructor)) static void report(void) {
    const char *path = getenv("IOCTL_COUNT_FILE");
    FILE *file = path ? fopen(path, "w") : NULL;
    if (!file) return;
    fprintf(file, "%lu\n", dequeues);
    fclose(file);
}
