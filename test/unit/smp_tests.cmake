# SPDX-License-Identifier: BSD-2-Clause
# Host tests of the SMP building blocks that compile on the host; included
# from test/CMakeLists.txt after ring_tests.cmake (rk_unit_test_tsan).
#   unit:test_spinlock        ASan+UBSan, threads as CPUs
#   unit:test_spinlock_tsan   the same under ThreadSanitizer
rk_unit_test(test_spinlock unit/test_spinlock.c)
target_link_libraries(test_spinlock PRIVATE Threads::Threads)
rk_unit_test_tsan(test_spinlock_tsan unit/test_spinlock.c)
target_compile_definitions(test_spinlock_tsan PRIVATE SPIN_TEST_SCALE=4)
# x86_64: the CPUs of the ACPI MADT (arch/x86_64/madt.c), damaged tables too.
rk_unit_test(test_madt unit/test_madt.c ${RK_TOP}/arch/x86_64/madt.c)
target_include_directories(test_madt PRIVATE ${RK_TOP}/arch/x86_64/include)
