/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _IXGBE_LBTEST_H_
#define _IXGBE_LBTEST_H_

#include <linux/types.h>

struct page;

void ixgbe_lbtest_build_frame(u8 *data, unsigned int size);
bool ixgbe_lbtest_check_frame(struct page *page, unsigned int offset,
			      unsigned int size);

#endif /* _IXGBE_LBTEST_H_ */
