// SPDX-License-Identifier: GPL-2.0
/* The ethtool MAC loopback self-test: the test frames and the loop that
 * sends them through the test rings. It knows rings and descriptors only;
 * the MAC's loopback set-up stays in ixgbe_ethtool.c, and the checks of a
 * received frame are tested by the KUnit suite included at the end.
 *
 * Every frame carries a tag (a per-run cookie and its sequence number), so
 * a buffer that still holds a frame of an earlier lap or run, or a frame
 * that arrives in the place of a lost one, is told apart from a good one.
 * A write-back is trusted only after its status and length are checked,
 * and the whole frame is compared with what was sent.
 *
 * The received frame is read through kmap_local_page() rather than
 * page_address(): the checker is handed a page that another file allocated,
 * and only a real mapping can be verified by
 * CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP on a CONFIG_HIGHMEM kernel.
 */

#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ixgbe.h"
#include "ixgbe_lbtest.h"

#define IXGBE_LBTEST_FRAME_SIZE		1024
#define IXGBE_LBTEST_BATCH		64
/* A batch's ceiling: the time the test used to sleep for every batch. */
#define IXGBE_LBTEST_BATCH_TIMEOUT_MS	200
/* 64 frames of 1 KB take about 55 us on the wire at 10 Gb/s. */
#define IXGBE_LBTEST_POLL_MIN_US	20
#define IXGBE_LBTEST_POLL_MAX_US	50

/* The first half is all ones so that the frame goes to the broadcast
 * address; the markers and the tag sit in the second half so that a frame
 * cut short by the MAC does not pass.
 */
#define IXGBE_LBTEST_FILL	0xFF
#define IXGBE_LBTEST_BODY	0xAA
#define IXGBE_LBTEST_MARK1	0xBE
#define IXGBE_LBTEST_MARK2	0xAF
#define IXGBE_LBTEST_MARK1_OFF	10
#define IXGBE_LBTEST_MARK2_OFF	12
#define IXGBE_LBTEST_TAG_OFF	16

/* @check makes a tag hit by corruption read as corrupt rather than as a
 * frame of another lap or run.
 */
struct ixgbe_lbtest_tag {
	__le32 run;
	__le32 seq;
	__le32 check;
};

/* One run of the test over a pair of rings. */
struct ixgbe_lbtest {
	struct ixgbe_adapter *adapter;
	struct ixgbe_ring *tx_ring;
	struct ixgbe_ring *rx_ring;
	/* the frame as sent, with the tag of the frame expected next */
	u8 *frame;
	u32 run;
	u32 sent;
	u32 tx_done;
	u32 received;
	/* the last Rx write-back looked at, for the report of a failure */
	u32 rx_status;
	u16 rx_len;
	/* Rx descriptors left without a buffer by the fill or the refill
	 * before the batch
	 */
	u16 rx_unfilled;
};

static void ixgbe_lbtest_build_frame(u8 *data, unsigned int size)
{
	unsigned int half = size / 2;

	memset(data, IXGBE_LBTEST_FILL, size);
	memset(data + half, IXGBE_LBTEST_BODY, half / 2 - 1);
	data[half + IXGBE_LBTEST_MARK1_OFF] = IXGBE_LBTEST_MARK1;
	data[half + IXGBE_LBTEST_MARK2_OFF] = IXGBE_LBTEST_MARK2;
}

static unsigned int ixgbe_lbtest_tag_offset(unsigned int size)
{
	return size / 2 + IXGBE_LBTEST_TAG_OFF;
}

static void ixgbe_lbtest_tag_frame(u8 *data, unsigned int size, u32 run,
				   u32 seq)
{
	struct ixgbe_lbtest_tag tag = {
		.run = cpu_to_le32(run),
		.seq = cpu_to_le32(seq),
		.check = cpu_to_le32(~(run ^ seq)),
	};

	memcpy(data + ixgbe_lbtest_tag_offset(size), &tag, sizeof(tag));
}

/* Tell a wrong frame from a damaged one: if everything but the tag is
 * intact and the tag is consistent, the buffer holds another frame of the
 * test.
 */
static int ixgbe_lbtest_compare(const u8 *data, const u8 *expected,
				unsigned int size)
{
	unsigned int tag_off = ixgbe_lbtest_tag_offset(size);
	unsigned int rest = tag_off + sizeof(struct ixgbe_lbtest_tag);
	struct ixgbe_lbtest_tag seen, want;

	if (!memcmp(data, expected, size))
		return IXGBE_LBTEST_PASS;
	if (memcmp(data, expected, tag_off) ||
	    memcmp(data + rest, expected + rest, size - rest))
		return IXGBE_LBTEST_CORRUPT;

	memcpy(&seen, data + tag_off, sizeof(seen));
	memcpy(&want, expected + tag_off, sizeof(want));
	if (le32_to_cpu(seen.check) !=
	    ~(le32_to_cpu(seen.run) ^ le32_to_cpu(seen.seq)))
		return IXGBE_LBTEST_CORRUPT;
	if (seen.run == want.run &&
	    le32_to_cpu(seen.seq) > le32_to_cpu(want.seq))
		return IXGBE_LBTEST_LOST;
	return IXGBE_LBTEST_STALE;
}

/**
 * ixgbe_lbtest_check_frame - check a received loopback test frame
 * @page: the Rx buffer's page
 * @offset: offset of the frame in @page
 * @expected: the frame that should be there
 * @size: size of the frame
 *
 * Only @page is mapped, so a frame that would run past its end is refused
 * rather than read beyond the mapping.
 *
 * Return: IXGBE_LBTEST_PASS if the frame is @expected, else the result
 * code that says how it differs.
 */
static int ixgbe_lbtest_check_frame(struct page *page, unsigned int offset,
				    const u8 *expected, unsigned int size)
{
	const u8 *data;
	int result;

	if (offset + size > PAGE_SIZE)
		return IXGBE_LBTEST_BAD_LENGTH;

	data = kmap_local_page(page) + offset;
	result = ixgbe_lbtest_compare(data, expected, size);
	kunmap_local(data);

	return result;
}

/* A write-back is only looked at once its length is non-zero: ixgbe clears
 * the length when it posts a buffer, but not the status, which may still
 * show DD from an earlier lap. Whether the MAC strips the FCS depends on
 * CRC-strip bits this test leaves as the reset set them, so the frame's
 * length with the FCS is accepted too.
 */
static int ixgbe_lbtest_check_writeback(union ixgbe_adv_rx_desc *rx_desc,
					unsigned int len, unsigned int size)
{
	if (!ixgbe_test_staterr(rx_desc, IXGBE_RXD_STAT_DD) ||
	    !ixgbe_test_staterr(rx_desc, IXGBE_RXD_STAT_EOP) ||
	    ixgbe_test_staterr(rx_desc, IXGBE_RXDADV_ERR_FRAME_ERR_MASK))
		return IXGBE_LBTEST_RX_ERROR;
	if (len != size && len != size + ETH_FCS_LEN)
		return IXGBE_LBTEST_BAD_LENGTH;
	return IXGBE_LBTEST_PASS;
}

/* Free the frames whose Tx write-back has come; returns how many. */
static u32 ixgbe_lbtest_clean_tx(struct ixgbe_ring *tx_ring)
{
	u16 ntc = tx_ring->next_to_clean;
	u32 cleaned = 0;

	while (ntc != tx_ring->next_to_use) {
		union ixgbe_adv_tx_desc *tx_desc = IXGBE_TX_DESC(tx_ring, ntc);
		struct ixgbe_tx_buffer *tx_buffer =
			&tx_ring->tx_buffer_info[ntc];

		if (!(tx_desc->wb.status & cpu_to_le32(IXGBE_TXD_STAT_DD)))
			break;

		dma_unmap_single(tx_ring->dev, dma_unmap_addr(tx_buffer, dma),
				 dma_unmap_len(tx_buffer, len), DMA_TO_DEVICE);
		dma_unmap_len_set(tx_buffer, len, 0);
		dev_kfree_skb_any(tx_buffer->skb);
		tx_buffer->skb = NULL;

		if (++ntc == tx_ring->count)
			ntc = 0;
		cleaned++;
	}
	/* ixgbe_clean_tx_ring() frees what is left from here on */
	tx_ring->next_to_clean = ntc;

	return cleaned;
}

/* Move a checked Rx buffer to next_to_alloc, as ixgbe_reuse_rx_page() does:
 * the next refill posts it again, and the slot that the ring keeps empty
 * holds no page, since ixgbe_clean_rx_ring() frees only the buffers from
 * next_to_clean to next_to_alloc.
 */
static void ixgbe_lbtest_reuse_rx_buffer(struct ixgbe_ring *rx_ring,
					 struct ixgbe_rx_buffer *rx_buffer)
{
	u16 nta = rx_ring->next_to_alloc;

	rx_ring->rx_buffer_info[nta] = *rx_buffer;
	rx_buffer->page = NULL;
	rx_ring->next_to_alloc = nta + 1 == rx_ring->count ? 0 : nta + 1;
}

/* Check the Rx write-backs that have come, in order, until one is missing
 * or every frame sent is accounted for. Each buffer looked at is consumed;
 * the caller gives them back to the ring.
 */
static int ixgbe_lbtest_receive(struct ixgbe_lbtest *lbt)
{
	struct ixgbe_ring *rx_ring = lbt->rx_ring;
	int result = IXGBE_LBTEST_PASS;

	while (lbt->received < lbt->sent) {
		u16 ntc = rx_ring->next_to_clean;
		union ixgbe_adv_rx_desc *rx_desc = IXGBE_RX_DESC(rx_ring, ntc);
		struct ixgbe_rx_buffer *rx_buffer =
			&rx_ring->rx_buffer_info[ntc];
		unsigned int len = le16_to_cpu(rx_desc->wb.upper.length);

		if (!len)
			break;
		/* the rest of the write-back is valid once the length is */
		dma_rmb();

		lbt->rx_len = len;
		lbt->rx_status = le32_to_cpu(rx_desc->wb.upper.status_error);
		rx_ring->next_to_clean = ntc + 1 == rx_ring->count ? 0 : ntc + 1;

		result = ixgbe_lbtest_check_writeback(rx_desc, len,
						      IXGBE_LBTEST_FRAME_SIZE);
		if (!result) {
			dma_sync_single_range_for_cpu(rx_ring->dev,
						      rx_buffer->dma,
						      rx_buffer->page_offset,
						      len, DMA_FROM_DEVICE);
			ixgbe_lbtest_tag_frame(lbt->frame,
					       IXGBE_LBTEST_FRAME_SIZE,
					       lbt->run, lbt->received);
			result = ixgbe_lbtest_check_frame(rx_buffer->page,
							  rx_buffer->page_offset,
							  lbt->frame,
							  IXGBE_LBTEST_FRAME_SIZE);
		}
		ixgbe_lbtest_reuse_rx_buffer(rx_ring, rx_buffer);
		if (result)
			break;
		lbt->received++;
	}

	return result;
}

static int ixgbe_lbtest_send_batch(struct ixgbe_lbtest *lbt)
{
	unsigned int i;

	/* A frame that finds no Rx descriptor is dropped by the MAC, and the
	 * test would report it lost: a ring that ixgbe_alloc_rx_buffers()
	 * left short is reported as the allocation failure it is, before it
	 * can cost a frame.
	 */
	lbt->rx_unfilled = ixgbe_desc_unused(lbt->rx_ring);
	if (lbt->rx_unfilled)
		return IXGBE_LBTEST_NO_MEMORY;

	for (i = 0; i < IXGBE_LBTEST_BATCH; i++) {
		struct sk_buff *skb;
		u8 *data;

		skb = alloc_skb(IXGBE_LBTEST_FRAME_SIZE, GFP_KERNEL);
		if (!skb)
			return IXGBE_LBTEST_NO_MEMORY;
		data = skb_put_data(skb, lbt->frame, IXGBE_LBTEST_FRAME_SIZE);
		ixgbe_lbtest_tag_frame(data, IXGBE_LBTEST_FRAME_SIZE,
				       lbt->run, lbt->sent);

		if (ixgbe_xmit_frame_ring(skb, lbt->adapter, lbt->tx_ring) !=
		    NETDEV_TX_OK) {
			kfree_skb(skb);
			return IXGBE_LBTEST_TX_BUSY;
		}
		lbt->sent++;
	}

	return IXGBE_LBTEST_PASS;
}

/* Poll for the batch's write-backs, Tx and Rx, until all have come or the
 * batch's time is up. The clock is read before the rings, so the rings are
 * looked at once more after the deadline has passed.
 */
static int ixgbe_lbtest_wait_batch(struct ixgbe_lbtest *lbt)
{
	unsigned long deadline = jiffies +
		msecs_to_jiffies(IXGBE_LBTEST_BATCH_TIMEOUT_MS);

	for (;;) {
		bool late = time_after(jiffies, deadline);
		int result;

		lbt->tx_done += ixgbe_lbtest_clean_tx(lbt->tx_ring);
		result = ixgbe_lbtest_receive(lbt);
		if (result)
			return result;
		if (lbt->tx_done == lbt->sent && lbt->received == lbt->sent)
			return IXGBE_LBTEST_PASS;
		/* When every frame has left, one that is missing was lost. */
		if (late)
			return lbt->tx_done == lbt->sent ? IXGBE_LBTEST_LOST :
							   IXGBE_LBTEST_TIMEOUT;
		usleep_range(IXGBE_LBTEST_POLL_MIN_US,
			     IXGBE_LBTEST_POLL_MAX_US);
	}
}

/**
 * ixgbe_lbtest_run - loop test frames from @tx_ring to @rx_ring
 * @adapter: board private structure
 * @tx_ring: Tx ring, set up and enabled
 * @rx_ring: Rx ring, set up, filled and enabled
 *
 * The caller puts the MAC (or whatever stands in for it) in loopback.
 * Frames go in batches of 64, enough of them to wrap the larger ring
 * twice, so that every descriptor and buffer is used more than once; the
 * run stops at the first batch that fails.
 *
 * Return: IXGBE_LBTEST_PASS, or the result code of the first failure.
 */
int ixgbe_lbtest_run(struct ixgbe_adapter *adapter,
		     struct ixgbe_ring *tx_ring, struct ixgbe_ring *rx_ring)
{
	unsigned int batches = 2 * (max(tx_ring->count, rx_ring->count) /
				    IXGBE_LBTEST_BATCH) + 2;
	struct ixgbe_lbtest lbt = {
		.adapter = adapter,
		.tx_ring = tx_ring,
		.rx_ring = rx_ring,
		/* tells this run's frames from those an earlier run left */
		.run = get_random_u32(),
	};
	u32 flags_orig = adapter->flags;
	int result = IXGBE_LBTEST_PASS;
	unsigned int batch;

	lbt.frame = kmalloc(IXGBE_LBTEST_FRAME_SIZE, GFP_KERNEL);
	if (!lbt.frame)
		return IXGBE_LBTEST_NO_MEMORY;
	ixgbe_lbtest_build_frame(lbt.frame, IXGBE_LBTEST_FRAME_SIZE);

	/* DCB can modify the frames on Tx */
	adapter->flags &= ~IXGBE_FLAG_DCB_ENABLED;

	for (batch = 0; batch < batches && !result; batch++) {
		result = ixgbe_lbtest_send_batch(&lbt);
		if (!result)
			result = ixgbe_lbtest_wait_batch(&lbt);

		/* the test completes no frames to BQL */
		netdev_tx_reset_queue(txring_txq(tx_ring));
		ixgbe_alloc_rx_buffers(rx_ring, ixgbe_desc_unused(rx_ring));
	}

	adapter->flags = flags_orig;
	kfree(lbt.frame);

	if (result)
		netdev_err(adapter->netdev,
			   "loopback test: result %d in batch %u of %u: %u frames sent, %u Tx done, %u received; last Rx status 0x%08x length %u; %u Rx descriptors unfilled\n",
			   result, batch, batches, lbt.sent, lbt.tx_done,
			   lbt.received, lbt.rx_status, lbt.rx_len,
			   lbt.rx_unfilled);
	return result;
}

#if IS_ENABLED(CONFIG_IXGBE_KUNIT_TEST)
#include "ixgbe_lbtest_test.c"
#endif
