// What the libyal readers (libolecf for .msg, libpff for PST) share in mfsim: owned handles,
// their errors as one-line text.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

namespace mfsim::mail {

// An owned libyal object, freed with `Free` (libolecf_item_free, libpff_item_free, ...).
template <typename T, typename E, int (*Free)(T**, E**)>
class libyal_handle {
 public:
  libyal_handle() = default;
  explicit libyal_handle(T* p) : p_(p) {}
  libyal_handle(libyal_handle&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  libyal_handle& operator=(libyal_handle&& o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  libyal_handle(const libyal_handle&) = delete;
  libyal_handle& operator=(const libyal_handle&) = delete;
  ~libyal_handle() {
    if (p_ != nullptr) Free(&p_, nullptr);
  }
  [[nodiscard]] T* get() const { return p_; }
  T** out() { return &p_; }

 private:
  T* p_ = nullptr;
};

// A libyal error out-parameter that frees what it holds when it goes out of scope: the
// libraries sometimes leave an error behind on calls that succeed (a damaged file opened
// anyway), and those must not leak. Passed as `&error`, read as the error pointer.
template <typename E, void (*Free)(E**)>
class libyal_error {
 public:
  libyal_error() = default;
  libyal_error(const libyal_error&) = delete;
  libyal_error& operator=(const libyal_error&) = delete;
  ~libyal_error() {
    if (p_ != nullptr) Free(&p_);
  }
  E** operator&() { return &p_; }  // NOLINT: the libraries' calls take E**
  operator E*&() { return p_; }    // NOLINT: describe() and the checks read the pointer

 private:
  E* p_ = nullptr;
};

// "WHAT: LIBRARY MESSAGE" on one line (records are one line each), freeing the error.
template <typename E>
std::string describe_libyal_error(E*& error, const char* what,
                                  int (*sprint)(E*, char*, std::size_t), void (*free_error)(E**)) {
  std::string text = what;
  if (error != nullptr) {
    char buffer[512] = {};
    if (sprint(error, buffer, sizeof buffer) > 0) {
      text += ": ";
      text += buffer;
    }
    free_error(&error);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == '.'))
    text.pop_back();
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace mfsim::mail
