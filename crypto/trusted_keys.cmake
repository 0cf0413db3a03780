# SPDX-License-Identifier: BSD-2-Clause
# CONFIG_CRYPTO_TRUSTED_KEYS -> a C keyring, checked at configure time.
#
# The option is a list separated by spaces or commas; each entry is either
# 64 hex digits or the path of a key file (absolute, or relative to the
# source top) holding one hex key per line, '#' starting a comment (the .pub
# files 'scripts/rumpk-sign keygen' writes qualify). Anything else stops the
# configuration with the entry and the reason, so a typo can never silently
# leave an image trusting nothing, or something else.
#
# rk_crypto_trusted_keys(<spec> <top> <out.c>) writes out.c, defining
# rk_sig_configured_keyring (crypto/verify.c), and sets RK_TRUSTED_KEY_COUNT.
# Key files become configure dependencies: editing one reconfigures.

function(rk_crypto_parse_key_line text where out)
  string(STRIP "${text}" text)
  string(TOLOWER "${text}" text)
  if(NOT text MATCHES "^[0-9a-f]+$")
    message(FATAL_ERROR "CONFIG_CRYPTO_TRUSTED_KEYS: ${where}: '${text}' is neither 64 hex "
                        "digits nor an existing key file")
  endif()
  string(LENGTH "${text}" n)
  if(NOT n EQUAL 64)
    message(FATAL_ERROR "CONFIG_CRYPTO_TRUSTED_KEYS: ${where}: an Ed25519 public key is 64 "
                        "hex digits, this one has ${n}")
  endif()
  set(${out} ${text} PARENT_SCOPE)
endfunction()

function(rk_crypto_trusted_keys spec top out)
  string(REPLACE "," " " spec "${spec}")
  separate_arguments(entries UNIX_COMMAND "${spec}")
  set(keys)
  foreach(e ${entries})
    set(path ${e})
    if(NOT IS_ABSOLUTE ${path})
      set(path ${top}/${e})
    endif()
    if(e MATCHES "^[0-9a-fA-F]+$" AND NOT EXISTS ${path})
      rk_crypto_parse_key_line("${e}" "entry '${e}'" k)
      list(APPEND keys ${k})
    elseif(EXISTS ${path} AND NOT IS_DIRECTORY ${path})
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${path})
      file(STRINGS ${path} lines)
      set(lineno 0)
      set(found 0)
      foreach(line IN LISTS lines)
        math(EXPR lineno "${lineno} + 1")
        string(REGEX REPLACE "#.*" "" line "${line}")
        string(STRIP "${line}" line)
        if(line STREQUAL "")
          continue()
        endif()
        rk_crypto_parse_key_line("${line}" "${path}:${lineno}" k)
        list(APPEND keys ${k})
        math(EXPR found "${found} + 1")
      endforeach()
      if(found EQUAL 0)
        message(FATAL_ERROR "CONFIG_CRYPTO_TRUSTED_KEYS: key file ${path} holds no key")
      endif()
    elseif(e MATCHES "[/.]")
      message(FATAL_ERROR "CONFIG_CRYPTO_TRUSTED_KEYS: key file '${e}' not found (looked for ${path})")
    else()
      rk_crypto_parse_key_line("${e}" "entry '${e}'" k)
    endif()
  endforeach()
  list(REMOVE_DUPLICATES keys)
  list(LENGTH keys count)

  set(rows)
  foreach(k ${keys})
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${k}")
    string(APPEND rows "\t{ ${bytes} },\n")
  endforeach()
  if(count EQUAL 0)
    # Fail closed: no key, every container is refused (RK_SIG_ENOKEYS).
    message(STATUS "crypto: CONFIG_CRYPTO_TRUSTED_KEYS is empty: every signed payload will be refused")
    set(body "const struct rk_sig_keyring rk_sig_configured_keyring = { 0, 0 };\n")
  else()
    message(STATUS "crypto: ${count} trusted Ed25519 public key(s)")
    set(body "static const uint8_t keys[${count}][RK_SIG_PUBLICKEYBYTES] = {\n${rows}};\n\nconst struct rk_sig_keyring rk_sig_configured_keyring = { keys, ${count} };\n")
  endif()
  set(text "/* Generated from CONFIG_CRYPTO_TRUSTED_KEYS by crypto/trusted_keys.cmake; do not edit. */\n#include <rumpk/crypto.h>\n\n${body}")
  rk_generate(${out} "${text}")
  set(RK_TRUSTED_KEY_COUNT ${count} PARENT_SCOPE)
endfunction()
