/* SPDX-License-Identifier: Apache-2.0 */
/* The embedded default profile (Docker's default.json), linked into the
 * loader and the shim as read-only data. Hidden: the shim exports nothing. */
	.section .rodata
	.balign 8
	.globl sc_embedded_default
	.hidden sc_embedded_default
	.type sc_embedded_default, @object
sc_embedded_default:
	.incbin PROFILE
	.byte 0
	.globl sc_embedded_default_end
	.hidden sc_embedded_default_end
sc_embedded_default_end:
	.section .note.GNU-stack,"",@progbits
