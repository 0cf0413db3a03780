/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: the smallest Rumpk application. */
#include <rumpk/printk.h>

int main(int argc, char *argv[])
{
	rk_printf("%s\n", CONFIG_HELLO_GREETING);
	return 0;
}
