# One warnings helper, applied to the project's own targets only (never to system headers).
function(learnwall_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_UNITY_BUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # In a unity batch every .cpp is an included file, so GCC takes a .cpp's own class holding an
    # anonymous-namespace type for a header's class (-Wsubobject-linkage); not so here.
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
  if(LEARNWALL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(LEARNWALL_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# A precompiled header for the targets with many sources: nlohmann/json and the standard headers
# nearly every file includes. Parsing json.hpp alone costs about 3 s a file on the CI machine, paid
# once per target instead (docs/BENCHMARKS.md, "Build"). Off with -DLEARNWALL_PCH=OFF, which is how
# a missing #include is caught.
option(LEARNWALL_PCH "Precompile nlohmann/json and common standard headers" ON)
function(learnwall_pch target)
  if(LEARNWALL_PCH)
    target_precompile_headers(${target} PRIVATE
      <nlohmann/json.hpp> <string> <string_view> <vector> <map> <optional> <functional> <memory>
      <chrono> <filesystem> <algorithm>)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12 loses the system-header status of libstdc++ code inlined through a precompiled header
      # and then reports its known false -Warray-bounds and -Wstringop-overflow on `std::string(a) + "literal"`. The ASan
      # configuration checks real out-of-bounds accesses at run time.
      target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow)
    endif()
  endif()
endfunction()
