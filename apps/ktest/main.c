/* SPDX-License-Identifier: BSD-2-Clause */
/* ktest: run every in-image test (RK_TEST) compiled into the image and
 * exit with the number of failures as the status. */
#include <rumpk/printk.h>
#include <rumpk/test.h>

int main(int argc, char *argv[])
{
	return rk_test_run_all("");
}
