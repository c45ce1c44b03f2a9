// SPDX-License-Identifier: GPL-2.0
/* KUnit tests of the loopback self-test's checks of a received frame.
 * Included at the end of ixgbe_lbtest.c, whose functions they test, when
 * CONFIG_IXGBE_KUNIT_TEST is set.
 *
 * The frames are put in pages as the NIC would put them, at the offsets of
 * 2K Rx buffers, in lowmem and in highmem pages. The
 * highmem cases are what the mapping is about: run them on a 32-bit
 * CONFIG_HIGHMEM kernel with more than 1 GiB of RAM and
 * CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP, where a page without a kernel address
 * is read only through a real mapping, and a wrong unmap faults.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>

#define IXGBE_LBTEST_TEST_SIZE	IXGBE_LBTEST_FRAME_SIZE
#define IXGBE_LBTEST_TEST_RUN	0x1badcafeU
#define IXGBE_LBTEST_TEST_SEQ	1000U

struct ixgbe_lbtest_test {
	/* the frame sent: tagged with IXGBE_LBTEST_TEST_RUN and _SEQ */
	u8 *expected;
	/* the task's kmap_local slots in use when the test started */
	int kmap_depth;
};

static int ixgbe_lbtest_test_kmap_depth(void)
{
#ifdef CONFIG_KMAP_LOCAL
	return current->kmap_ctrl.idx;
#else
	return 0;
#endif
}

static int ixgbe_lbtest_test_init(struct kunit *test)
{
	struct ixgbe_lbtest_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->expected = kunit_kzalloc(test, IXGBE_LBTEST_TEST_SIZE, GFP_KERNEL);
	if (!ctx->expected)
		return -ENOMEM;
	ixgbe_lbtest_build_frame(ctx->expected, IXGBE_LBTEST_TEST_SIZE);
	ixgbe_lbtest_tag_frame(ctx->expected, IXGBE_LBTEST_TEST_SIZE,
			       IXGBE_LBTEST_TEST_RUN, IXGBE_LBTEST_TEST_SEQ);
	/* init runs in the test case's thread, the exit hook may not */
	ctx->kmap_depth = ixgbe_lbtest_test_kmap_depth();
	test->priv = ctx;
	return 0;
}

/* Write @len bytes at @offset of a buffer that starts at @page, as DMA would. */
static void ixgbe_lbtest_test_dma_write(struct page *page, unsigned int offset,
					const u8 *data, unsigned int len)
{
	while (len) {
		unsigned int chunk = min_t(unsigned int, len,
					   PAGE_SIZE - offset_in_page(offset));

		memcpy_to_page(page + (offset >> PAGE_SHIFT),
			       offset_in_page(offset), data, chunk);
		offset += chunk;
		data += chunk;
		len -= chunk;
	}
}

/* ixgbe_lbtest_check_frame(), and the proof that it gave back the mapping
 * it took.
 */
static int ixgbe_lbtest_test_check(struct kunit *test, struct page *page,
				   unsigned int offset)
{
	struct ixgbe_lbtest_test *ctx = test->priv;
	int result;

	result = ixgbe_lbtest_check_frame(page, offset, ctx->expected,
					  IXGBE_LBTEST_TEST_SIZE);
	KUNIT_EXPECT_EQ_MSG(test, ixgbe_lbtest_test_kmap_depth(),
			    ctx->kmap_depth,
			    "kmap_local slots leaked at offset %u", offset);
	return result;
}

/* Highmem pages exist on a CONFIG_HIGHMEM kernel given more memory than
 * the kernel maps: their absence there is a failure of the set-up, not a
 * reason to skip.
 */
static gfp_t ixgbe_lbtest_test_gfp(struct kunit *test, bool highmem)
{
	if (!highmem)
		return GFP_KERNEL;
	if (!IS_ENABLED(CONFIG_HIGHMEM))
		kunit_skip(test, "not a CONFIG_HIGHMEM kernel");
	KUNIT_ASSERT_GT_MSG(test, totalhigh_pages(), 0UL,
			    "no highmem: boot with more than 1 GiB of RAM");
	return GFP_HIGHUSER;
}

static struct page *ixgbe_lbtest_test_alloc(struct kunit *test, bool highmem,
					    unsigned int order)
{
	struct page *page = alloc_pages(ixgbe_lbtest_test_gfp(test, highmem),
					order);

	KUNIT_ASSERT_NOT_NULL(test, page);
	if (highmem && !PageHighMem(page)) {
		__free_pages(page, order);
		KUNIT_FAIL(test, "GFP_HIGHUSER gave a lowmem page");
		return NULL;
	}
	return page;
}

/* The offsets of 2K Rx buffers in a 4K page: the test ring's, 0, and those
 * of the other rings' buffers (the second half of the page, and build_skb
 * headroom before the frame). Each is read, intact and with a byte wrong.
 */
static void ixgbe_lbtest_test_rx_offsets(struct kunit *test, bool highmem)
{
	const unsigned int headrooms[] = { 0, IXGBE_SKB_PAD };
	struct ixgbe_lbtest_test *ctx = test->priv;
	unsigned int i, half;
	struct page *page;

	if (PAGE_SIZE != SZ_4K)
		kunit_skip(test, "the offsets are those of 4K pages");

	page = ixgbe_lbtest_test_alloc(test, highmem, 0);
	if (!page)
		return;

	for (i = 0; i < ARRAY_SIZE(headrooms); i++) {
		for (half = 0; half < 2; half++) {
			unsigned int offset = half * IXGBE_RXBUFFER_2K +
					      headrooms[i];

			ixgbe_lbtest_test_dma_write(page, offset, ctx->expected,
						    IXGBE_LBTEST_TEST_SIZE);
			KUNIT_EXPECT_EQ_MSG(test,
					    ixgbe_lbtest_test_check(test, page, offset),
					    IXGBE_LBTEST_PASS, "offset %u", offset);

			/* and a byte wrong there is seen */
			ixgbe_lbtest_test_dma_write(page, offset + 1,
						    (const u8 *)"", 1);
			KUNIT_EXPECT_EQ_MSG(test,
					    ixgbe_lbtest_test_check(test, page, offset),
					    IXGBE_LBTEST_CORRUPT, "offset %u", offset);
		}
	}
	__free_page(page);
}

static void ixgbe_lbtest_test_rx_offsets_lowmem(struct kunit *test)
{
	ixgbe_lbtest_test_rx_offsets(test, false);
}

static void ixgbe_lbtest_test_rx_offsets_highmem(struct kunit *test)
{
	ixgbe_lbtest_test_rx_offsets(test, true);
}

/* A frame that would cross from its page into the next is refused, even
 * when it is intact: only that page is mapped, and the next one may not be
 * mapped at all. So is one that starts in the next page, as the second 3K
 * buffer of an order-1 page would.
 */
static void ixgbe_lbtest_test_page_crossing(struct kunit *test, bool highmem)
{
	const unsigned int size = IXGBE_LBTEST_TEST_SIZE;
	const unsigned int crossing[] = {
		PAGE_SIZE - size + 1, PAGE_SIZE - size / 2, PAGE_SIZE - 1,
		PAGE_SIZE, PAGE_SIZE + IXGBE_SKB_PAD,
	};
	struct ixgbe_lbtest_test *ctx = test->priv;
	struct page *page;
	unsigned int i;

	page = ixgbe_lbtest_test_alloc(test, highmem, 1);
	if (!page)
		return;

	ixgbe_lbtest_test_dma_write(page, PAGE_SIZE - size, ctx->expected,
				    size);
	KUNIT_EXPECT_EQ(test, ixgbe_lbtest_test_check(test, page,
						      PAGE_SIZE - size),
			IXGBE_LBTEST_PASS);

	for (i = 0; i < ARRAY_SIZE(crossing); i++) {
		ixgbe_lbtest_test_dma_write(page, crossing[i], ctx->expected,
					    size);
		KUNIT_EXPECT_EQ_MSG(test,
				    ixgbe_lbtest_test_check(test, page, crossing[i]),
				    IXGBE_LBTEST_BAD_LENGTH,
				    "offset %u", crossing[i]);
	}
	__free_pages(page, 1);
}

static void ixgbe_lbtest_test_page_crossing_lowmem(struct kunit *test)
{
	ixgbe_lbtest_test_page_crossing(test, false);
}

static void ixgbe_lbtest_test_page_crossing_highmem(struct kunit *test)
{
	ixgbe_lbtest_test_page_crossing(test, true);
}

/* Why the frame is mapped: a highmem page that nobody has mapped has no
 * kernel address, so page_address() + offset, what the test used before,
 * would read from near NULL. The check reads the frame all the same.
 */
static void ixgbe_lbtest_test_unmapped_highmem(struct kunit *test)
{
	struct ixgbe_lbtest_test *ctx = test->priv;
	struct page *page;

	page = ixgbe_lbtest_test_alloc(test, true, 0);
	if (!page)
		return;

	KUNIT_EXPECT_NULL(test, page_address(page));
	ixgbe_lbtest_test_dma_write(page, IXGBE_SKB_PAD, ctx->expected,
				    IXGBE_LBTEST_TEST_SIZE);
	KUNIT_EXPECT_EQ(test, ixgbe_lbtest_test_check(test, page, IXGBE_SKB_PAD),
			IXGBE_LBTEST_PASS);
	KUNIT_EXPECT_NULL(test, page_address(page));
	__free_page(page);
}

struct ixgbe_lbtest_test_writeback {
	const char *name;
	u32 status_error;
	unsigned int len;
	int result;
};

#define IXGBE_LBTEST_TEST_DONE	(IXGBE_RXD_STAT_DD | IXGBE_RXD_STAT_EOP)

static const struct ixgbe_lbtest_test_writeback ixgbe_lbtest_test_writebacks[] = {
	{ "done", IXGBE_LBTEST_TEST_DONE, 1024, IXGBE_LBTEST_PASS },
	{ "done with FCS", IXGBE_LBTEST_TEST_DONE, 1028, IXGBE_LBTEST_PASS },
	{ "no DD", IXGBE_RXD_STAT_EOP, 1024, IXGBE_LBTEST_RX_ERROR },
	{ "no EOP", IXGBE_RXD_STAT_DD, 1024, IXGBE_LBTEST_RX_ERROR },
	{ "CRC error", IXGBE_LBTEST_TEST_DONE | IXGBE_RXDADV_ERR_CE, 1024,
	  IXGBE_LBTEST_RX_ERROR },
	{ "length error", IXGBE_LBTEST_TEST_DONE | IXGBE_RXDADV_ERR_LE, 1024,
	  IXGBE_LBTEST_RX_ERROR },
	{ "undersize error", IXGBE_LBTEST_TEST_DONE | IXGBE_RXDADV_ERR_USE,
	  1024, IXGBE_LBTEST_RX_ERROR },
	{ "oversize error", IXGBE_LBTEST_TEST_DONE | IXGBE_RXDADV_ERR_OSE,
	  1024, IXGBE_LBTEST_RX_ERROR },
	{ "error and bad length", IXGBE_LBTEST_TEST_DONE | IXGBE_RXDADV_ERR_CE,
	  60, IXGBE_LBTEST_RX_ERROR },
	{ "short by one", IXGBE_LBTEST_TEST_DONE, 1023, IXGBE_LBTEST_BAD_LENGTH },
	{ "long by one", IXGBE_LBTEST_TEST_DONE, 1025, IXGBE_LBTEST_BAD_LENGTH },
	{ "runt", IXGBE_LBTEST_TEST_DONE, 60, IXGBE_LBTEST_BAD_LENGTH },
	{ "2K", IXGBE_LBTEST_TEST_DONE, 2048, IXGBE_LBTEST_BAD_LENGTH },
	/* offloads' status bits say nothing about the frame's integrity */
	{ "checksum bits", IXGBE_LBTEST_TEST_DONE | IXGBE_RXD_STAT_IPCS |
	  IXGBE_RXD_STAT_L4CS, 1024, IXGBE_LBTEST_PASS },
};

static void ixgbe_lbtest_test_writeback_desc(const struct ixgbe_lbtest_test_writeback *wb,
					     char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", wb->name);
}

KUNIT_ARRAY_PARAM(ixgbe_lbtest_test_writeback, ixgbe_lbtest_test_writebacks,
		  ixgbe_lbtest_test_writeback_desc);

static void ixgbe_lbtest_test_check_writeback(struct kunit *test)
{
	const struct ixgbe_lbtest_test_writeback *wb = test->param_value;
	union ixgbe_adv_rx_desc rx_desc = {};

	rx_desc.wb.upper.status_error = cpu_to_le32(wb->status_error);
	rx_desc.wb.upper.length = cpu_to_le16(wb->len);
	KUNIT_EXPECT_EQ(test, ixgbe_lbtest_check_writeback(&rx_desc, wb->len,
							   IXGBE_LBTEST_TEST_SIZE),
			wb->result);
}

/* A received frame that differs from the one expected, and how. */
struct ixgbe_lbtest_test_variant {
	const char *name;
	/* the tag written: the expected one plus these */
	s32 run_delta;
	s32 seq_delta;
	s32 check_delta;
	/* a byte to invert, from the start or (if negative) the end */
	int flip;
	int result;
};

#define IXGBE_LBTEST_TEST_HALF	(IXGBE_LBTEST_TEST_SIZE / 2)
#define IXGBE_LBTEST_TEST_NO_FLIP	INT_MIN

static const struct ixgbe_lbtest_test_variant ixgbe_lbtest_test_variants[] = {
	{ "the frame expected", 0, 0, 0, IXGBE_LBTEST_TEST_NO_FLIP,
	  IXGBE_LBTEST_PASS },
	{ "the previous frame", 0, -1, 0, IXGBE_LBTEST_TEST_NO_FLIP,
	  IXGBE_LBTEST_STALE },
	{ "a frame of the previous batch", 0, -IXGBE_LBTEST_BATCH, 0,
	  IXGBE_LBTEST_TEST_NO_FLIP, IXGBE_LBTEST_STALE },
	{ "a frame of another run", 1, 0, 0, IXGBE_LBTEST_TEST_NO_FLIP,
	  IXGBE_LBTEST_STALE },
	{ "the next frame", 0, 1, 0, IXGBE_LBTEST_TEST_NO_FLIP,
	  IXGBE_LBTEST_LOST },
	{ "a tag whose check is wrong", 0, 0, 1, IXGBE_LBTEST_TEST_NO_FLIP,
	  IXGBE_LBTEST_CORRUPT },
	{ "the first byte", 0, 0, 0, 0, IXGBE_LBTEST_CORRUPT },
	{ "the last byte of the first half", 0, 0, 0,
	  IXGBE_LBTEST_TEST_HALF - 1, IXGBE_LBTEST_CORRUPT },
	{ "the first marker", 0, 0, 0,
	  IXGBE_LBTEST_TEST_HALF + IXGBE_LBTEST_MARK1_OFF, IXGBE_LBTEST_CORRUPT },
	{ "the second marker", 0, 0, 0,
	  IXGBE_LBTEST_TEST_HALF + IXGBE_LBTEST_MARK2_OFF, IXGBE_LBTEST_CORRUPT },
	{ "the tag's sequence number", 0, 0, 0,
	  IXGBE_LBTEST_TEST_HALF + IXGBE_LBTEST_TAG_OFF + 4,
	  IXGBE_LBTEST_CORRUPT },
	{ "the byte after the tag", 0, 0, 0,
	  IXGBE_LBTEST_TEST_HALF + IXGBE_LBTEST_TAG_OFF +
	  sizeof(struct ixgbe_lbtest_tag), IXGBE_LBTEST_CORRUPT },
	{ "the last byte", 0, 0, 0, -1, IXGBE_LBTEST_CORRUPT },
	{ "a lost frame's tag and a bad byte", 0, 1, 0, -1,
	  IXGBE_LBTEST_CORRUPT },
};

static void ixgbe_lbtest_test_variant_desc(const struct ixgbe_lbtest_test_variant *variant,
					   char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", variant->name);
}

KUNIT_ARRAY_PARAM(ixgbe_lbtest_test_variant, ixgbe_lbtest_test_variants,
		  ixgbe_lbtest_test_variant_desc);

static void ixgbe_lbtest_test_compare(struct kunit *test)
{
	const struct ixgbe_lbtest_test_variant *variant = test->param_value;
	const unsigned int size = IXGBE_LBTEST_TEST_SIZE;
	struct ixgbe_lbtest_test *ctx = test->priv;
	struct ixgbe_lbtest_tag tag;
	u8 *frame;

	frame = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	ixgbe_lbtest_build_frame(frame, size);
	tag.run = cpu_to_le32(IXGBE_LBTEST_TEST_RUN + variant->run_delta);
	tag.seq = cpu_to_le32(IXGBE_LBTEST_TEST_SEQ + variant->seq_delta);
	tag.check = cpu_to_le32(~(le32_to_cpu(tag.run) ^ le32_to_cpu(tag.seq)) +
				variant->check_delta);
	memcpy(frame + ixgbe_lbtest_tag_offset(size), &tag, sizeof(tag));
	if (variant->flip != IXGBE_LBTEST_TEST_NO_FLIP)
		frame[variant->flip < 0 ? size + variant->flip :
		      variant->flip] ^= 0xFF;

	KUNIT_EXPECT_EQ(test, ixgbe_lbtest_compare(frame, ctx->expected, size),
			variant->result);
}

/* The frame as built: what a NIC must return, and what makes it broadcast. */
static void ixgbe_lbtest_test_frame_layout(struct kunit *test)
{
	const unsigned int size = IXGBE_LBTEST_TEST_SIZE;
	struct ixgbe_lbtest_test *ctx = test->priv;
	struct ixgbe_lbtest_tag tag;
	u8 *frame;

	frame = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	ixgbe_lbtest_build_frame(frame, size);

	KUNIT_EXPECT_TRUE(test, is_broadcast_ether_addr(frame));
	KUNIT_EXPECT_EQ(test, (int)frame[IXGBE_LBTEST_TEST_HALF +
					 IXGBE_LBTEST_MARK1_OFF],
			IXGBE_LBTEST_MARK1);
	KUNIT_EXPECT_EQ(test, (int)frame[IXGBE_LBTEST_TEST_HALF +
					 IXGBE_LBTEST_MARK2_OFF],
			IXGBE_LBTEST_MARK2);
	/* the tag lies in the second half, clear of the markers */
	KUNIT_EXPECT_GT(test, ixgbe_lbtest_tag_offset(size),
			IXGBE_LBTEST_TEST_HALF + IXGBE_LBTEST_MARK2_OFF + 1U);
	KUNIT_EXPECT_LE(test, ixgbe_lbtest_tag_offset(size) +
			(unsigned int)sizeof(tag), size);

	memcpy(&tag, ctx->expected + ixgbe_lbtest_tag_offset(size),
	       sizeof(tag));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(tag.run), IXGBE_LBTEST_TEST_RUN);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(tag.seq), IXGBE_LBTEST_TEST_SEQ);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(tag.check),
			~(IXGBE_LBTEST_TEST_RUN ^ IXGBE_LBTEST_TEST_SEQ));
}

static struct kunit_case ixgbe_lbtest_test_cases[] = {
	KUNIT_CASE(ixgbe_lbtest_test_frame_layout),
	KUNIT_CASE(ixgbe_lbtest_test_rx_offsets_lowmem),
	KUNIT_CASE(ixgbe_lbtest_test_rx_offsets_highmem),
	KUNIT_CASE(ixgbe_lbtest_test_page_crossing_lowmem),
	KUNIT_CASE(ixgbe_lbtest_test_page_crossing_highmem),
	KUNIT_CASE(ixgbe_lbtest_test_unmapped_highmem),
	KUNIT_CASE_PARAM(ixgbe_lbtest_test_check_writeback,
			 ixgbe_lbtest_test_writeback_gen_params),
	KUNIT_CASE_PARAM(ixgbe_lbtest_test_compare,
			 ixgbe_lbtest_test_variant_gen_params),
	{}
};

static struct kunit_suite ixgbe_lbtest_test_suite = {
	.name = "ixgbe_lbtest",
	.init = ixgbe_lbtest_test_init,
	.test_cases = ixgbe_lbtest_test_cases,
};

kunit_test_suite(ixgbe_lbtest_test_suite);
