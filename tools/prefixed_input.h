// A stream read in part to tell what it holds, given back whole: its first bytes, then the rest
// as it comes, so that standard input is read a line at a time like a file (decision 589).
#pragma once

#include <array>
#include <streambuf>
#include <string>
#include <utility>

namespace mfsim::tools {

class prefixed_input : public std::streambuf {
 public:
  // `head`: the bytes already taken from `rest`, which it gives first.
  prefixed_input(std::string head, std::streambuf* rest) : head_(std::move(head)), rest_(rest) {
    setg(head_.data(), head_.data(), head_.data() + head_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::streamsize got =
        rest_->sgetn(block_.data(), static_cast<std::streamsize>(block_.size()));
    if (got <= 0) return traits_type::eof();
    setg(block_.data(), block_.data(), block_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string head_;
  std::streambuf* rest_;
  std::array<char, 1 << 16> block_{};
};

}  // namespace mfsim::tools
