// LD_PRELOAD allocation counter for the benchmark: counts every malloc-family call of the process it is
// loaded into (camstream or the gst-rtsp-server peer alike) into a shared page that the benchmark reads
// while the server runs, so allocations per frame come from the real server under real load.
//
//   CAMSTREAM_ALLOC_COUNTS=/path/to/file LD_PRELOAD=malloc-count.so SERVER ...
//
// The file holds three little-endian uint64: allocation calls, bytes requested, free calls. The calls go on
// to glibc's own __libc_* entry points, so no dlsym bootstrap (which itself allocates) is needed.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

struct counters {
  _Atomic uint64_t calls;
  _Atomic uint64_t bytes;
  _Atomic uint64_t frees;
};

static struct counters startup;  // counts before the shared page is mapped
static struct counters *counters = &startup;

__attribute__((constructor)) static void map_counters(void) {
  const char *path = getenv("CAMSTREAM_ALLOC_COUNTS");
  if (path == NULL) return;
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  if (ftruncate(fd, 4096) == 0) {
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (page != MAP_FAILED) {
      memset(page, 0, sizeof(struct counters));
      counters = page;
    }
  }
  close(fd);
}

static inline void count(size_t bytes) {
  atomic_fetch_add_explicit(&counters->calls, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&counters->bytes, bytes, memory_order_relaxed);
}

void *malloc(size_t size) {
  count(size);
  return __libc_malloc(size);
}

void *calloc(size_t count_, size_t size) {
  count(count_ * size);
  return __libc_calloc(count_, size);
}

void *realloc(void *pointer, size_t size) {
  count(size);
  return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
  count(size);
  return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
  count(size);
  return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  count(size);
  void *pointer = __libc_memalign(alignment, size);
  if (pointer == NULL && size != 0) return ENOMEM;
  *result = pointer;
  return 0;
}

void free(void *pointer) {
  if (pointer == NULL) return;
  atomic_fetch_add_explicit(&counters->frees, 1, memory_order_relaxed);
  __libc_free(pointer);
}
