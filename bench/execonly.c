/* execonly CMD [ARG]...: the least any loader can cost, one execve. Built
 * static for `make bench`. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
