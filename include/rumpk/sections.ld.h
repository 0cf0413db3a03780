/* Linker-script fragments shared by every arch/<a>/link.ld.S. */
#ifndef RUMPK_SECTIONS_LD_H
#define RUMPK_SECTIONS_LD_H

/* Tables the kernel walks at run time; they live in read-only data.
 * .rk_tests: in-image tests registered with RK_TEST (include/rumpk/test.h). */
#define RK_RODATA_TABLES \
	. = ALIGN(8); \
	__rk_tests_start = .; \
	KEEP(*(.rk_tests)) \
	__rk_tests_end = .;

#endif
