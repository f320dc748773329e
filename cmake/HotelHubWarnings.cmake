# Warnings and sanitizers as one interface target, so every project target opts in explicitly.
add_library(hotelhub_build_flags INTERFACE)
target_compile_options(hotelhub_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(HOTELHUB_WERROR)
  target_compile_options(hotelhub_build_flags INTERFACE -Werror)
endif()
if(HOTELHUB_SANITIZE)
  string(REPLACE ";" "," _sanitizers "${HOTELHUB_SANITIZE}")
  target_compile_options(hotelhub_build_flags INTERFACE -fsanitize=${_sanitizers} -fno-omit-frame-pointer)
  target_link_options(hotelhub_build_flags INTERFACE -fsanitize=${_sanitizers})
endif()
if(WIN32)
  # Windows headers: no min/max macros, Unicode API, Windows 10 as the oldest supported.
  target_compile_definitions(hotelhub_build_flags INTERFACE NOMINMAX UNICODE _UNICODE WIN32_LEAN_AND_MEAN
                             _WIN32_WINNT=0x0A00)
endif()
target_compile_definitions(hotelhub_build_flags INTERFACE
  QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_KEYWORDS)
