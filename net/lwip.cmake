# SPDX-License-Identifier: BSD-2-Clause
# Where lwIP comes from: Debian's lwip source package (2.1.3+dfsg1), whose
# upstream tarball scripts/fetch-source.sh unpacks (checksums verified by
# apt) into $RUMPK_SOURCES, default build/sources, shared by every build
# directory. Nothing fetched is ever committed.
#
# lwIP's own src/Filelists.cmake is not included: besides listing files it
# writes into the source tree (configure_file of init.h and the Doxyfile)
# and defines targets, which parallel configure steps sharing one
# build/sources would race on. The files are listed here instead, only
# those this port compiles.
#
include(${CMAKE_CURRENT_LIST_DIR}/../scripts/cmake/fetch_source.cmake)

# rk_lwip_fetch(<source top>) sets LWIP_DIR and LWIP_SOURCES (for the
# current configuration: IPv6 files only with CONFIG_NET_IPV6, the tcpip
# thread only with CONFIG_NET_LWIP_SYS).
function(rk_lwip_fetch top)
  rk_fetch_source(lwip ${top} lwip OUT dest PATHS "src/*")
  set(dir ${dest}/lwip)

  set(core init.c def.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c raw.c
           stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c)
  set(ipv4 autoip.c dhcp.c etharp.c icmp.c igmp.c ip4_frag.c ip4.c ip4_addr.c)
  set(ipv6 dhcp6.c ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c mld6.c nd6.c)
  list(TRANSFORM core PREPEND ${dir}/src/core/)
  list(TRANSFORM ipv4 PREPEND ${dir}/src/core/ipv4/)
  list(TRANSFORM ipv6 PREPEND ${dir}/src/core/ipv6/)
  set(files ${core} ${ipv4} ${dir}/src/netif/ethernet.c)
  if(CONFIG_NET_IPV6)
    list(APPEND files ${ipv6})
  endif()
  if(CONFIG_NET_LWIP_SYS)
    list(APPEND files ${dir}/src/api/tcpip.c)
  endif()
  if(CONFIG_NET_LWIP_DEBUG)
    list(APPEND files ${dir}/src/api/err.c) # lwip_strerr() for the messages
  endif()

  foreach(f ${files} ${core} ${ipv4} ${ipv6} ${dir}/src/include/lwip/init.h)
    if(NOT EXISTS ${f})
      message(FATAL_ERROR "lwip: ${f} missing after the fetch; "
                          "remove ${dir} to unpack it again")
    endif()
  endforeach()
  file(STRINGS ${dir}/src/include/lwip/init.h ver REGEX "define LWIP_VERSION_(MAJOR|MINOR|REVISION)[ \t]")
  string(REGEX REPLACE "[^0-9]+" "." ver "${ver}")
  if(NOT ver MATCHES "^\\.?2\\.1\\.3\\.?$")
    message(FATAL_ERROR "lwip: ${dir} holds version '${ver}', this port is for 2.1.3; "
                        "remove ${dir} to unpack the Debian package again")
  endif()
  set(LWIP_DIR ${dir} PARENT_SCOPE)
  set(LWIP_SOURCES ${files} PARENT_SCOPE)
endfunction()
