// The bounded memory handle's callbacks.
#include "engine/mail/memory_bfio.h"

#include <cstdio>
#include <cstring>

namespace mfsim::mail {
namespace {

struct memory_io {
  const char* data;
  std::size_t size;
  off64_t offset;
  bool open;
};

memory_io* io_of(intptr_t* handle) { return reinterpret_cast<memory_io*>(handle); }

int free_io(intptr_t** handle, libbfio_error_t** /*error*/) {
  delete io_of(*handle);
  *handle = nullptr;
  return 1;
}

int clone_io(intptr_t** destination, intptr_t* source, libbfio_error_t** /*error*/) {
  if (source == nullptr) {
    *destination = nullptr;
    return 1;
  }
  *destination = reinterpret_cast<intptr_t*>(new memory_io(*io_of(source)));
  return 1;
}

int open_io(intptr_t* handle, int access_flags, libbfio_error_t** /*error*/) {
  if ((access_flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0) return -1;
  io_of(handle)->open = true;
  io_of(handle)->offset = 0;
  return 1;
}

int close_io(intptr_t* handle, libbfio_error_t** /*error*/) {
  io_of(handle)->open = false;
  return 0;
}

ssize_t read_io(intptr_t* handle, std::uint8_t* buffer, std::size_t size,
                libbfio_error_t** /*error*/) {
  memory_io& io = *io_of(handle);
  if (!io.open || io.offset < 0) return -1;
  if (static_cast<std::size_t>(io.offset) >= io.size) return 0;
  const std::size_t left = io.size - static_cast<std::size_t>(io.offset);
  const std::size_t n = size < left ? size : left;
  std::memcpy(buffer, io.data + io.offset, n);
  io.offset += static_cast<off64_t>(n);
  return static_cast<ssize_t>(n);
}

ssize_t write_io(intptr_t* /*handle*/, const std::uint8_t* /*buffer*/, std::size_t /*size*/,
                 libbfio_error_t** /*error*/) {
  return -1;  // inputs are never written
}

off64_t seek_io(intptr_t* handle, off64_t offset, int whence, libbfio_error_t** /*error*/) {
  memory_io& io = *io_of(handle);
  off64_t base = 0;
  if (whence == SEEK_CUR)
    base = io.offset;
  else if (whence == SEEK_END)
    base = static_cast<off64_t>(io.size);
  else if (whence != SEEK_SET)
    return -1;
  if ((offset < 0 && -offset > base) || offset > INT64_MAX - base) return -1;
  io.offset = base + offset;
  return io.offset;
}

int exists_io(intptr_t* /*handle*/, libbfio_error_t** /*error*/) { return 1; }

int is_open_io(intptr_t* handle, libbfio_error_t** /*error*/) {
  return io_of(handle)->open ? 1 : 0;
}

int size_io(intptr_t* handle, size64_t* size, libbfio_error_t** /*error*/) {
  *size = io_of(handle)->size;
  return 1;
}

}  // namespace

libbfio_handle_t* memory_bfio_handle(std::string_view bytes) {
  auto* io = new memory_io{bytes.data(), bytes.size(), 0, false};
  libbfio_handle_t* handle = nullptr;
  if (libbfio_handle_initialize(
          &handle, reinterpret_cast<intptr_t*>(io), free_io, clone_io, open_io, close_io, read_io,
          write_io, seek_io, exists_io, is_open_io, size_io,
          LIBBFIO_FLAG_IO_HANDLE_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION,
          nullptr) != 1) {
    delete io;
    return nullptr;
  }
  return handle;
}

}  // namespace mfsim::mail
