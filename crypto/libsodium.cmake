# SPDX-License-Identifier: BSD-2-Clause
# Where libsodium comes from and which of its files Rumpk builds.
#
# Debian's libsodium source package (1.0.18) is unpacked by
# scripts/fetch-source.sh (apt checks its checksums) into $RUMPK_SOURCES,
# default <top>/build/sources, shared by every build directory. Nothing
# fetched is ever committed. Used by crypto/CMakeLists.txt (image) and
# test/unit/sign_tests.cmake (host tests and freestanding compile checks).
#
include(${CMAKE_CURRENT_LIST_DIR}/../scripts/cmake/fetch_source.cmake)

# rk_libsodium_fetch(<source top> <binary dir>) sets
#   SODIUM_DIR       src/libsodium of the unpacked tree
#   SODIUM_INCLUDE   its include directory: Rumpk code includes <sodium/x.h>;
#                    libsodium's own files include "x.h", so its sources also
#                    get include/sodium
#   SODIUM_SOURCES   the files we build: Ed25519 sign/verify (ref10), SHA-512,
#                    SipHash-2-4, ChaCha20 (randombytes.c and our DRBG use it),
#                    randombytes front end, verify_32, utils, version
#   SODIUM_GENERATED <binary dir>/sodium-generated, which holds sodium/version.h
#                    (sodium.h includes it as "sodium/version.h", version.c
#                    as "version.h": both directories go on the include path)
function(rk_libsodium_fetch top bindir)
  rk_fetch_source(libsodium ${top} libsodium OUT dest)
  set(dir ${dest}/libsodium/src/libsodium)

  # Only portable C: every file below has one implementation, or (stream
  # chacha20) picks its SSE/AVX2 variants only under HAVE_*INTRIN_H, which
  # port/sodium_config.h never defines. No .S file is built.
  set(files
    crypto_sign/crypto_sign.c
    crypto_sign/ed25519/sign_ed25519.c
    crypto_sign/ed25519/ref10/keypair.c
    crypto_sign/ed25519/ref10/sign.c
    crypto_sign/ed25519/ref10/open.c
    crypto_core/ed25519/ref10/ed25519_ref10.c
    crypto_hash/crypto_hash.c
    crypto_hash/sha512/hash_sha512.c
    crypto_hash/sha512/cp/hash_sha512_cp.c
    crypto_verify/sodium/verify.c
    crypto_shorthash/crypto_shorthash.c
    crypto_shorthash/siphash24/shorthash_siphash24.c
    crypto_shorthash/siphash24/ref/shorthash_siphash24_ref.c
    crypto_stream/chacha20/stream_chacha20.c
    crypto_stream/chacha20/ref/chacha20_ref.c
    randombytes/randombytes.c
    sodium/utils.c
    sodium/version.c)
  list(TRANSFORM files PREPEND ${dir}/)

  foreach(f ${files} ${dir}/include/sodium/version.h.in ${dir}/../../configure.ac)
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "libsodium: ${f} missing after the fetch; "
                          "remove ${dest}/libsodium to unpack it again")
    endif()
  endforeach()

  # version.h is what libsodium's configure would write: the numbers come
  # from its configure.ac, so they follow the fetched release. The library
  # reports itself as minimal (sodium_library_minimal() == 1), which is the
  # truth: most of libsodium's API is not built.
  file(STRINGS ${dir}/../../configure.ac ac REGEX
       "^(AC_INIT\\(\\[libsodium\\],\\[|SODIUM_LIBRARY_VERSION_MAJOR=|SODIUM_LIBRARY_VERSION_MINOR=)")
  string(REGEX MATCH "AC_INIT\\(\\[libsodium\\],\\[([0-9.]+)\\]" _ "${ac}")
  set(VERSION ${CMAKE_MATCH_1})
  string(REGEX MATCH "SODIUM_LIBRARY_VERSION_MAJOR=([0-9]+)" _ "${ac}")
  set(SODIUM_LIBRARY_VERSION_MAJOR ${CMAKE_MATCH_1})
  string(REGEX MATCH "SODIUM_LIBRARY_VERSION_MINOR=([0-9]+)" _ "${ac}")
  set(SODIUM_LIBRARY_VERSION_MINOR ${CMAKE_MATCH_1})
  if(NOT VERSION OR NOT SODIUM_LIBRARY_VERSION_MAJOR OR NOT SODIUM_LIBRARY_VERSION_MINOR)
    message(FATAL_ERROR "libsodium: cannot read the version from ${dir}/../../configure.ac")
  endif()
  set(SODIUM_LIBRARY_MINIMAL_DEF "#define SODIUM_LIBRARY_MINIMAL 1")
  set(gen ${bindir}/sodium-generated)
  configure_file(${dir}/include/sodium/version.h.in ${gen}/sodium/version.h @ONLY)

  set(SODIUM_DIR ${dir} PARENT_SCOPE)
  set(SODIUM_INCLUDE ${dir}/include PARENT_SCOPE)
  set(SODIUM_SOURCES ${files} PARENT_SCOPE)
  set(SODIUM_GENERATED ${gen} PARENT_SCOPE)
  set(SODIUM_VERSION ${VERSION} PARENT_SCOPE)
endfunction()
