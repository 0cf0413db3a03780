/* SPDX-License-Identifier: BSD-2-Clause */
/* Identity of the running image, generated at build time. */
#ifndef RUMPK_BUILD_INFO_H
#define RUMPK_BUILD_INFO_H

extern const char rk_build_version[];
extern const char rk_build_arch[];
extern const char rk_build_platform[];
extern const char rk_build_app[];
extern const char rk_build_compiler[];

#endif
