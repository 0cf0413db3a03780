# Network tests; included from test/CMakeLists.txt after the defconfig loop
# (which builds every configs/*_defconfig into ${IMAGES} as build:<name>).
#
#   net:http:<name>   test/net/http_test.py: boots httpd with a free host port
#                     forwarded to :80, curl / and /stats, malformed requests
#                     get 400, pipelining, 50 concurrent connections
#   net:echo:<name>   test/net/echo_test.py: TCP and UDP round trips on :7
#
# Servers never exit: their generic boot:<name> test ends with `stop:
# matched` in the app's test.expect (a pass once the server listens), and
# these tests boot the same image again (its test.expect `qemu:` lines, with
# the ports rewritten) to talk to it.
foreach(defconfig ${RK_DEFCONFIGS})
  string(REGEX REPLACE "_defconfig$" "" name ${defconfig})
  if(name MATCHES "^(httpd|echo)_")
    set(app ${CMAKE_MATCH_1})
    set(driver http_test.py)
    if(app STREQUAL "echo")
      set(driver echo_test.py)
    endif()
    add_test(NAME net:${app}:${name}
             COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/${driver} ${IMAGES}/${name})
    set_tests_properties(net:${app}:${name} PROPERTIES FIXTURES_REQUIRED img:${name} TIMEOUT 300)
  endif()
endforeach()

# Host unit tests of the portable network code (ASan + UBSan): the I/O
# governor's decisions and the HTTP request parser.
rk_unit_test(test_net_governor net/test_governor.c ${RK_TOP}/net/governor.c)
target_include_directories(test_net_governor PRIVATE ${RK_TOP}/net)
rk_unit_test(test_http_request net/test_http_request.c ${RK_TOP}/apps/httpd/request.c)
target_include_directories(test_http_request PRIVATE ${RK_TOP}/apps/httpd)

# The shell's 'net' command on a shell image built with lwIP (riscv64).
add_test(NAME build:shell-net COMMAND make -s -C ${RK_TOP} BUILD=${CMAKE_CURRENT_BINARY_DIR}/shell-net
         RUMPK_NO_INSTALL=1 shell_qemu-virt-riscv64_defconfig all CONFIG_NET_LWIP=y CONFIG_VIRTIO=y CONFIG_VIRTIO_NET=y)
set_tests_properties(build:shell-net PROPERTIES FIXTURES_SETUP img:shell-net TIMEOUT 300)
add_test(NAME net:shell-net COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/net/shell_net.expect
         ${CMAKE_CURRENT_BINARY_DIR}/shell-net/shell_qemu-virt-riscv64)
set_tests_properties(net:shell-net PROPERTIES FIXTURES_REQUIRED img:shell-net TIMEOUT 120)
