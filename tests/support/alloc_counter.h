// Test support: counts calls of the global operator new while counting is switched on.
#pragma once

#include <cstddef>

namespace mfsim::test {

// Counts allocations made by the current thread between construction and count().
class allocation_counter {
 public:
  allocation_counter();
  ~allocation_counter();
  allocation_counter(const allocation_counter&) = delete;
  allocation_counter& operator=(const allocation_counter&) = delete;
  [[nodiscard]] std::size_t count() const;
};

}  // namespace mfsim::test
