// fmt's compiled part, built into mfsim (decision 353): Debian ships libfmt.so but no libfmt.a,
// and the shared library brings libstdc++.so with it, which every start of mfsim then loads and
// relocates. This file compiles the definitions fmt's headers keep in format-inl.h and
// instantiates the templates format.h declares `extern`, so that nothing links libfmt.so.
#include <fmt/format-inl.h>

namespace fmt::detail {
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void vformat_to(buffer<char>&, string_view,
                                 basic_format_args<FMT_BUFFER_CONTEXT(char)>, locale_ref);
}  // namespace fmt::detail
