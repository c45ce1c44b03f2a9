// SPDX-License-Identifier: GPL-2.0
/*
 * Frames for the ethtool MAC loopback self-test.
 *
 * The received frame is read through kmap_local_page() rather than
 * page_address(): the checker is handed a page that another file allocated,
 * and only a real mapping can be verified by
 * CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP on a CONFIG_HIGHMEM kernel.
 */

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/string.h>

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

void ixgbe_lbtest_build_frame(u8 *data, unsigned int size)
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
bool ixgbe_lbtest_check_frame(struct page *page, unsigned int offset,
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
