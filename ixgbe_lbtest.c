// SPDX-License-Identifier: GPL-2.0
/*
 * The ethtool MAC loopback self-test: the test frame and the loop that
 * sends it through the test rings. It knows rings and descriptors only, so
 * it runs the same over a NIC in MAC loopback and over a software model.
 *
 * The received frame is read through kmap_local_page() rather than
 * page_address(): the checker is handed a page that another file allocated,
 * and only a real mapping can be verified by
 * CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP on a CONFIG_HIGHMEM kernel.
 */

#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "ixgbe.h"
#include "ixgbe_lbtest.h"

/*
 * The first half is all ones so that the frame goes to the broadcast
 * address; the markers sit in the second half so that a frame cut short
 * by the MAC does not pass.
 */
#define IXGBE_LBTEST_FILL	0xFF
#define IXGBE_LBTEST_BODY	0xAA
#define IXGBE_LBTEST_MARK1	0xBE
#define IXGBE_LBTEST_MARK2	0xAF
#define IXGBE_LBTEST_MARK1_OFF	10
#define IXGBE_LBTEST_MARK2_OFF	12

static void ixgbe_lbtest_build_frame(u8 *data, unsigned int size)
{
	unsigned int half = size / 2;

	memset(data, IXGBE_LBTEST_FILL, size);
	memset(data + half, IXGBE_LBTEST_BODY, half / 2 - 1);
	data[half + IXGBE_LBTEST_MARK1_OFF] = IXGBE_LBTEST_MARK1;
	data[half + IXGBE_LBTEST_MARK2_OFF] = IXGBE_LBTEST_MARK2;
}

/**
 * ixgbe_lbtest_check_frame - check a received loopback test frame
 * @page: first page of the Rx buffer's (possibly higher-order) page
 * @offset: offset of the frame from the start of @page
 * @size: size the frame was built with
 *
 * Only the page that holds @offset is mapped, so a frame that would run
 * past the end of that page is refused rather than read beyond the mapping.
 * @page must be the first page of one buddy allocation (Rx buffers are
 * order 0 or 1): such a block never crosses a memory section, so its
 * struct pages are contiguous and the page holding @offset is found by
 * addition.
 *
 * Return: true if the frame carries the pattern ixgbe_lbtest_build_frame()
 * wrote.
 */
static bool ixgbe_lbtest_check_frame(struct page *page, unsigned int offset,
				     unsigned int size)
{
	unsigned int half = size / 2;
	const u8 *data;
	bool match;

	if (offset_in_page(offset) + size > PAGE_SIZE)
		return false;

	data = kmap_local_page(page + (offset >> PAGE_SHIFT)) +
	       offset_in_page(offset);

	match = data[3] == IXGBE_LBTEST_FILL &&
		data[half + IXGBE_LBTEST_MARK1_OFF] == IXGBE_LBTEST_MARK1 &&
		data[half + IXGBE_LBTEST_MARK2_OFF] == IXGBE_LBTEST_MARK2;

	kunmap_local(data);

	return match;
}

static u16 ixgbe_lbtest_clean_rings(struct ixgbe_ring *rx_ring,
				    struct ixgbe_ring *tx_ring,
				    unsigned int size)
{
	union ixgbe_adv_rx_desc *rx_desc;
	u16 rx_ntc, tx_ntc, count = 0;

	/* initialize next to clean and descriptor values */
	rx_ntc = rx_ring->next_to_clean;
	tx_ntc = tx_ring->next_to_clean;
	rx_desc = IXGBE_RX_DESC(rx_ring, rx_ntc);

	while (tx_ntc != tx_ring->next_to_use) {
		union ixgbe_adv_tx_desc *tx_desc;
		struct ixgbe_tx_buffer *tx_buffer;

		tx_desc = IXGBE_TX_DESC(tx_ring, tx_ntc);

		/* if DD is not set transmit has not completed */
		if (!(tx_desc->wb.status & cpu_to_le32(IXGBE_TXD_STAT_DD)))
			break;

		/* unmap buffer on Tx side */
		tx_buffer = &tx_ring->tx_buffer_info[tx_ntc];

		/* Free all the Tx ring sk_buffs */
		dev_kfree_skb_any(tx_buffer->skb);

		/* unmap skb header data */
		dma_unmap_single(tx_ring->dev,
				 dma_unmap_addr(tx_buffer, dma),
				 dma_unmap_len(tx_buffer, len),
				 DMA_TO_DEVICE);
		dma_unmap_len_set(tx_buffer, len, 0);

		/* increment Tx next to clean counter */
		tx_ntc++;
		if (tx_ntc == tx_ring->count)
			tx_ntc = 0;
	}

	while (rx_desc->wb.upper.length) {
		struct ixgbe_rx_buffer *rx_buffer;

		/* check Rx buffer */
		rx_buffer = &rx_ring->rx_buffer_info[rx_ntc];

		/* sync Rx buffer for CPU read */
		dma_sync_single_for_cpu(rx_ring->dev,
					rx_buffer->dma,
					ixgbe_rx_bufsz(rx_ring),
					DMA_FROM_DEVICE);

		/* verify contents of skb */
		if (ixgbe_lbtest_check_frame(rx_buffer->page,
					     rx_buffer->page_offset, size))
			count++;
		else
			break;

		/* sync Rx buffer for device write */
		dma_sync_single_for_device(rx_ring->dev,
					   rx_buffer->dma,
					   ixgbe_rx_bufsz(rx_ring),
					   DMA_FROM_DEVICE);

		/* increment Rx next to clean counter */
		rx_ntc++;
		if (rx_ntc == rx_ring->count)
			rx_ntc = 0;

		/* fetch next descriptor */
		rx_desc = IXGBE_RX_DESC(rx_ring, rx_ntc);
	}

	netdev_tx_reset_queue(txring_txq(tx_ring));

	/* re-map buffers to ring, store next to clean values */
	ixgbe_alloc_rx_buffers(rx_ring, count);
	rx_ring->next_to_clean = rx_ntc;
	tx_ring->next_to_clean = tx_ntc;

	return count;
}

/**
 * ixgbe_lbtest_run - loop test frames from @tx_ring to @rx_ring
 * @adapter: board private structure
 * @tx_ring: Tx ring, set up and enabled
 * @rx_ring: Rx ring, set up, filled and enabled
 *
 * The caller puts the MAC (or whatever stands in for it) in loopback.
 *
 * Return: 0 if every frame came back intact, 11 if the test frame could
 * not be allocated, 12 if the Tx ring refused a frame, 13 if a batch did
 * not come back complete and intact.
 */
int ixgbe_lbtest_run(struct ixgbe_adapter *adapter,
		     struct ixgbe_ring *tx_ring, struct ixgbe_ring *rx_ring)
{
	int i, j, lc, good_cnt, ret_val = 0;
	unsigned int size = 1024;
	netdev_tx_t tx_ret_val;
	struct sk_buff *skb;
	u32 flags_orig = adapter->flags;

	/* DCB can modify the frames on Tx */
	adapter->flags &= ~IXGBE_FLAG_DCB_ENABLED;

	/* allocate test skb */
	skb = alloc_skb(size, GFP_KERNEL);
	if (!skb)
		return 11;

	ixgbe_lbtest_build_frame(skb_put(skb, size), size);

	/* Calculate the loop count based on the largest descriptor ring
	 * The idea is to wrap the largest ring a number of times using 64
	 * send/receive pairs during each loop
	 */

	if (rx_ring->count <= tx_ring->count)
		lc = ((tx_ring->count / 64) * 2) + 1;
	else
		lc = ((rx_ring->count / 64) * 2) + 1;

	for (j = 0; j <= lc; j++) {
		/* reset count of good packets */
		good_cnt = 0;

		/* place 64 packets on the transmit queue*/
		for (i = 0; i < 64; i++) {
			skb_get(skb);
			tx_ret_val = ixgbe_xmit_frame_ring(skb,
							   adapter,
							   tx_ring);
			if (tx_ret_val == NETDEV_TX_OK)
				good_cnt++;
		}

		if (good_cnt != 64) {
			ret_val = 12;
			break;
		}

		/* allow 200 milliseconds for packets to go from Tx to Rx */
		msleep(200);

		good_cnt = ixgbe_lbtest_clean_rings(rx_ring, tx_ring, size);
		if (good_cnt != 64) {
			ret_val = 13;
			break;
		}
	}

	/* free the original skb */
	kfree_skb(skb);
	adapter->flags = flags_orig;

	return ret_val;
}
