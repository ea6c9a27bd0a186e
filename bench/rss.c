/* SPDX-License-Identifier: Apache-2.0 */
/* rss: prints this process's resident set size in KiB (VmRSS), so that the
 * memory the shim adds can be read as the difference with and without it. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			fputs(line + 6, stdout);
	return 0;
}
