# SPDX-License-Identifier: BSD-2-Clause
# Network tests; included from test/CMakeLists.txt after the defconfig loop
# (which builds every configs/*_defconfig into ${IMAGES} as build:<name>).
#
#   net:http:<name>   test/net/http_test.py: boots httpd with a free host port
#                     forwarded to :80, curl / and /stats, malformed requests
#                     get 400, pipelining, 50 concurrent connections; on the
#                     SMP images (httpd_smp2*) all of it with a CPU-bound
#                     burner fiber on the other CPU;
#                     net:httpd:<name>:<flow> the same on a board's other
#                     machine (generic-riscv64: sifive-u)
#   net:echo:<name>   test/net/echo_test.py: TCP and UDP round trips on :7
#   net:attack:<name> test/net/attack_test.py: slowloris and idle floods with
#                     a normal client that must keep being served, deadlines,
#                     malformed line endings, bounded buffers, and everything
#                     back at its start afterwards; on an image of the same
#                     defconfig built with short timeouts (build:attack-<name>)
#   net:backlog:<name> test/net/backlog_test.py: SYNs beyond a full listen
#                     backlog counted in /stats (net_syn_backlog_drops)
#   net:tap:<name>    bench/tapnet_test.py: bench-net's tap backend
#
# Servers never exit: their generic boot:<name> test ends with `stop:
# matched` in the app's app.desc (a pass once the server listens), and
# these tests boot the same image again (its app.desc `qemu:` lines, with
# the ports rewritten) to talk to it.
foreach(defconfig ${RK_DEFCONFIGS})
  string(REGEX REPLACE "_defconfig$" "" name ${defconfig})
  if(name MATCHES "^(httpd|echo)_")
    set(app ${CMAKE_MATCH_1})
    set(driver http_test.py)
    if(app STREQUAL "echo")
      set(driver echo_test.py)
    endif()
    # The network tests run alone on the machine (RUN_SERIAL): the attacks
    # judge flow control and resource recovery, http_test the 50-connection
    # burst, by what the guest does while the host keeps up; a second QEMU
    # on a 2-core host starves the guest of the time those checks assume
    # (seen as held buffers, connections not yet recovered, a short count).
    # Their wall time is small (about 5 min in all).
    add_test(NAME net:${app}:${name}
             COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/${driver} ${IMAGES}/${name})
    set_tests_properties(net:${app}:${name} PROPERTIES FIXTURES_REQUIRED img:${name} TIMEOUT 300
                         RUN_SERIAL TRUE)
    # The same image on the board's other machines: httpd on
    # generic-riscv64 over virtio-net on virt and over the Cadence GEM on
    # sifive_u. Not on its icicle-kit machine: curl gets its pages there
    # too, but QEMU's five-hart PolarFire model under TCG is too slow for
    # the test's 50 simultaneous connections to be open at its check.
    set(RK_NET_MACHINES_generic-riscv64 sifive-u)
    string(REGEX MATCH "_([a-z0-9-]+)$" board ${name})
    if(app STREQUAL "httpd")
      foreach(flow ${RK_NET_MACHINES_${CMAKE_MATCH_1}})
        add_test(NAME net:${app}:${name}:${flow}
                 COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/${driver} ${IMAGES}/${name} --boot ${flow})
        set_tests_properties(net:${app}:${name}:${flow} PROPERTIES FIXTURES_REQUIRED img:${name} TIMEOUT 300
                             RUN_SERIAL TRUE)
      endforeach()
    endif()

    # The attacks judge httpd's own flow control and recovery, the same
    # code on one CPU or several: not repeated on the SMP images, whose
    # burner keeps a host core busy (their net:httpd test is what they add).
    if(name MATCHES "_smp")
      continue()
    endif()
    # Timeouts of seconds, so that each attack lasts seconds (the defaults
    # are production values: 10/15/2 s for httpd, 60 s for echo).
    set(short CONFIG_HTTPD_HEAD_TIMEOUT_S=2 CONFIG_HTTPD_IDLE_TIMEOUT_S=3 CONFIG_HTTPD_LINGER_S=1)
    if(app STREQUAL "echo")
      set(short CONFIG_ECHO_IDLE_TIMEOUT_S=2)
    endif()
    set(attack_build ${CMAKE_CURRENT_BINARY_DIR}/attack)
    add_test(NAME build:attack-${name} COMMAND make -s -C ${RK_TOP} BUILD=${attack_build}
             RUMPK_NO_INSTALL=1 ${defconfig} all ${short})
    set_tests_properties(build:attack-${name} PROPERTIES FIXTURES_SETUP img:attack-${name} TIMEOUT 300)
    add_test(NAME net:attack:${name}
             COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/attack_test.py ${attack_build}/${name})
    set_tests_properties(net:attack:${name} PROPERTIES FIXTURES_REQUIRED img:attack-${name} TIMEOUT 300
                         RUN_SERIAL TRUE)
  endif()
endforeach()

# net:backlog: httpd (riscv64) built with a listen backlog of 1, so that a
# burst of connections overflows it: the SYNs lwIP ignores must be counted
# (net_syn_backlog_drops) and nothing refused.
set(backlog_build ${CMAKE_CURRENT_BINARY_DIR}/backlog)
add_test(NAME build:backlog COMMAND make -s -C ${RK_TOP} BUILD=${backlog_build}
         RUMPK_NO_INSTALL=1 httpd_qemu-virt-riscv64_defconfig all CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG=1)
set_tests_properties(build:backlog PROPERTIES FIXTURES_SETUP img:backlog TIMEOUT 300)
add_test(NAME net:backlog:httpd_qemu-virt-riscv64
         COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/backlog_test.py
         ${backlog_build}/httpd_qemu-virt-riscv64)
set_tests_properties(net:backlog:httpd_qemu-virt-riscv64 PROPERTIES
                     FIXTURES_REQUIRED img:backlog TIMEOUT 300)

# net:tap: bench-net's tap backend (bench/tapnet.py) on the httpd of each
# platform bench-net measures (virtio-mmio on riscv64 and aarch64,
# virtio-pci on x86_64): a namespace with a tap, the load generators
# inside it, the namespace gone afterwards. Skipped (77) where namespaces
# or tap devices cannot be made.
foreach(plat qemu-virt-riscv64 qemu-virt-aarch64 qemu-microvm-x86_64)
  add_test(NAME net:tap:httpd_${plat}
           COMMAND ${PY} ${RK_TOP}/bench/tapnet_test.py ${IMAGES}/httpd_${plat})
  set_tests_properties(net:tap:httpd_${plat} PROPERTIES
                       FIXTURES_REQUIRED img:httpd_${plat} TIMEOUT 300 SKIP_RETURN_CODE 77)
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

# The same with SMP and the network on CPU 1 (docs/smp.md): the shell's
# fiber on CPU 0 starts the stack and reads it by visiting CPU 1.
add_test(NAME build:shell-net-smp COMMAND make -s -C ${RK_TOP} BUILD=${CMAKE_CURRENT_BINARY_DIR}/shell-net-smp
         RUMPK_NO_INSTALL=1 shell_qemu-virt-riscv64_defconfig all CONFIG_NET_LWIP=y CONFIG_VIRTIO=y CONFIG_VIRTIO_NET=y
         CONFIG_SMP=y CONFIG_NR_CPUS=2 CONFIG_NET_CPU=1)
set_tests_properties(build:shell-net-smp PROPERTIES FIXTURES_SETUP img:shell-net-smp TIMEOUT 300)
add_test(NAME net:shell-net-smp COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
         --expect ${CMAKE_CURRENT_SOURCE_DIR}/net/shell_net_smp.expect
         ${CMAKE_CURRENT_BINARY_DIR}/shell-net-smp/shell_qemu-virt-riscv64)
set_tests_properties(net:shell-net-smp PROPERTIES FIXTURES_REQUIRED img:shell-net-smp TIMEOUT 120)

# NET_LWIP_ASSERT's CPU check fires (test/net/lwip_wrong_cpu.expect): httpd
# with lwIP on CPU 1 calls tcp_new() from CPU 0 (CONFIG_HTTPD_TEST_WRONG_CPU)
# and must panic. No host port is forwarded: it never gets to listen.
foreach(board qemu-virt-riscv64 qemu-microvm-x86_64)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/lwip-wrong-cpu)
  add_test(NAME build:lwip-wrong-cpu:${board} COMMAND make -s -C ${RK_TOP} BUILD=${dir}
           RUMPK_NO_INSTALL=1 httpd_smp2_net1_${board}_defconfig all
           CONFIG_HTTPD_TEST_WRONG_CPU=y)
  set_tests_properties(build:lwip-wrong-cpu:${board} PROPERTIES
    FIXTURES_SETUP img:lwip-wrong-cpu:${board} TIMEOUT 300)
  add_test(NAME net:lwip-wrong-cpu:${board} COMMAND ${PY} ${RK_TOP}/scripts/rk-qemu.py --test
           --expect ${CMAKE_CURRENT_SOURCE_DIR}/net/lwip_wrong_cpu.expect
           --name net:lwip-wrong-cpu:${board} ${dir}/httpd_smp2_net1_${board})
  set_tests_properties(net:lwip-wrong-cpu:${board} PROPERTIES
    FIXTURES_REQUIRED img:lwip-wrong-cpu:${board} TIMEOUT 120)
endforeach()

# The UDP echo program on the packet buffers (programs/udpecho.c,
# kernel/exec/pkt.c) on a shell image with lwIP, checked from the host,
# and the packet-buffer misuse each ending its program with the reason
# (test/net/udpecho_test.py). riscv64 uses the image above; the others get
# one built the same way.
foreach(p qemu-virt-riscv64 qemu-virt-aarch64 qemu-microvm-x86_64)
  if(p STREQUAL "qemu-virt-riscv64")
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/shell-net)
    set(fix img:shell-net)
  else()
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/shell-net-${p})
    set(fix img:shell-net:${p})
    add_test(NAME build:shell-net:${p} COMMAND make -s -C ${RK_TOP} BUILD=${dir}
             RUMPK_NO_INSTALL=1 shell_${p}_defconfig all CONFIG_NET_LWIP=y CONFIG_VIRTIO=y
             CONFIG_VIRTIO_NET=y)
    set_tests_properties(build:shell-net:${p} PROPERTIES FIXTURES_SETUP ${fix} TIMEOUT 300)
  endif()
  add_test(NAME net:udpecho:shell_${p} COMMAND ${PY} ${CMAKE_CURRENT_SOURCE_DIR}/net/udpecho_test.py
           ${dir}/shell_${p})
  set_tests_properties(net:udpecho:shell_${p} PROPERTIES FIXTURES_REQUIRED ${fix} TIMEOUT 180)
endforeach()
# The same under riscv64's kernel-mode fallback (CONFIG_RISCV_SV39=n).
set(dir ${CMAKE_CURRENT_BINARY_DIR}/shell-net-nommu)
add_test(NAME build:shell-net:nommu COMMAND make -s -C ${RK_TOP} BUILD=${dir} RUMPK_NO_INSTALL=1
         shell_qemu-virt-riscv64_defconfig all CONFIG_NET_LWIP=y CONFIG_VIRTIO=y
         CONFIG_VIRTIO_NET=y CONFIG_RISCV_SV39=n)
set_tests_properties(build:shell-net:nommu PROPERTIES FIXTURES_SETUP img:shell-net:nommu TIMEOUT 300)
add_test(NAME net:udpecho:nommu:shell_qemu-virt-riscv64 COMMAND ${PY}
         ${CMAKE_CURRENT_SOURCE_DIR}/net/udpecho_test.py ${dir}/shell_qemu-virt-riscv64)
set_tests_properties(net:udpecho:nommu:shell_qemu-virt-riscv64 PROPERTIES
  FIXTURES_REQUIRED img:shell-net:nommu TIMEOUT 180)
