/* Power-off: the one way out of the image. */
#include <rumpk/arch.h>
#include <rumpk/platform.h>
#include <rumpk/power.h>

void rk_poweroff(int status)
{
	platform_poweroff(status);
}
