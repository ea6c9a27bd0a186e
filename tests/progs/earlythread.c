/* SPDX-License-Identifier: Apache-2.0 */
/* earlythread: the main program for the "thread started before syscage's
 * shim" case (runc#1212). The thread lives in a library that tests/bypass.sh
 * builds (libearly.so): its constructor starts the thread, and it runs
 * before the shim's when it is a later LD_PRELOAD entry or a library this
 * program links (ld.so runs those constructors first). The library exports
 *   const char *early_run(void)
 * which lets the thread make its calls now, from main, after every
 * constructor (the shim's too) has run, and returns what it saw. This
 * program finds it as a weak symbol (linked or preloaded), prints
 *   main: seccomp=MODE
 *   thread: ... (the library's report)
 * and "main: no early library" when neither loaded it. */
#include <stdio.h>
#include <sys/prctl.h>

extern const char *early_run(void) __attribute__((weak));

int main(void)
{
	printf("main: seccomp=%d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	if (!early_run) {
		printf("main: no early library\n");
		return 0;
	}
	printf("%s\n", early_run());
	return 0;
}
