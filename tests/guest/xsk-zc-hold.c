// SPDX-License-Identifier: GPL-2.0
/*
 * xsk-zc-hold IFACE: put queue 0 of IFACE in AF_XDP zero-copy mode, the
 * state an AF_XDP application leaves it in, and hold it until killed.
 *
 * An XDP program is attached in native mode through a BPF link (XDP_PASS,
 * where an application's would redirect to an XSKMAP: the port's traffic
 * goes on), and an AF_XDP socket with a UMEM is bound to queue 0 with
 * XDP_ZEROCOPY.
 * For ixgbe, this is the state in which ixgbe_xsk_pool() hands queue 0's
 * pool to a ring configured as queue 0, the test ring included. "holding"
 * on stdout says it is reached; closing the descriptors at exit undoes
 * both. Built static by scripts/vm/build-guest-tool: the guests have no libc.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define UMEM_FRAMES	64
#define FRAME_SIZE	2048
#define RING_SIZE	64

static int die(const char *what)
{
	fprintf(stderr, "xsk-zc-hold: %s: %s\n", what, strerror(errno));
	return 1;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int xdp_pass_link(unsigned int ifindex)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
		  .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[4096];
	union bpf_attr attr;
	int prog;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	prog = sys_bpf(BPF_PROG_LOAD, &attr);
	if (prog < 0) {
		fprintf(stderr, "%s", log);
		return -1;
	}

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog;
	attr.link_create.target_ifindex = ifindex;
	attr.link_create.attach_type = BPF_XDP;
	attr.link_create.flags = XDP_FLAGS_DRV_MODE;
	return sys_bpf(BPF_LINK_CREATE, &attr);
}

static int set_ring(int xsk, int opt)
{
	int size = RING_SIZE;

	return setsockopt(xsk, SOL_XDP, opt, &size, sizeof(size));
}

int main(int argc, char **argv)
{
	struct sockaddr_xdp sxdp;
	struct xdp_umem_reg umem;
	unsigned int ifindex;
	void *area;
	int xsk;

	if (argc != 2) {
		fprintf(stderr, "usage: xsk-zc-hold IFACE\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex)
		return die(argv[1]);
	if (xdp_pass_link(ifindex) < 0)
		return die("attaching an XDP program in native mode");

	xsk = socket(AF_XDP, SOCK_RAW, 0);
	if (xsk < 0)
		return die("AF_XDP socket");
	area = mmap(NULL, UMEM_FRAMES * FRAME_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return die("UMEM area");
	memset(&umem, 0, sizeof(umem));
	umem.addr = (unsigned long)area;
	umem.len = UMEM_FRAMES * FRAME_SIZE;
	umem.chunk_size = FRAME_SIZE;
	if (setsockopt(xsk, SOL_XDP, XDP_UMEM_REG, &umem, sizeof(umem)) ||
	    set_ring(xsk, XDP_UMEM_FILL_RING) ||
	    set_ring(xsk, XDP_UMEM_COMPLETION_RING) ||
	    set_ring(xsk, XDP_RX_RING))
		return die("UMEM and rings");

	memset(&sxdp, 0, sizeof(sxdp));
	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = ifindex;
	sxdp.sxdp_queue_id = 0;
	sxdp.sxdp_flags = XDP_ZEROCOPY;
	if (bind(xsk, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		return die("binding to queue 0 in zero-copy mode");

	printf("holding\n");
	fflush(stdout);
	for (;;)
		pause();
}
