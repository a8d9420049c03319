// Loading a shared library the first time it is needed rather than at every start of mfsim
// (decision 332): libzip (zip_library.h) and libarchive (archive_library.h).
#pragma once

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace mfsim::mail {

// The library `soname`, loaded and never unloaded (its functions stay in use); null when it
// cannot be loaded, and then `why` says why.
inline void* load_shared_library(const char* soname, std::string& why) {
  void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* error = ::dlerror();
    why = std::string("cannot load ") + soname + ": " + (error != nullptr ? error : "");
  }
  return library;
}

// Sets `function` to the symbol `name` of `library` (loaded as `soname`); false, with `why`
// saying which, when the library has none.
template <class Function>
bool find_symbol(void* library, const char* soname, const char* name, Function& function,
                 std::string& why) {
  function = reinterpret_cast<Function>(::dlsym(library, name));
  if (function == nullptr) why = std::string(soname) + " has no " + name;
  return function != nullptr;
}

// What `Load` returns, called once in the process whichever thread asks first; null when it
// failed, and then `why` (when given) says why.
template <class Functions, const Functions* (*Load)(std::string&)>
const Functions* load_once(std::string* why) {
  static std::once_flag once;
  static const Functions* functions = nullptr;
  static std::string failure;
  std::call_once(once, [] { functions = Load(failure); });
  if (functions == nullptr && why != nullptr) *why = failure;
  return functions;
}

}  // namespace mfsim::mail
