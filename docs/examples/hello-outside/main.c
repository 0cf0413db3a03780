// SPDX-License-Identifier: BSD-2-Clause
/* hello-outside: an app kept outside apps/, built with
 * make APP=docs/examples/hello-outside BOARD=<board> (docs/app-guide.md).
 * It prints its greeting as often as its Kconfig options say and returns
 * the status they give, which becomes the image's exit status. */
#include <rumpk/printk.h>

int main(int argc, char *argv[])
{
	for (int i = 1; i <= CONFIG_HELLO_OUTSIDE_REPEAT; i++)
		rk_printf("hello-outside: %s (%d of %d)\n", CONFIG_HELLO_OUTSIDE_GREETING, i,
			  CONFIG_HELLO_OUTSIDE_REPEAT);
	return CONFIG_HELLO_OUTSIDE_STATUS;
}
