// SPDX-License-Identifier: GPL-2.0
/*
 * Test flavour only: KUnit tests of the loopback test's ring logic. Each
 * case runs ixgbe_lbtest_run() on a software port of its own, over the
 * model's rings, as "ethtool -t" would; the case sets the ring sizes and
 * the model's fault, and judges by the result code and by what the model
 * counted. Included at the end of ixgbe_lbtest_sim_port.c, whose port it
 * drives, when CONFIG_IXGBE_KUNIT_TEST is set.
 */

#include <kunit/test.h>

/* A port id that the module parameter never gives. */
#define IXGBE_LBSIM_TEST_PORT_ID	IXGBE_LBSIM_MAX_PORTS
/* ixgbe_lbtest_run()'s batch of frames */
#define IXGBE_LBSIM_TEST_BATCH		64
/* ixgbe_lbtest_run()'s ceiling on a batch */
#define IXGBE_LBSIM_TEST_CEILING_US	(200 * USEC_PER_MSEC)

static int ixgbe_lbsim_test_init(struct kunit *test)
{
	struct net_device *netdev;

	netdev = ixgbe_lbsim_port_create(IXGBE_LBSIM_TEST_PORT_ID);
	if (IS_ERR(netdev))
		return PTR_ERR(netdev);
	test->priv = netdev;
	return 0;
}

static void ixgbe_lbsim_test_exit(struct kunit *test)
{
	ixgbe_lbsim_port_destroy(test->priv);
}

static struct ixgbe_lbsim_port *ixgbe_lbsim_test_port(struct kunit *test)
{
	return netdev_priv(test->priv);
}

static int ixgbe_lbsim_test_kmap_depth(void)
{
#ifdef CONFIG_KMAP_LOCAL
	return current->kmap_ctrl.idx;
#else
	return 0;
#endif
}

/* One self-test run with @fault on frame @frame; returns its result. */
static u64 ixgbe_lbsim_test_run(struct kunit *test, const char *fault,
				u32 frame)
{
	struct ixgbe_lbsim_port *port = ixgbe_lbsim_test_port(test);
	int kmap_depth = ixgbe_lbsim_test_kmap_depth();
	u64 result;

	KUNIT_ASSERT_EQ(test, ixgbe_lbsim_model_set_fault(port->model, fault,
							  frame), 0);
	result = ixgbe_lbsim_loopback_test(port);
	KUNIT_EXPECT_EQ_MSG(test, ixgbe_lbsim_test_kmap_depth(), kmap_depth,
			    "kmap_local slots leaked by the run");
	return result;
}

static u64 ixgbe_lbsim_test_frames(struct kunit *test)
{
	return ixgbe_lbsim_model_counters(ixgbe_lbsim_test_port(test)->model)->frames_looped;
}

static u64 ixgbe_lbsim_test_faults(struct kunit *test)
{
	return ixgbe_lbsim_model_counters(ixgbe_lbsim_test_port(test)->model)->faults_injected;
}

/*
 * Ring sizes that are not multiples of the batch put the wrap of either
 * ring inside a batch; every frame must still come back, and each ring
 * must be gone round at least twice.
 */
static void ixgbe_lbsim_test_ring_wrap(struct kunit *test)
{
	static const struct {
		u16 tx, rx;
	} sizes[] = {
		{ IXGBE_DEFAULT_TXD, IXGBE_DEFAULT_RXD },
		{ 72, 80 },
		{ 96, 72 },
		{ 520, 136 },
	};
	struct ixgbe_lbsim_port *port = ixgbe_lbsim_test_port(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		port->tx_count = sizes[i].tx;
		port->rx_count = sizes[i].rx;
		KUNIT_EXPECT_EQ_MSG(test, ixgbe_lbsim_test_run(test, "none", 0),
				    (u64)IXGBE_LBTEST_PASS,
				    "Tx ring %u, Rx ring %u", sizes[i].tx,
				    sizes[i].rx);
		KUNIT_EXPECT_GE_MSG(test, ixgbe_lbsim_test_frames(test),
				    2ULL * max(sizes[i].tx, sizes[i].rx),
				    "Tx ring %u, Rx ring %u", sizes[i].tx,
				    sizes[i].rx);
		KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_frames(test) %
				IXGBE_LBSIM_TEST_BATCH, 0ULL);
	}
}

/*
 * A batch whose write-backs come in parts, some after the test has
 * polled and found them missing, passes.
 */
static void ixgbe_lbsim_test_partial_batch(struct kunit *test)
{
	static const u32 late_frames[] = {
		0, 1, IXGBE_LBSIM_TEST_BATCH / 2, IXGBE_LBSIM_TEST_BATCH - 1,
		IXGBE_DEFAULT_RXD + 5,
	};
	u64 frames = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(late_frames); i++) {
		KUNIT_EXPECT_EQ_MSG(test,
				    ixgbe_lbsim_test_run(test, "late 20", late_frames[i]),
				    (u64)IXGBE_LBTEST_PASS,
				    "frame %u late", late_frames[i]);
		KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_faults(test), 1ULL);
		if (!i)
			frames = ixgbe_lbsim_test_frames(test);
		KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_frames(test), frames);
	}
}

/*
 * When write-backs stop coming, the batch ends with a timeout, and not
 * before its ceiling has passed. The fault hits the batch's first frame, so
 * the batch started after the model's last frame, and the time from that
 * frame to the end of the run bounds the batch's own time from above.
 */
static void ixgbe_lbsim_test_deadline(struct kunit *test)
{
	static const char * const faults[] = { "stall", "late 500" };
	struct ixgbe_lbsim_port *port = ixgbe_lbsim_test_port(test);
	const u32 frame = IXGBE_LBSIM_TEST_BATCH;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		const struct ixgbe_lbsim_counters *counters;

		KUNIT_EXPECT_EQ_MSG(test, ixgbe_lbsim_test_run(test, faults[i], frame),
				    (u64)IXGBE_LBTEST_TIMEOUT, "%s", faults[i]);
		counters = ixgbe_lbsim_model_counters(port->model);
		KUNIT_EXPECT_EQ_MSG(test, counters->frames_looped, (u64)frame,
				    "%s", faults[i]);
		KUNIT_EXPECT_GE_MSG(test,
				    ktime_us_delta(port->run_end, counters->last_looped),
				    (s64)IXGBE_LBSIM_TEST_CEILING_US,
				    "%s: the batch timed out early", faults[i]);
	}
}

/*
 * A batch whose frames have all left, but whose last frame does not come
 * back in time, lost that frame: its Tx write-backs are all there.
 */
static void ixgbe_lbsim_test_lost_at_deadline(struct kunit *test)
{
	const u32 frame = 2 * IXGBE_LBSIM_TEST_BATCH - 1;

	KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_run(test, "late 500", frame),
			(u64)IXGBE_LBTEST_LOST);
	KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_frames(test), (u64)frame);
}

/*
 * An Rx ring that its refill left short is reported as no memory (11),
 * before a frame is sent, however few descriptors are missing: with a
 * batch's worth still posted no frame would be lost, with fewer the MAC
 * would miss frames, which is not a lost frame (13) either.
 */
static void ixgbe_lbsim_test_rx_ring_short(struct kunit *test)
{
	struct ixgbe_lbsim_port *port = ixgbe_lbsim_test_port(test);
	const u16 unfilled[] = {
		1, port->rx_count - IXGBE_LBSIM_TEST_BATCH,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unfilled); i++) {
		port->rx_unfilled = unfilled[i];
		KUNIT_EXPECT_EQ_MSG(test, ixgbe_lbsim_test_run(test, "none", 0),
				    (u64)IXGBE_LBTEST_NO_MEMORY,
				    "%u Rx descriptors unfilled", unfilled[i]);
		KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_frames(test), 0ULL);
	}
	/* the ring is full again: the port is as good as before */
	port->rx_unfilled = 0;
	KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_run(test, "none", 0),
			(u64)IXGBE_LBTEST_PASS);
}

/*
 * The whole run on Rx pages from GFP_HIGHUSER: on a HIGHMEM kernel with
 * highmem, pages that the loopback test can read only through a mapping.
 */
static void ixgbe_lbsim_test_highmem_rx_pages(struct kunit *test)
{
	struct ixgbe_lbsim_port *port = ixgbe_lbsim_test_port(test);

	port->rx_highmem_pages = true;
	KUNIT_EXPECT_EQ(test, ixgbe_lbsim_test_run(test, "none", 0),
			(u64)IXGBE_LBTEST_PASS);
	KUNIT_EXPECT_EQ(test, port->rx_pages_replaced, (u32)port->rx_count - 1);
	if (totalhigh_pages())
		KUNIT_EXPECT_EQ(test, port->rx_pages_highmem,
				port->rx_pages_replaced);
}

static struct kunit_case ixgbe_lbsim_test_cases[] = {
	KUNIT_CASE(ixgbe_lbsim_test_ring_wrap),
	KUNIT_CASE(ixgbe_lbsim_test_partial_batch),
	KUNIT_CASE(ixgbe_lbsim_test_deadline),
	KUNIT_CASE(ixgbe_lbsim_test_lost_at_deadline),
	KUNIT_CASE(ixgbe_lbsim_test_rx_ring_short),
	KUNIT_CASE(ixgbe_lbsim_test_highmem_rx_pages),
	{}
};

static struct kunit_suite ixgbe_lbsim_test_suite = {
	.name = "ixgbe_lbtest_sim",
	.init = ixgbe_lbsim_test_init,
	.exit = ixgbe_lbsim_test_exit,
	.test_cases = ixgbe_lbsim_test_cases,
};

kunit_test_suite(ixgbe_lbsim_test_suite);
